"""Loader, plots and report on real cmsim output (needs CMSIM_BIN and a working `cmsim sweep`).

Skipped with the reason when CMSIM_BIN is unset, the binary is missing, or the command is
not built yet (exit status 3) or fails: the C++ side may land after these scripts.
"""
from __future__ import annotations

import tempfile
import unittest
from pathlib import Path
from typing import List

from tests.python.helpers import PNG_SIGNATURE, REPO, cmsim_binary, run_cmsim, run_script

import cmsim_io  # noqa: E402

RUNS = "4"


class RealOutputTest(unittest.TestCase):
    """`cmsim run/sweep/compare` output goes through cmsim_io, plot.py and report.py."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.binary = cmsim_binary()
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    def cmsim(self, name: str, args: List[str]) -> Path:
        """Run cmsim ARGS -o TMP/name; fail the test with the reason when that is not possible."""
        self.assertIsNotNone(self.binary, "CMSIM_BIN is not set or does not point to an executable cmsim")
        out = self.tmp / name
        result = run_cmsim(self.binary, args + ["-o", str(out)])
        self.assertEqual(result.returncode, 0,
                         f"`cmsim {' '.join(args)}` failed (exit {result.returncode}): {result.stderr.strip()[-300:]}")
        self.assertTrue((out / "manifest.json").exists(), f"`cmsim {args[0]}` wrote no manifest.json in {out}")
        return out

    def check_plots_and_report(self, directory: Path) -> None:
        """plot.py writes PNGs and report.py an HTML file for this directory."""
        result = run_script("plot.py", str(directory), "-o", str(directory / "png"))
        self.assertEqual(result.returncode, 0, result.stderr)
        for line in result.stdout.split():
            self.assertEqual(Path(line).read_bytes()[:8], PNG_SIGNATURE)
        report = directory / "report.html"
        result = run_script("report.py", str(directory), "-o", str(report))
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("data:image/png;base64,", report.read_text(encoding="utf-8"))

    def test_sweep(self) -> None:
        directory = self.cmsim("sweep", ["sweep", "scenarios/baseline.yaml", "--runs", RUNS])
        out = cmsim_io.load_sweep(directory)
        self.assertEqual(out.summary["metric"].dtype.name, "category")
        for metric in ("nvidia_share_units", "domestic_share_units", "nvidia_china_revenue_usd"):
            self.assertIn(metric, cmsim_io.metric_names(out))
        self.check_plots_and_report(directory)

    def test_run(self) -> None:
        directory = self.cmsim("run", ["run", "scenarios/baseline.yaml"])
        out = cmsim_io.load_run(directory)
        self.assertIn("dev_share_cuda", out.timeseries.columns)
        self.check_plots_and_report(directory)

    def test_user_metrics(self) -> None:
        directory = self.cmsim("metrics", ["run", "tests/data/scenario/metrics.yaml"])
        out = cmsim_io.load_run(directory)
        names = cmsim_io.metric_names(out)
        self.assertEqual(names[0], "nvidia_share_units")
        self.assertEqual(names[-4:], ["huawei_share_units", "cann_pflops", "h20_delivered_units",
                                      "us_highend_share_compute"])
        table = cmsim_io.series_table(out).set_index("name")
        self.assertEqual(table.loc["huawei_share_units", "definition"],
                         "units of {vendors: [huawei]} / units of all")
        self.assertEqual(table.loc["cann_pflops", "unit"], "PFLOPS")
        self.assertIn("huawei_share_units", out.timeseries.columns)

    def test_compare(self) -> None:
        directory = self.cmsim("compare", ["compare", "scenarios/baseline.yaml", "scenarios/no-2025-rule.yaml",
                                           "--runs", RUNS])
        out = cmsim_io.load_compare(directory)
        self.assertFalse(out.compare.empty)
        self.check_plots_and_report(directory)


if __name__ == "__main__":
    unittest.main()
