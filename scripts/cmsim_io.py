"""Load cmsim output directories into pandas (the schema of docs/output.md).

One line in a notebook::

    import cmsim_io; out = cmsim_io.load("output/baseline-sweep")   # run, sweep or compare

``load_run``, ``load_sweep`` and ``load_compare`` return small dataclasses of tidy
DataFrames (quarter as ``period[Q-DEC]``, metric names categorical, numbers float64) and
the manifest as a dict. Every problem with a directory (missing file, missing column,
unparseable value, unsupported ``schema_version``, wrong kind of output) raises
:class:`CmsimOutputError` with a message that names the file.

Only the standard library, numpy and pandas (Debian's python3-pandas 1.5) are used.
"""
from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

import pandas as pd

SUPPORTED_SCHEMA_VERSIONS = (1,)
QUARTER_FREQ = "Q-DEC"
QUARTER_PATTERN = re.compile(r"^\d{4}Q[1-4]$")
SUMMARY_STATS = ("mean", "sd", "p05", "p25", "p50", "p75", "p95")
COMPARE_STATS = ("base_p50", "alt_p50", "diff_mean", "diff_p05", "diff_p95",
                 "unpaired_diff_p05", "unpaired_diff_p95")
EVENT_COLUMNS = ("date", "quarter", "event", "kind", "detail")
PRODUCT_COLUMNS = ("quarter", "product", "vendor", "origin", "units", "revenue_usd",
                   "pflops", "legal", "price_usd")
# The vendors' order book (docs/output.md); read when present (results written before it lack them).
PRODUCT_BOOK_COLUMNS = ("ordered_units", "cancelled_units", "backlog_units")
ECOSYSTEM_COLUMNS = ("quarter", "ecosystem", "developers", "share", "maturity",
                     "installed_pflops")
COMMANDS = ("run", "sweep", "compare")

PathLike = Union[str, Path]


class CmsimOutputError(ValueError):
    """An output directory or one of its files does not follow the schema.

    The message always names the file (or directory) at fault.
    """


@dataclass
class RunOutput:
    """Output of ``cmsim run``.

    ``timeseries`` is wide (one row per quarter: quarter, date, one float column per
    metric); ``metrics`` is the same data tidy (quarter, metric, value). Tables that were
    not found are None when loaded with ``strict=False``.
    """

    path: Path
    manifest: Dict[str, Any]
    timeseries: pd.DataFrame
    metrics: pd.DataFrame
    products: Optional[pd.DataFrame] = None
    ecosystems: Optional[pd.DataFrame] = None
    events: Optional[pd.DataFrame] = None
    kind: str = field(default="run", init=False)


@dataclass
class SweepOutput:
    """Output of ``cmsim sweep``.

    ``summary``: quarter, metric, mean, sd, p05 … p95. ``runs`` (run, quarter, metric,
    value) is None when the sweep left it out; ``events`` (the base scenario's event
    log) is None when absent.
    """

    path: Path
    manifest: Dict[str, Any]
    summary: pd.DataFrame
    params: Optional[pd.DataFrame] = None
    runs: Optional[pd.DataFrame] = None
    events: Optional[pd.DataFrame] = None
    kind: str = field(default="sweep", init=False)


@dataclass
class CompareOutput:
    """Output of ``cmsim compare``: paired (common random numbers) differences alt - base."""

    path: Path
    manifest: Dict[str, Any]
    compare: pd.DataFrame
    events: Optional[pd.DataFrame] = None
    base: Optional["SweepOutput"] = None  # base/ and alt/ as sweeps (None when they have no manifest)
    alt: Optional["SweepOutput"] = None
    kind: str = field(default="compare", init=False)


Output = Union[RunOutput, SweepOutput, CompareOutput]


# --------------------------------------------------------------------------- manifest

