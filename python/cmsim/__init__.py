"""cmsim from Python: load a scenario, run it, sweep it, compare it, get pandas DataFrames.

::

    import cmsim
    base = cmsim.load_scenario("scenarios/baseline.yaml", set={"parameters.beta_risk": 2})
    run = cmsim.run(base)                       # dict: timeseries, metrics, products, ecosystems, events
    sweep = cmsim.sweep(base, runs=100)         # dict: summary, params, runs
    diff = cmsim.compare(base, cmsim.load_scenario("scenarios/no-2025-rule.yaml"), runs=100)
    cmsim.experiment("scenarios/experiments/h20-rule-vs-risk.yaml")["experiments"]
    cmsim.attribute(base, events=["us-2025-04-h20-licence"], outcome="domestic_share_units:2026:mean", runs=4)

The model runs in C++ (the extension ``cmsim._cmsim``) with the GIL released; Ctrl-C
stops a long call (KeyboardInterrupt) once the replications running have finished. Every table
is the CSV text the CLI would write for the same inputs, parsed by the same loader as
``cmsim_io.load()`` of the CLI's output folder: the DataFrames are equal (docs/python.md).
Bad input raises :class:`InputError` (a ValueError) whose message is the CLI's
"file:line:col: key: what".
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

import json
import os
import tempfile
from pathlib import Path

import cmsim_io

from . import _cmsim

__version__: str = _cmsim.__version__
__all__ = ["InputError", "Scenario", "load_scenario", "run", "sweep", "compare", "experiment", "sensitivity",
           "attribute", "discover", "__version__"]

InputError = _cmsim.InputError
InputError.__doc__ = "Bad scenario or value; str(err) holds one 'file:line:col: key: what' per line."
InputError.messages = property(lambda self: str(self).split("\n"),
                               doc="The messages, one per problem found.")

Sets = Union[None, Mapping[str, Any], Iterable[str]]


def _set_text(value: Any) -> str:
    """A Python value as `--set` would spell it (True -> true, 2.5 -> 2.5)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _sets(values: Sets) -> List[Tuple[str, str]]:
    """{"parameters.beta_risk": 2} or ["parameters.beta_risk=2"] -> [(key, value)]."""
    if values is None:
        return []
    if isinstance(values, Mapping):
        return [(str(k), _set_text(v)) for k, v in values.items()]
    if isinstance(values, str):
        raise TypeError("set: expected a dict or a list of 'key=value' strings, got one string")
    out = []
    for item in values:
        key, sep, value = str(item).partition("=")
        if not sep:
            raise ValueError(f"set: expected key=value, got {item!r}")
        out.append((key, value))
    return out


class Scenario:
    """A composed, validated scenario (``load_scenario``). ``seed`` can be changed."""

    def __init__(self, core: Any) -> None:
        self._core = core

    path = property(lambda self: self._core.path, doc="The file it was loaded from.")
    files = property(lambda self: list(self._core.files), doc="The extends: chain, path first.")
    name = property(lambda self: self._core.name)
    description = property(lambda self: self._core.description)
    start = property(lambda self: self._core.start, doc="First day, YYYY-MM-DD.")
    end = property(lambda self: self._core.end, doc="Last day, YYYY-MM-DD.")
    sets = property(lambda self: dict(self._core.sets), doc="The set= overrides as text.")
    products = property(lambda self: list(self._core.products), doc="Product ids.")
    events = property(lambda self: list(self._core.events), doc="Policy event ids.")
    uncertain = property(lambda self: list(self._core.uncertain),
                         doc="Key paths of distribution-valued numbers (what a sweep samples).")

    @property
    def seed(self) -> int:
        return self._core.seed

    @seed.setter
    def seed(self, value: int) -> None:
        self._core.seed = int(value)

    @property
    def parameters(self) -> Dict[str, float]:
        """The model parameters in effect (defaults, then the files, then set=)."""
        return dict(self._core.parameters)

    def validate(self) -> str:
        """Re-read the files and check them as `cmsim validate` does; raise InputError or
        return "OK (N products, M events, K uncertain parameters)"."""
        return _cmsim.validate(self._core)

    def __repr__(self) -> str:
        return f"<cmsim.Scenario {self.name!r} from {self.path!r}>"


