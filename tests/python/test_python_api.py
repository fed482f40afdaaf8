"""The Python API (`import cmsim`, python/): DataFrames equal to the CLI's CSV read by
cmsim_io, errors with their file:line:col, the GIL released while the model runs.

Needs the module (CMSIM_PYTHON, default build/release/python) and the CLI (CMSIM_BIN,
default build/release/sim/cli/cmsim); a missing one fails, never skips.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

import pandas as pd

from tests.python.helpers import REPO, run_cmsim

PYTHON_DIR = Path(os.environ.get("CMSIM_PYTHON", REPO / "build" / "release" / "python"))
CLI = Path(os.environ.get("CMSIM_BIN", REPO / "build" / "release" / "sim" / "cli" / "cmsim"))
if not CLI.is_absolute():
    CLI = REPO / CLI
if str(PYTHON_DIR) not in sys.path:
    sys.path.insert(0, str(PYTHON_DIR))

import cmsim  # noqa: E402  (the module under test, from PYTHON_DIR)
import cmsim_io  # noqa: E402

BASELINE = "scenarios/baseline.yaml"
ALT = "scenarios/no-2025-rule.yaml"


def assert_frames_equal(test: unittest.TestCase, api: pd.DataFrame, cli: pd.DataFrame, what: str) -> None:
    """Exactly equal: same columns, dtypes and values (NaN where NaN)."""
    try:
        pd.testing.assert_frame_equal(api.reset_index(drop=True), cli.reset_index(drop=True),
                                      check_exact=True)
    except AssertionError as err:
        test.fail(f"{what}: the API's DataFrame differs from the CLI's CSV: {err}")


class PythonApiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    def cli(self, name: str, args: list) -> Path:
        self.assertTrue(CLI.is_file(), f"no cmsim binary at {CLI} (set CMSIM_BIN)")
        out = self.tmp / name
        result = run_cmsim(CLI, args + ["-o", str(out), "--force"])
        self.assertEqual(result.returncode, 0, result.stderr[-500:])
        return out

    def test_module_comes_from_the_build(self) -> None:
        self.assertTrue(Path(cmsim.__file__).resolve().is_relative_to(PYTHON_DIR.resolve()), cmsim.__file__)
        self.assertRegex(cmsim.__version__, r"^\d+\.\d+\.\d+")

    def test_run_equals_cli(self) -> None:
        args = ["run", BASELINE, "--replication", "3", "--set", "parameters.beta_risk=2.5", "-q"]
        cli = cmsim_io.load_run(self.cli("run", args))
        scenario = cmsim.load_scenario(REPO / BASELINE, set={"parameters.beta_risk": 2.5})
        api = cmsim.run(scenario, replication=3)
        for table in ("timeseries", "metrics", "products", "ecosystems", "events"):
            assert_frames_equal(self, api[table], getattr(cli, table), table)
        self.assertGreater(len(api["events"]), 10)

    def test_run_sample_and_seed_equal_cli(self) -> None:
        cli = cmsim_io.load_run(self.cli("run-sample", ["run", BASELINE, "--sample", "--replication", "2",
                                                        "--seed", "7", "-q"]))
        api = cmsim.run(str(REPO / BASELINE), replication=2, seed=7, sample=True)
        assert_frames_equal(self, api["timeseries"], cli.timeseries, "timeseries (--sample --seed 7)")

    def test_sweep_equals_cli_at_another_thread_count(self) -> None:
        cli = cmsim_io.load_sweep(self.cli("sweep", ["sweep", BASELINE, "--runs", "4", "--threads", "1"]))
        api = cmsim.sweep(cmsim.load_scenario(REPO / BASELINE), runs=4, threads=3)
        for table in ("summary", "params", "runs"):
            assert_frames_equal(self, api[table], getattr(cli, table), table)
        self.assertEqual(sorted(api["runs"]["run"].unique()), [0, 1, 2, 3])

    def test_compare_equals_cli(self) -> None:
        out = self.cli("compare", ["compare", BASELINE, ALT, "--runs", "3", "--threads", "2"])
        api = cmsim.compare(str(REPO / BASELINE), str(REPO / ALT), runs=3, threads=1)
        assert_frames_equal(self, api["compare"], cmsim_io.load_compare(out).compare, "compare")
        for arm in ("base", "alt"):
            assert_frames_equal(self, api[arm]["summary"], cmsim_io._summary(out / arm), f"{arm}/summary")
            assert_frames_equal(self, api[arm]["runs"], cmsim_io._runs(out / arm), f"{arm}/runs")
        self.assertTrue((api["compare"]["diff_mean"].abs() > 0).any(), "the arms should differ")

    def test_scenario_attributes(self) -> None:
        s = cmsim.load_scenario(REPO / ALT, set=["parameters.risk_shock=0.25"])
        self.assertEqual(s.name, "no-2025-rule")
        self.assertEqual([Path(f).name for f in s.files], ["no-2025-rule.yaml", "baseline.yaml"])
        self.assertEqual(s.parameters["risk_shock"], 0.25)
        self.assertEqual(s.sets, {"parameters.risk_shock": "0.25"})
        self.assertNotIn("us-2025-04-h20-licence", s.events)
        self.assertIn("h20", s.products)
        self.assertTrue(s.validate().startswith("OK ("))
        s.seed = 99
        self.assertEqual(s.seed, 99)

    def test_errors_carry_file_line_and_column(self) -> None:
        bad = self.tmp / "bad.yaml"
        bad.write_text(f"extends: {REPO / BASELINE}\nparameters:\n  beta_risk: lots\n")
        with self.assertRaises(cmsim.InputError) as caught:
            cmsim.load_scenario(bad)
        self.assertIsInstance(caught.exception, ValueError)
        self.assertRegex(str(caught.exception), r"bad\.yaml:3:\d+: parameters\.beta_risk")
        self.assertTrue(all(":" in m for m in caught.exception.messages))
        with self.assertRaises(cmsim.InputError) as caught:
            cmsim.load_scenario(REPO / BASELINE, set={"parameters.no_such_parameter": 1})
        self.assertIn("--set parameters.no_such_parameter=1", str(caught.exception))
        with self.assertRaises(ValueError):
            cmsim.sweep(str(REPO / BASELINE), runs=0)
        with self.assertRaises(ValueError):
            cmsim.sweep(str(REPO / BASELINE), runs=1, design="grid")

    def test_same_inputs_same_numbers_other_seed_other_numbers(self) -> None:
        s = cmsim.load_scenario(REPO / BASELINE)
        a = cmsim.run(s, replication=1)["timeseries"]
        assert_frames_equal(self, cmsim.run(s, replication=1)["timeseries"], a, "a second run")
        self.assertFalse(cmsim.run(s, replication=1, seed=s.seed + 1)["timeseries"].equals(a))

    def test_gil_released_while_running(self) -> None:
        """Another Python thread keeps running while a sweep computes (with the GIL held
        it would not advance until the sweep returned)."""
        s = cmsim.load_scenario(REPO / BASELINE)
        done = threading.Event()
        ticks = []

        def work() -> None:
            cmsim.sweep(s, runs=40, threads=1)  # ~1 s: long enough to tell on a fast machine
            done.set()

        worker = threading.Thread(target=work)
        start = time.monotonic()
        worker.start()
        while not done.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.005)
        worker.join()
        elapsed = time.monotonic() - start
        self.assertGreater(elapsed, 0.3, "the sweep was too short to tell")
        self.assertGreater(len(ticks), elapsed / 0.005 / 4, f"{len(ticks)} ticks in {elapsed:.2f} s")


EXPERIMENT = {
    "scenario": BASELINE,
    "levers": {"as-is": {}, "no-h20-rule": {"remove_events": ["us-2025-04-h20-licence"]},
               "averse": {"set": {"parameters.beta_risk": 4}}},
    "uncertainties": {"parameters.risk_shock": {"levels": [0.2, 0.4]}},
    "replications": 1,
    "outcomes": {"dom": "domestic_share_units:2026:mean", "nv": "nvidia_share_units:2026:mean"},
}
TWO_EVENTS = ["us-2023-10-17-ac-rule", "cn-2025-09-17-cac-6000d-ban"]
OUTCOME = "domestic_share_units:2026:mean"


class ExploratoryApiTest(unittest.TestCase):
    """experiment(), sensitivity(), attribute(), discover(): the bytes the CLI writes (the
    extension's text against the CLI's file) and the DataFrames cmsim_io reads from them."""

    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)
        cls.experiment_file = cls.tmp / "e.yaml"
        cls.experiment_file.write_text(json.dumps({**EXPERIMENT, "scenario": str(REPO / BASELINE)}, indent=2))

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    cli = PythonApiTest.cli

    def same_bytes(self, text: dict, folder: Path, names: list) -> None:
        """The extension's CSV text is the CLI's file, byte for byte."""
        self.assertEqual(sorted(text), sorted(names))
        for name in names:
            self.assertEqual(text[name], (folder / name).read_text(), name)

    def same_tables(self, api: dict, folder: Path, names: list) -> None:
        for name in names:
            assert_frames_equal(self, api[name], cmsim_io.load_table(folder, name + ".csv"), name)

    def test_experiment_file_and_dict_equal_cli(self) -> None:
        out = self.cli("experiment", ["experiment", str(self.experiment_file), "--threads", "1",
                                      "--runs-output", "none"])
        text = cmsim._cmsim.experiment(str(self.experiment_file), None, "", [], None, 2)
        self.same_bytes(text, out, ["experiments.csv"])
        api = cmsim.experiment(self.experiment_file, threads=2)
        self.same_tables(api, out, ["experiments"])
        table = api["experiments"]
        self.assertEqual(len(table), 6)  # 3 levers x 2 points
        self.assertEqual(list(table["lever"].unique()), ["as-is", "no-h20-rule", "averse"])
        self.assertTrue((table["dom"] > 0).all())
        old_cwd = os.getcwd()
        try:
            os.chdir(REPO)  # the dict's relative scenario path is taken from here
            from_dict = cmsim.experiment(EXPERIMENT, threads=1)
        finally:
            os.chdir(old_cwd)
        assert_frames_equal(self, from_dict["experiments"], table, "experiments (dict)")

    def test_sensitivity_equals_cli(self) -> None:
        args = ["sensitivity", BASELINE, "--method", "morris", "--runs", "1", "--outcome", OUTCOME,
                "--set", "parameters.beta_risk=2.5", "--runs-output", "none"]
        out = self.cli("sensitivity", args)
        scenario = cmsim.load_scenario(REPO / BASELINE, set={"parameters.beta_risk": 2.5})
        api = cmsim.sensitivity(scenario, method="morris", outcome=OUTCOME, runs=1, threads=2)
        self.same_tables(api, out, ["sensitivity", "sensitivity_design"])
        text = cmsim._cmsim.sensitivity(str(REPO / BASELINE), "morris", [OUTCOME], 1, None, 200, None,
                                        ["parameters.beta_risk=2.5"], None, 1)
        self.same_bytes(text, out, ["sensitivity.csv", "sensitivity_design.csv"])
        self.assertEqual(len(api["sensitivity"]), len(scenario.uncertain))
        self.assertEqual(list(api["sensitivity"].columns),
                         ["outcome", "parameter", "mu", "mu_star", "sigma", "mu_star_conf"])

    def test_attribute_equals_cli_and_sums_to_total(self) -> None:
        args = ["attribute", BASELINE, "--events", ",".join(TWO_EVENTS), "--outcome", OUTCOME, "--runs", "2",
                "--runs-output", "none"]
        out = self.cli("attribute", args)
        api = cmsim.attribute(str(REPO / BASELINE), events=TWO_EVENTS, outcome=OUTCOME, runs=2, threads=2)
        self.same_tables(api, out, ["attribution"])
        text = cmsim._cmsim.attribute(str(REPO / BASELINE), TWO_EVENTS, False, OUTCOME, 2, 10, [], None, 1)
        self.same_bytes(text, out, ["attribution.csv"])
        table = api["attribution"].set_index("event")
        self.assertEqual(list(table.index), TWO_EVENTS + ["total"])
        self.assertAlmostEqual(table["shapley"][TWO_EVENTS].sum(), table["shapley"]["total"], places=12)
        self.assertNotEqual(table["shapley"]["total"], 0)

    def test_discover_equals_cli_on_a_file_and_a_dataframe(self) -> None:
        rows = ["run,a,b,y"]
        for i in range(400):
            a, b = (i % 20 + 0.5) / 20, (i // 20 + 0.5) / 20
            rows.append(f"{i},{a},{b},{1 if a > 0.6 and b < 0.3 else 0}")
        csv = self.tmp / "grid.csv"
        csv.write_text("\n".join(rows) + "\n")
        out = self.cli("discover", ["discover", str(csv), "--outcome", "y", "--where", "> 0.5",
                                    "--resamples", "5"])
        api = cmsim.discover(csv, outcome="y", where="> 0.5", resamples=5)
        self.same_tables(api, out, ["discovery", "discovery_box"])
        text = cmsim._cmsim.discover(str(csv), "y", "> 0.5", "prim", [], 0.05, 0.05, 0.8, 0.05, 5, 1, 3, 10)
        self.same_bytes(text, out, ["discovery.csv", "discovery_box.csv"])
        frame = cmsim.discover(pd.read_csv(csv), outcome="y", where="> 0.5", resamples=5)
        assert_frames_equal(self, frame["discovery_box"], api["discovery_box"], "discovery_box (DataFrame)")
        box = api["discovery_box"].set_index("input")
        self.assertAlmostEqual(box["low"]["a"], 0.625)
        self.assertTrue(pd.isna(box["high"]["a"]))

    def test_errors(self) -> None:
        bad = {**EXPERIMENT, "levers": {"x": {"remove_events": ["no-such-event"]}}}
        old_cwd = os.getcwd()
        try:
            os.chdir(REPO)
            with self.assertRaises(cmsim.InputError) as caught:
                cmsim.experiment(bad)
        finally:
            os.chdir(old_cwd)
        self.assertRegex(str(caught.exception), r"<experiment dict>:\d+:\d+: levers\.x\.remove_events")
        with self.assertRaises(cmsim.InputError) as caught:
            cmsim.attribute(str(REPO / BASELINE), events=["nope"], outcome=OUTCOME)
        self.assertIn('--events: "nope"', str(caught.exception))
        with self.assertRaises(ValueError):
            cmsim.attribute(str(REPO / BASELINE), outcome=OUTCOME)  # neither events nor all
        with self.assertRaises(ValueError):
            cmsim.sensitivity(str(REPO / BASELINE), method="fast", outcome=OUTCOME, runs=1)
        with self.assertRaises(ValueError):
            cmsim.discover(self.tmp / "none.csv", outcome="y", where="= 1")


# A child Python that runs a long call and reports how it ended.
INTERRUPTED_CHILD = """
import signal, sys
# A shell that starts a job in the background (`nohup bash -c ... &`) makes it ignore SIGINT,
# and Python then installs no handler: Ctrl-C's handler is restored, as a terminal has it.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, sys.argv[1])
import cmsim
print("started", flush=True)
try:
    if sys.argv[3] == "sweep":
        cmsim.sweep(sys.argv[2], runs=5000, threads=2)  # about a minute
    else:
        cmsim.attribute(sys.argv[2], all=True, outcome="domestic_share_units:2026:mean", runs=100, threads=2)
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


