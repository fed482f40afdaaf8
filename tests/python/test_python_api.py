"""The Python API (`import cmsim`, python/): DataFrames equal to the CLI's CSV read by
cmsim_io, errors with their file:line:col, the GIL released while the model runs.

Needs the module (CMSIM_PYTHON, default build/release/python) and the CLI (CMSIM_BIN,
default build/release/sim/cli/cmsim); a missing one fails, never skips.
"""
from __future__ import annotations

import json
import os
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