def load_scenario(path: str, set: Sets = None) -> Scenario:  # noqa: A002 (the CLI's --set)
    """Load, compose (extends:) and validate a scenario file, with ``set`` overrides
    applied as ``--set key=value`` would be. Raises InputError on bad input."""
    return Scenario(_cmsim.load_scenario(str(path), _sets(set)))


def _scenario(value: Union[Scenario, str]) -> Scenario:
    return value if isinstance(value, Scenario) else load_scenario(value)


def _tables(files: Dict[str, str], label: str) -> cmsim_io.TextTables:
    return cmsim_io.TextTables(files, label)


def run(scenario: Union[Scenario, str], replication: int = 0, seed: Optional[int] = None,
        sample: bool = False) -> Dict[str, Any]:
    """One replication, as ``cmsim run`` (``--replication``, ``--seed``, ``--sample``).

    Returns a dict of DataFrames: timeseries (wide), metrics (tidy), products,
    ecosystems, events.
    """
    s = _scenario(scenario)
    files = _cmsim.run(s._core, int(replication), seed, bool(sample))
    return cmsim_io.tables_run(_tables(files, f"<cmsim.run {s.name}>"))


def _threads(threads: Optional[int]) -> int:
    if threads is None:
        return 0
    if int(threads) < 1:
        raise ValueError(f"threads: expected at least 1, got {threads}")
    return int(threads)


def _runs(runs: int) -> int:
    if int(runs) < 1:
        raise ValueError(f"runs: expected at least 1, got {runs}")
    return int(runs)


def sweep(scenario: Union[Scenario, str], runs: int, threads: Optional[int] = None,
          design: str = "random", seed: Optional[int] = None) -> Dict[str, Any]:
    """Monte Carlo, as ``cmsim sweep --runs N``: a dict with summary, params and runs.
    The numbers do not depend on ``threads`` (default: every hardware thread)."""
    s = _scenario(scenario)
    files = _cmsim.sweep(s._core, _runs(runs), _threads(threads), design, seed)
    return cmsim_io.tables_sweep(_tables(files, f"<cmsim.sweep {s.name}>"))


def compare(base: Union[Scenario, str], alt: Union[Scenario, str], runs: int,
            threads: Optional[int] = None, design: str = "random",
            seed: Optional[int] = None) -> Dict[str, Any]:
    """Paired comparison, as ``cmsim compare BASE ALT --runs N`` (common random numbers;
    the base's seed drives both arms unless ``seed`` is given). Returns a dict: compare
    (alt - base per quarter and metric), and base and alt, each a dict like sweep()'s."""
    b, a = _scenario(base), _scenario(alt)
    files = _cmsim.compare(b._core, a._core, _runs(runs), _threads(threads), design, seed)
    tables = _tables(files, f"<cmsim.compare {a.name} vs {b.name}>")
    return {"compare": cmsim_io.tables_compare(tables),
            "base": cmsim_io.tables_sweep(tables.sub("base")),
            "alt": cmsim_io.tables_sweep(tables.sub("alt"))}


def _set_list(values: Sets) -> List[str]:
    return [f"{key}={value}" for key, value in _sets(values)]


def _study_source(scenario: Union[Scenario, str, os.PathLike], set: Sets,  # noqa: A002
                  seed: Optional[int]) -> Tuple[str, List[str], Optional[int]]:
    """A scenario argument of the exploratory calls: a path (as the CLI takes it), or a
    Scenario, whose path, set= values and seed are used (a path is loaded again: the
    command composes its counterfactuals from the files)."""
    if isinstance(scenario, Scenario):
        sets = [f"{k}={v}" for k, v in scenario.sets.items()] + _set_list(set)
        return scenario.path, sets, scenario.seed if seed is None else int(seed)
    return str(scenario), _set_list(set), None if seed is None else int(seed)


def _exploratory(files: Dict[str, str], label: str) -> Dict[str, Any]:
    return cmsim_io.tables_exploratory(_tables(files, label))