def read_manifest(directory: PathLike, expected_command: Optional[str] = None) -> Dict[str, Any]:
    """Read and check ``DIR/manifest.json``; return it as a dict.

    Raises CmsimOutputError when the directory or file is missing, the JSON is invalid,
    ``schema_version`` is absent or unsupported, or ``command`` is not the expected one.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise CmsimOutputError(f"{directory}: not a directory (expected a cmsim output directory)")
    path = directory / "manifest.json"
    if not path.is_file():
        raise CmsimOutputError(f"{path}: missing file (every cmsim output directory has a manifest.json)")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise CmsimOutputError(f"{path}: not valid JSON ({err})") from err
    if not isinstance(manifest, dict):
        raise CmsimOutputError(f"{path}: expected a JSON object at the top level")
    _check_schema_version(manifest, path)
    command = manifest.get("command")
    if command == "merge" and manifest.get("merged_command") in COMMANDS:
        command = manifest["merged_command"]  # `cmsim merge` of shards: what the shards ran
    if command not in COMMANDS:
        raise CmsimOutputError(
            f"{path}: \"command\" is {command!r}; expected one of {', '.join(COMMANDS)}")
    if expected_command is not None and command != expected_command:
        raise CmsimOutputError(
            f"{path}: this is the output of 'cmsim {command}', not 'cmsim {expected_command}' "
            f"(use load_{command}() or load())")
    return manifest


def _check_schema_version(manifest: Dict[str, Any], path: Path) -> None:
    """Raise unless the manifest's schema_version is one this loader reads."""
    if "schema_version" not in manifest:
        raise CmsimOutputError(f"{path}: missing \"schema_version\"")
    version = manifest["schema_version"]
    if isinstance(version, bool) or version not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)
        raise CmsimOutputError(
            f"{path}: schema_version {version!r} is not supported by this loader "
            f"(supported: {supported}); update scripts/cmsim_io.py or re-run with a matching cmsim")


# --------------------------------------------------------------------------- CSV helpers

class TextTables:
    """CSV files held as text, name -> text (what the Python API ``cmsim`` gets from the
    C++ core, byte for byte what the CLI writes); ``label`` names them in error messages.
    Read with the same functions as an output directory, so the DataFrames are equal."""

    def __init__(self, files: Dict[str, str], label: str) -> None:
        self.files = dict(files)
        self.label = label

    def sub(self, folder: str) -> "TextTables":
        """The files under ``folder/`` (compare's base/ and alt/)."""
        prefix = folder + "/"
        return TextTables({k[len(prefix):]: v for k, v in self.files.items() if k.startswith(prefix)},
                          f"{self.label}/{folder}")

    def __truediv__(self, name: str) -> str:
        return f"{self.label}/{name}"


def _find_csv(directory: Path, name: str) -> Optional[Path]:
    """Return DIR/name or DIR/name.gz if either exists, else None."""
    for candidate in (directory / name, directory / (name + ".gz")):
        if candidate.is_file():
            return candidate
    return None


def _read_csv(directory: Path, name: str, columns: Sequence[str],
              required: bool = True, dtypes: Optional[Dict[str, str]] = None) -> Optional[pd.DataFrame]:
    """Read DIR/name (or name.gz) as strings and check that ``columns`` are present.

    Returns None for a missing optional file. Empty fields stay NaN (cmsim writes NaN as
    an empty field). With ``dtypes`` the columns are parsed as those types directly (fast,
    for large files); if that fails the file is read as strings, so that the checks that
    follow name the bad field.
    """
    if isinstance(directory, TextTables):
        text = directory.files.get(name)
        path: Any = None if text is None else directory / name
        source: Any = None if text is None else lambda: io.StringIO(text)
    else:
        path = _find_csv(directory, name)
        source = lambda: path  # noqa: E731
    if path is None:
        if required:
            raise CmsimOutputError(f"{directory / name}: missing file")
        return None
    frame = None
    if dtypes is not None:
        try:
            frame = pd.read_csv(source(), dtype=dtypes, keep_default_na=False, na_values=[""],
                                float_precision="round_trip")  # the exact doubles cmsim wrote
        except (ValueError, TypeError, pd.errors.ParserError):
            frame = None
    try:
        if frame is None:
            frame = pd.read_csv(source(), dtype=str, keep_default_na=False, na_values=[""])
    except pd.errors.EmptyDataError as err:
        raise CmsimOutputError(f"{path}: empty file (expected a header line)") from err
    except (pd.errors.ParserError, UnicodeDecodeError, OSError, EOFError) as err:
        raise CmsimOutputError(f"{path}: cannot be read as CSV ({err})") from err
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise CmsimOutputError(
            f"{path}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(map(str, frame.columns))})")
    frame.attrs["source"] = str(path)
    return frame