class InterruptTest(unittest.TestCase):
    """Ctrl-C stops a long API call within moments (a replication or two), raising
    KeyboardInterrupt (it once ran to the end: the GIL released, Python never saw the signal)."""

    def interrupt(self, call: str) -> None:
        child = subprocess.Popen([sys.executable, "-c", INTERRUPTED_CHILD, str(PYTHON_DIR), str(REPO / BASELINE), call],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            self.assertEqual(child.stdout.readline().strip(), "started")
            time.sleep(1.5)  # inside the call
            self.assertIsNone(child.poll(), "the call ended before the signal")
            sent = time.monotonic()
            child.send_signal(signal.SIGINT)
            out, err = child.communicate(timeout=20)
            elapsed = time.monotonic() - sent
        finally:
            if child.poll() is None:
                child.kill()
                child.communicate()
        self.assertEqual(child.returncode, 3, f"stdout {out!r} stderr {err[-500:]!r}")
        self.assertIn("KeyboardInterrupt", out)
        self.assertLess(elapsed, 5.0, f"took {elapsed:.1f} s to stop")

    def test_sweep(self) -> None:
        self.interrupt("sweep")

    def test_attribute(self) -> None:
        self.interrupt("attribute")


class ApiNotebookTest(unittest.TestCase):
    """scripts/notebooks/api.ipynb: committed without outputs, runs headless through the API
    and finds the API's tables equal to the CLI's."""

    NOTEBOOK = REPO / "scripts" / "notebooks" / "api.ipynb"

    def test_committed_without_outputs(self) -> None:
        notebook = json.loads(self.NOTEBOOK.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                self.assertEqual(cell["outputs"], [])
                self.assertIsNone(cell["execution_count"])

    def test_executes_headless(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            env = {**os.environ, "CMSIM_PYTHON": str(PYTHON_DIR), "CMSIM_BIN": str(CLI)}
            result = subprocess.run(
                ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", tmp,
                 "--ExecutePreprocessor.timeout=600", str(self.NOTEBOOK)],
                capture_output=True, text=True, timeout=900, cwd=REPO, env=env)
            self.assertEqual(result.returncode, 0, result.stderr[-3000:])
            executed = json.loads((Path(tmp) / self.NOTEBOOK.name).read_text(encoding="utf-8"))
        outputs = [out for cell in executed["cells"] for out in cell.get("outputs", [])]
        self.assertGreaterEqual(sum(1 for out in outputs if "image/png" in out.get("data", {})), 3)
        text = "".join("".join(out.get("text", "")) for out in outputs)
        self.assertIn("API == CLI", text)
        self.assertIn(str(PYTHON_DIR.resolve()), text)


if __name__ == "__main__":
    unittest.main()