def experiment(experiment: Union[str, os.PathLike, Mapping[str, Any]], threads: Optional[int] = None,
               seed: Optional[int] = None, set: Sets = None) -> Dict[str, Any]:  # noqa: A002
    """Levers x uncertainty points x replications, as ``cmsim experiment FILE``.

    ``experiment`` is an experiment file (docs/experiments.md) or the same content as a
    dict (``{"levers": {...}, "uncertainties": {...}, "outcomes": {...}}``; relative
    scenario paths are taken from the current directory). Returns {"experiments":
    DataFrame}, equal to the CLI's experiments.csv.
    """
    if isinstance(experiment, Mapping):
        text = json.dumps(experiment, indent=2)  # JSON is YAML: errors give its line and column
        files = _cmsim.experiment("<experiment dict>", text, os.getcwd(), _set_list(set), seed, _threads(threads))
        return _exploratory(files, "<cmsim.experiment dict>")
    path = str(experiment)
    files = _cmsim.experiment(path, None, "", _set_list(set), seed, _threads(threads))
    return _exploratory(files, f"<cmsim.experiment {path}>")


def sensitivity(scenario: Union[Scenario, str, os.PathLike], method: str, outcome: Union[str, Iterable[str]],
                runs: int, levels: Optional[int] = None, resamples: int = 200, design: Optional[str] = None,
                threads: Optional[int] = None, seed: Optional[int] = None,
                set: Sets = None) -> Dict[str, Any]:  # noqa: A002
    """Global sensitivity, as ``cmsim sensitivity SCENARIO --method morris|sobol --outcome
    SPEC... --runs N``: of the scenario's uncertain parameters, or of an experiment file's
    uncertainties. ``outcome`` is one METRIC:PERIOD:REDUCTION (or an experiment file's
    outcome name) or a list. Returns {"sensitivity", "sensitivity_design"}.
    """
    path, sets, seed = _study_source(scenario, set, seed)
    outcomes = [outcome] if isinstance(outcome, str) else [str(o) for o in outcome]
    files = _cmsim.sensitivity(path, str(method), outcomes, _runs(runs), None if levels is None else int(levels),
                               int(resamples), design, sets, seed, _threads(threads))
    return _exploratory(files, f"<cmsim.sensitivity {path}>")


def attribute(scenario: Union[Scenario, str, os.PathLike], outcome: str, events: Optional[Iterable[str]] = None,
              all: bool = False, runs: int = 20, exact_max: int = 10,  # noqa: A002 (the CLI's --all)
              threads: Optional[int] = None, seed: Optional[int] = None,
              set: Sets = None) -> Dict[str, Any]:  # noqa: A002
    """Attribution of an outcome to policy events, as ``cmsim attribute SCENARIO --events
    ID,... | --all --outcome SPEC --runs N``: leave-one-out effects and Shapley values
    (exact up to ``exact_max`` events, sampled permutations beyond). Returns
    {"attribution"}, whose Shapley values sum to its ``total`` row.
    """
    path, sets, seed = _study_source(scenario, set, seed)
    if isinstance(events, str):
        events = events.split(",")
    files = _cmsim.attribute(path, [str(e) for e in events or []], bool(all), str(outcome), _runs(runs),
                             int(exact_max), sets, seed, _threads(threads))
    return _exploratory(files, f"<cmsim.attribute {path}>")


def discover(runs: Any, outcome: str, where: str, method: str = "prim", inputs: Optional[Iterable[str]] = None,
             alpha: float = 0.05, min_mass: float = 0.05, threshold: float = 0.8, max_p: float = 0.05,
             resamples: int = 50, seed: int = 1, max_depth: int = 3, min_leaf: int = 10) -> Dict[str, Any]:
    """Scenario discovery, as ``cmsim discover RUNS --outcome NAME --where '> X'`` (PRIM, or
    ``method="cart"``). ``runs`` is a sweep's output folder, a per-run CSV file, or a
    DataFrame of one row per run (an ``experiment()`` table: name its ``inputs``). Returns
    {"discovery" (the trade-off curve or the leaves), "discovery_box"}.
    """
    with tempfile.TemporaryDirectory(prefix="cmsim-discover-") as tmp:
        if hasattr(runs, "to_csv"):
            source = Path(tmp) / "runs.csv"
            runs.to_csv(source, index=False, float_format=None)
        else:
            source = runs
        files = _cmsim.discover(str(source), str(outcome), str(where), str(method), [str(i) for i in inputs or []],
                                float(alpha), float(min_mass), float(threshold), float(max_p), int(resamples),
                                int(seed), int(max_depth), int(min_leaf))
    return _exploratory(files, f"<cmsim.discover {outcome}>")