def _quarters(values: pd.Series, path: str, column: str = "quarter") -> pd.Series:
    """Parse '2024Q3' labels into a period[Q-DEC] Series; raise naming file and row."""
    # Parsed once per distinct label (a sweep's runs.csv repeats ~44 labels a million times).
    codes, labels = pd.factorize(values.astype(str))
    labels = pd.Index(labels)
    bad_labels = ~labels.str.match(QUARTER_PATTERN)
    if bad_labels.any():
        bad = pd.Series(bad_labels[codes], index=values.index)
        row = int(bad.idxmax())
        raise CmsimOutputError(
            f"{path}: line {row + 2}: column {column}: expected a quarter like 2024Q3, "
            f"got {values.astype(str)[row]!r}")
    periods = pd.PeriodIndex(labels, freq=QUARTER_FREQ)
    return pd.Series(periods.take(codes), index=values.index, name=column)


def _numbers(frame: pd.DataFrame, columns: Iterable[str], path: str) -> None:
    """Convert ``columns`` of ``frame`` to float64 in place; raise naming file and row."""
    for column in columns:
        try:  # fast path: every field a number or empty (NaN), as cmsim writes them
            fast = frame[column].astype("float64")
            if not (fast.isna() & frame[column].notna()).any():  # "nan" text is not a number here
                frame[column] = fast
                continue
        except (ValueError, TypeError):
            pass  # the slow path finds the first bad field for the message
        converted = pd.to_numeric(frame[column], errors="coerce")
        bad = converted.isna() & frame[column].notna()
        if bad.any():
            row = int(bad.idxmax())
            raise CmsimOutputError(
                f"{path}: line {row + 2}: column {column}: expected a number, "
                f"got {frame[column][row]!r}")
        frame[column] = converted.astype("float64")


def _integers(frame: pd.DataFrame, column: str, path: str) -> None:
    """Convert a column of whole numbers (e.g. run) to int64 in place."""
    _numbers(frame, [column], path)
    values = frame[column]
    if values.isna().any() or (values % 1 != 0).any():
        row = int((values.isna() | (values % 1 != 0)).idxmax())
        raise CmsimOutputError(
            f"{path}: line {row + 2}: column {column}: expected a whole number, "
            f"got {values[row]!r}")
    frame[column] = values.astype("int64")


def _booleans(frame: pd.DataFrame, column: str, path: str) -> None:
    """Convert a true/false column to bool in place."""
    text = frame[column].str.lower()
    bad = ~text.isin(["true", "false"])
    if bad.any():
        row = int(bad.idxmax())
        raise CmsimOutputError(
            f"{path}: line {row + 2}: column {column}: expected true or false, "
            f"got {frame[column][row]!r}")
    frame[column] = text == "true"


def _categorical(values: pd.Series) -> pd.Series:
    """Categorical with categories in order of first appearance (keeps the file's order)."""
    return pd.Series(pd.Categorical(values, categories=pd.unique(values.dropna())),
                     index=values.index, name=values.name)


def _dates(frame: pd.DataFrame, column: str, path: str) -> None:
    """Parse an ISO date column (YYYY-MM-DD) to datetime64 in place."""
    parsed = pd.to_datetime(frame[column], format="%Y-%m-%d", errors="coerce")
    bad = parsed.isna() & frame[column].notna()
    if bad.any():
        row = int(bad.idxmax())
        raise CmsimOutputError(
            f"{path}: line {row + 2}: column {column}: expected a date YYYY-MM-DD, "
            f"got {frame[column][row]!r}")
    frame[column] = parsed


# --------------------------------------------------------------------------- tables

def series_names(manifest: Dict[str, Any]) -> Optional[List[str]]:
    """The metric names listed in the manifest's ``series`` (in column order), or None
    for a manifest written before cmsim listed them (then the CSV header is used)."""
    series = manifest.get("series")
    if not isinstance(series, list):
        return None
    names = [s.get("name") for s in series if isinstance(s, dict)]
    if len(names) != len(series) or not all(isinstance(n, str) for n in names):
        raise CmsimOutputError("manifest.json: expected series as a list of {name, unit, definition}")
    return names


def series_table(output: Output) -> Optional[pd.DataFrame]:
    """The manifest's series (name, unit, definition) as a DataFrame, or None if absent."""
    series = output.manifest.get("series")
    if not isinstance(series, list):
        return None
    return pd.DataFrame(series, columns=["name", "unit", "definition"])


def _timeseries(directory: Path, manifest: Optional[Dict[str, Any]] = None) -> pd.DataFrame:
    """timeseries.csv: quarter, date, then one float column per metric (the manifest's
    series, when it lists them; else the header's columns)."""
    frame = _read_csv(directory, "timeseries.csv", ("quarter", "date"))
    path = frame.attrs["source"]
    metrics = [c for c in frame.columns if c not in ("quarter", "date")]
    listed = series_names(manifest) if manifest is not None else None
    if listed is not None and listed != metrics:
        missing = [n for n in listed if n not in metrics]
        raise CmsimOutputError(
            f"{path}: columns differ from the series listed in manifest.json"
            + (f" (missing: {', '.join(missing)})" if missing else " (order or extra columns)"))
    if not metrics:
        raise CmsimOutputError(f"{path}: no metric columns after quarter and date")
    frame["quarter"] = _quarters(frame["quarter"], path)
    _dates(frame, "date", path)
    _numbers(frame, metrics, path)
    return frame


def _tidy_metrics(timeseries: pd.DataFrame) -> pd.DataFrame:
    """Wide timeseries -> tidy (quarter, metric, value) with metric categorical."""
    long = timeseries.drop(columns=["date"]).melt(
        id_vars="quarter", var_name="metric", value_name="value")
    long["metric"] = _categorical(long["metric"])
    return long


def _events(directory: Path, required: bool) -> Optional[pd.DataFrame]:
    """events.csv: date, quarter, event, kind (categorical), detail (text)."""
    frame = _read_csv(directory, "events.csv", EVENT_COLUMNS, required)
    if frame is None:
        return None
    path = frame.attrs["source"]
    _dates(frame, "date", path)
    frame["quarter"] = _quarters(frame["quarter"], path)
    frame["kind"] = _categorical(frame["kind"])
    frame["detail"] = frame["detail"].fillna("")
    return frame.sort_values("date", kind="stable").reset_index(drop=True)


def _products(directory: Path, required: bool) -> Optional[pd.DataFrame]:
    """products.csv: per quarter and product, units, revenue, compute, legality, price, order book."""
    frame = _read_csv(directory, "products.csv", PRODUCT_COLUMNS, required)
    if frame is None:
        return None
    path = frame.attrs["source"]
    frame["quarter"] = _quarters(frame["quarter"], path)
    for column in ("product", "vendor", "origin"):
        frame[column] = _categorical(frame[column])
    _numbers(frame, ["units", "revenue_usd", "pflops", "price_usd"]
             + [c for c in PRODUCT_BOOK_COLUMNS if c in frame.columns], path)
    _booleans(frame, "legal", path)
    return frame


def _ecosystems(directory: Path, required: bool) -> Optional[pd.DataFrame]:
    """ecosystems.csv: per quarter and ecosystem, developers, share, maturity, compute."""
    frame = _read_csv(directory, "ecosystems.csv", ECOSYSTEM_COLUMNS, required)
    if frame is None:
        return None
    path = frame.attrs["source"]
    frame["quarter"] = _quarters(frame["quarter"], path)
    frame["ecosystem"] = _categorical(frame["ecosystem"])
    _numbers(frame, ["developers", "share", "maturity", "installed_pflops"], path)
    return frame


def _summary(directory: Path) -> pd.DataFrame:
    """summary.csv: quarter, metric, mean, sd, p05, p25, p50, p75, p95."""
    frame = _read_csv(directory, "summary.csv", ("quarter", "metric") + SUMMARY_STATS)
    path = frame.attrs["source"]
    frame["quarter"] = _quarters(frame["quarter"], path)
    frame["metric"] = _categorical(frame["metric"])
    _numbers(frame, SUMMARY_STATS, path)
    return frame


def _runs(directory: Path) -> Optional[pd.DataFrame]:
    """runs.csv or runs.csv.gz (optional for very large sweeps): run, quarter, metric, value."""
    frame = _read_csv(directory, "runs.csv", ("run", "quarter", "metric", "value"), required=False,
                      dtypes={"run": "int64", "quarter": "category", "metric": "category", "value": "float64"})
    if frame is None:
        return None
    path = frame.attrs["source"]
    if frame["run"].dtype != "int64":  # read as strings: check each column, naming a bad field
        _integers(frame, "run", path)
        frame["quarter"] = _quarters(frame["quarter"], path)
        frame["metric"] = _categorical(frame["metric"])
        _numbers(frame, ["value"], path)
        return frame
    quarter = frame["quarter"]
    periods = _quarters(pd.Series(quarter.cat.categories), path)  # checks each distinct label
    frame["quarter"] = pd.Series(pd.PeriodIndex(periods).take(quarter.cat.codes.to_numpy()), index=frame.index)
    metric = frame["metric"]
    if metric.isna().any():
        return _runs_checked(frame, path)
    order = metric.cat.categories[pd.unique(metric.cat.codes.to_numpy())]
    frame["metric"] = metric.cat.reorder_categories(order)  # categories in file order
    return frame


def _runs_checked(frame: pd.DataFrame, path: str) -> pd.DataFrame:
    """An empty metric field in runs.csv: the same categorical as the string path gives."""
    frame["metric"] = _categorical(frame["metric"].astype(object))
    return frame


def _params(directory: Path, required: bool) -> Optional[pd.DataFrame]:
    """params.csv: run, parameter (categorical), value."""
    frame = _read_csv(directory, "params.csv", ("run", "parameter", "value"), required)
    if frame is None:
        return None
    path = frame.attrs["source"]
    _integers(frame, "run", path)
    frame["parameter"] = _categorical(frame["parameter"])
    _numbers(frame, ["value"], path)
    return frame


def _compare(directory: Path) -> pd.DataFrame:
    """compare.csv: quarter, metric, base/alt medians, paired and unpaired difference bands."""
    frame = _read_csv(directory, "compare.csv", ("quarter", "metric") + COMPARE_STATS)
    path = frame.attrs["source"]
    frame["quarter"] = _quarters(frame["quarter"], path)
    frame["metric"] = _categorical(frame["metric"])
    _numbers(frame, COMPARE_STATS, path)
    return frame


def _exploratory(directory: Path, name: str, columns: Sequence[str], text_columns: Sequence[str]) -> pd.DataFrame:
    """A table of an exploratory command (docs/output.md): the text columns as strings,
    every other column as numbers parsed to the exact doubles cmsim wrote (whole-number
    columns as int64, empty fields NaN)."""
    frame = _read_csv(directory, name, columns, dtypes={c: "str" for c in text_columns})
    path = frame.attrs["source"]
    for column in frame.columns:
        if column not in text_columns and frame[column].dtype == object:
            raise CmsimOutputError(f"{path}: column {column}: expected numbers")
    return frame


# The tables of `cmsim experiment`, `sensitivity`, `attribute` and `discover`, by file name:
# the columns every such file has, and which of its columns are text.
EXPLORATORY_TABLES = {
    "experiments.csv": (("run", "lever", "point", "replication"), ("lever",)),
    "sensitivity.csv": (("outcome", "parameter"), ("outcome", "parameter")),
    "sensitivity_design.csv": (("run", "group"), ()),
    "attribution.csv": (("event", "leave_one_out", "shapley", "shapley_p05", "shapley_p95"), ("event",)),
    "discovery.csv": (("coverage", "density", "mass", "points", "restricted_inputs", "chosen"), ("step",)),
    "discovery_box.csv": (("input", "low", "high", "pasted_low", "pasted_high", "data_min", "data_max",
                           "quasi_p", "resample_share"), ("input",)),
}


def load_table(directory: PathLike, name: str) -> pd.DataFrame:
    """One table of an exploratory command's output folder (EXPLORATORY_TABLES), e.g.
    ``load_table("output/h20-rule-vs-risk-experiment", "experiments.csv")``; the Python
    API's ``cmsim.experiment()`` and the like return the same DataFrames."""
    columns, text = EXPLORATORY_TABLES[name]
    return _exploratory(directory if isinstance(directory, TextTables) else Path(directory), name, columns, text)


def tables_exploratory(tables: TextTables) -> Dict[str, pd.DataFrame]:
    """An exploratory command's tables held as text, keyed by file name without .csv."""
    return {name[:-len(".csv")]: load_table(tables, name) for name in tables.files if name in EXPLORATORY_TABLES}


# --------------------------------------------------------------------------- public API

def load_run(directory: PathLike, strict: bool = True) -> RunOutput:
    """Load the output of ``cmsim run``.

    With ``strict=True`` (the default) products.csv, ecosystems.csv and events.csv must be
    present; with ``strict=False`` a missing one is None. timeseries.csv and manifest.json
    are always required.
    """
    directory = Path(directory)
    manifest = read_manifest(directory, "run")
    timeseries = _timeseries(directory, manifest)
    return RunOutput(
        path=directory, manifest=manifest, timeseries=timeseries,
        metrics=_tidy_metrics(timeseries),
        products=_products(directory, strict),
        ecosystems=_ecosystems(directory, strict),
        events=_events(directory, strict))


def load_sweep(directory: PathLike, strict: bool = True) -> SweepOutput:
    """Load the output of ``cmsim sweep``.

    summary.csv and manifest.json are required; params.csv too unless ``strict=False``.
    runs.csv[.gz] and events.csv are optional (None when absent).
    """
    directory = Path(directory)
    manifest = read_manifest(directory, "sweep")
    return SweepOutput(
        path=directory, manifest=manifest, summary=_summary(directory),
        params=_params(directory, strict), runs=_runs(directory),
        events=_events(directory, required=False))


def _arm_summary(directory: Path) -> SweepOutput:
    """A comparison's base/ or alt/ without its runs (large; load_sweep(DIR) reads them)."""
    manifest = read_manifest(directory, "sweep")
    return SweepOutput(path=directory, manifest=manifest, summary=_summary(directory),
                       params=_params(directory, required=False), runs=None,
                       events=_events(directory, required=False))


def load_compare(directory: PathLike) -> CompareOutput:
    """Load the output of ``cmsim compare`` (compare.csv, manifest.json; events.csv if
    present; base/ and alt/ as sweeps when they have their manifest.json)."""
    directory = Path(directory)
    manifest = read_manifest(directory, "compare")
    arms = {arm: _arm_summary(directory / arm) if (directory / arm / "manifest.json").is_file() else None
            for arm in ("base", "alt")}
    return CompareOutput(path=directory, manifest=manifest, compare=_compare(directory),
                         events=_events(directory, required=False), base=arms["base"], alt=arms["alt"])


def tables_run(tables: TextTables) -> Dict[str, pd.DataFrame]:
    """A run's tables held as text (the Python API): timeseries, metrics, products,
    ecosystems, events, typed as load_run() types them."""
    timeseries = _timeseries(tables)
    return {"timeseries": timeseries, "metrics": _tidy_metrics(timeseries),
            "products": _products(tables, True), "ecosystems": _ecosystems(tables, True),
            "events": _events(tables, True)}


def tables_sweep(tables: TextTables) -> Dict[str, pd.DataFrame]:
    """A sweep's tables held as text: summary, params, runs (as load_sweep() types them)."""
    return {"summary": _summary(tables), "params": _params(tables, True), "runs": _runs(tables)}


def tables_compare(tables: TextTables) -> pd.DataFrame:
    """compare.csv held as text, as load_compare() types it."""
    return _compare(tables)


def load(directory: PathLike, strict: bool = True) -> Output:
    """Load any cmsim output directory, choosing the loader from manifest.json's command."""
    manifest = read_manifest(directory)
    command = manifest.get("merged_command") if manifest["command"] == "merge" else manifest["command"]
    if command == "run":
        return load_run(directory, strict)
    if command == "sweep":
        return load_sweep(directory, strict)
    return load_compare(directory)


def metric_names(output: Output) -> List[str]:
    """The metric names in an output, in file order: the manifest's series when it lists
    them (run and sweep manifests from this version on), else the names in the data."""
    listed = series_names(output.manifest)
    if listed is not None:
        return listed
    if isinstance(output, RunOutput):
        return list(output.metrics["metric"].cat.categories)
    if isinstance(output, SweepOutput):
        return list(output.summary["metric"].cat.categories)
    return list(output.compare["metric"].cat.categories)


def scenario_label(manifest: Dict[str, Any]) -> str:
    """Short human label of the scenario(s): description if present, else the paths."""
    description = manifest.get("scenario_description")
    if isinstance(description, str) and description.strip():
        return description.strip()
    paths = manifest.get("scenario_paths") or []
    if isinstance(paths, str):
        paths = [paths]
    if not paths:
        return "(scenario not recorded in manifest.json)"
    if manifest.get("command") == "compare" and len(paths) == 2:
        return f"{paths[1]} (alternative) compared with {paths[0]} (base)"
    return ", ".join(str(p) for p in paths)
