"""Tests of scripts/cmsim_io.py on the synthetic fixtures (tests/python/make_fixtures.py)."""
from __future__ import annotations

import gzip
import tempfile
import unittest
from pathlib import Path

import pandas as pd

from tests.python.helpers import FIXTURES, copy_fixture, edit_manifest

import cmsim_io  # noqa: E402  (helpers puts scripts/ on sys.path)

QUARTER_DTYPE = pd.PeriodDtype(freq="Q-DEC")


class LoadRunTest(unittest.TestCase):
    """load_run on tests/python/fixtures/run."""

    @classmethod
    def setUpClass(cls) -> None:
        cls.out = cmsim_io.load_run(FIXTURES / "run")

    def test_manifest_is_a_dict_with_schema_version(self) -> None:
        self.assertIsInstance(self.out.manifest, dict)
        self.assertEqual(self.out.manifest["schema_version"], 1)
        self.assertEqual(self.out.kind, "run")

    def test_timeseries_dtypes(self) -> None:
        ts = self.out.timeseries
        self.assertEqual(ts["quarter"].dtype, QUARTER_DTYPE)
        self.assertEqual(str(ts["quarter"].iloc[0]), "2020Q1")
        self.assertTrue(pd.api.types.is_datetime64_dtype(ts["date"]))
        self.assertEqual(ts["nvidia_share_units"].dtype, "float64")
        self.assertEqual(len(ts), 44)

    def test_tidy_metrics_are_categorical(self) -> None:
        metrics = self.out.metrics
        self.assertEqual(list(metrics.columns), ["quarter", "metric", "value"])
        self.assertEqual(metrics["metric"].dtype.name, "category")
        self.assertEqual(metrics["quarter"].dtype, QUARTER_DTYPE)
        self.assertIn("dev_share_cann", metrics["metric"].cat.categories)

    def test_side_tables(self) -> None:
        self.assertEqual(self.out.products["legal"].dtype, bool)
        self.assertEqual(self.out.products["vendor"].dtype.name, "category")
        self.assertEqual(self.out.ecosystems["share"].dtype, "float64")
        events = self.out.events
        self.assertTrue(pd.api.types.is_datetime64_dtype(events["date"]))
        self.assertEqual(events["quarter"].dtype, QUARTER_DTYPE)
        self.assertTrue(events["date"].is_monotonic_increasing)
        self.assertIn('"Mellanox conditions"', " ".join(events["detail"]))  # CSV quoting survived

    def test_shares_are_fractions(self) -> None:
        share_columns = [c for c in self.out.timeseries.columns if "share" in c]
        values = self.out.timeseries[share_columns]
        self.assertTrue(((values >= 0) & (values <= 1)).all().all())

    def test_generic_load_dispatches(self) -> None:
        self.assertIsInstance(cmsim_io.load(FIXTURES / "run"), cmsim_io.RunOutput)
        self.assertIsInstance(cmsim_io.load(FIXTURES / "sweep"), cmsim_io.SweepOutput)
        self.assertIsInstance(cmsim_io.load(FIXTURES / "compare"), cmsim_io.CompareOutput)


class LoadSweepAndCompareTest(unittest.TestCase):
    """load_sweep and load_compare on the fixtures."""

    def test_sweep_dtypes(self) -> None:
        out = cmsim_io.load_sweep(FIXTURES / "sweep")
        self.assertEqual(out.summary["quarter"].dtype, QUARTER_DTYPE)
        self.assertEqual(out.summary["metric"].dtype.name, "category")
        for column in cmsim_io.SUMMARY_STATS:
            self.assertEqual(out.summary[column].dtype, "float64", column)
        self.assertEqual(out.runs["run"].dtype, "int64")  # read from runs.csv.gz
        self.assertEqual(out.runs["run"].nunique(), out.manifest["runs"])
        self.assertEqual(out.params["parameter"].dtype.name, "category")
        self.assertIsNotNone(out.events)

    def test_sweep_quantiles_are_ordered(self) -> None:
        s = cmsim_io.load_sweep(FIXTURES / "sweep").summary
        self.assertTrue((s["p05"] <= s["p25"] + 1e-12).all() and (s["p25"] <= s["p50"] + 1e-12).all()
                        and (s["p50"] <= s["p75"] + 1e-12).all() and (s["p75"] <= s["p95"] + 1e-12).all())

    def test_sweep_without_runs_csv(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            directory = copy_fixture("sweep", Path(tmp))
            (directory / "runs.csv.gz").unlink()
            (directory / "events.csv").unlink()
            out = cmsim_io.load_sweep(directory)
            self.assertIsNone(out.runs)
            self.assertIsNone(out.events)

    def test_sweep_plain_runs_csv(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            directory = copy_fixture("sweep", Path(tmp))
            gz = directory / "runs.csv.gz"
            (directory / "runs.csv").write_bytes(gzip.decompress(gz.read_bytes()))
            gz.unlink()
            self.assertEqual(len(cmsim_io.load_sweep(directory).runs),
                             len(cmsim_io.load_sweep(FIXTURES / "sweep").runs))

    def test_compare_dtypes(self) -> None:
        out = cmsim_io.load_compare(FIXTURES / "compare")
        self.assertEqual(out.compare["quarter"].dtype, QUARTER_DTYPE)
        self.assertEqual(out.compare["metric"].dtype.name, "category")
        for column in cmsim_io.COMPARE_STATS:
            self.assertEqual(out.compare[column].dtype, "float64", column)
        self.assertIsNone(out.events)
        self.assertIn("compared with", cmsim_io.scenario_label(out.manifest))


class LoaderErrorTest(unittest.TestCase):
    """Every error names the file at fault."""

    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def assert_error_names(self, fragment: str, load, directory: Path, *more: str) -> None:
        """load(directory) raises CmsimOutputError whose message holds fragment and more."""
        with self.assertRaises(cmsim_io.CmsimOutputError) as caught:
            load(directory)
        message = str(caught.exception)
        for part in (fragment,) + more:
            self.assertIn(part, message)

    def test_schema_version_mismatch(self) -> None:
        directory = copy_fixture("run", self.tmp)
        edit_manifest(directory, schema_version=2)
        self.assert_error_names(str(directory / "manifest.json"), cmsim_io.load_run, directory,
                                "schema_version 2", "supported: 1")

    def test_series_names_come_from_the_manifest(self) -> None:
        directory = copy_fixture("run", self.tmp)
        header = cmsim_io.load_run(directory).timeseries.columns[2:].tolist()
        # An old manifest (no "series"): the names come from the CSV header.
        self.assertEqual(cmsim_io.metric_names(cmsim_io.load_run(directory)), header)
        series = [{"name": n, "unit": "fraction", "definition": "units of all"} for n in header]
        edit_manifest(directory, series=series)
        out = cmsim_io.load_run(directory)
        self.assertEqual(cmsim_io.metric_names(out), header)
        self.assertEqual(cmsim_io.series_table(out)["name"].tolist(), header)
        edit_manifest(directory, series=series + [{"name": "huawei_share_units", "unit": "fraction",
                                                   "definition": "units of {vendors: [huawei]} / units of all"}])
        self.assert_error_names("timeseries.csv", cmsim_io.load_run, directory, "missing: huawei_share_units")

    def test_schema_version_missing(self) -> None:
        directory = copy_fixture("sweep", self.tmp)
        edit_manifest(directory, schema_version=None)
        self.assert_error_names("manifest.json", cmsim_io.load_sweep, directory, "schema_version")

    def test_missing_manifest(self) -> None:
        directory = copy_fixture("compare", self.tmp)
        (directory / "manifest.json").unlink()
        self.assert_error_names(str(directory / "manifest.json"), cmsim_io.load_compare, directory, "missing file")

    def test_missing_directory(self) -> None:
        self.assert_error_names(str(self.tmp / "nope"), cmsim_io.load, self.tmp / "nope", "not a directory")

    def test_missing_timeseries(self) -> None:
        directory = copy_fixture("run", self.tmp)
        (directory / "timeseries.csv").unlink()
        self.assert_error_names(str(directory / "timeseries.csv"), cmsim_io.load_run, directory, "missing file")

    def test_missing_events_is_an_error_only_when_strict(self) -> None:
        directory = copy_fixture("run", self.tmp)
        (directory / "events.csv").unlink()
        self.assert_error_names("events.csv", cmsim_io.load_run, directory, "missing file")
        self.assertIsNone(cmsim_io.load_run(directory, strict=False).events)

    def test_missing_summary(self) -> None:
        directory = copy_fixture("sweep", self.tmp)
        (directory / "summary.csv").unlink()
        self.assert_error_names("summary.csv", cmsim_io.load_sweep, directory, "missing file")

    def test_missing_column(self) -> None:
        directory = copy_fixture("compare", self.tmp)
        path = directory / "compare.csv"
        frame = pd.read_csv(path).drop(columns=["diff_p95"])
        frame.to_csv(path, index=False)
        self.assert_error_names(str(path), cmsim_io.load_compare, directory, "missing column", "diff_p95")

    def test_bad_quarter_names_line(self) -> None:
        directory = copy_fixture("sweep", self.tmp)
        path = directory / "summary.csv"
        lines = path.read_text().splitlines()
        lines[3] = lines[3].replace("2020Q", "2020-Q", 1)
        path.write_text("\n".join(lines) + "\n")
        self.assert_error_names(str(path), cmsim_io.load_sweep, directory, "line 4", "2024Q3")

    def test_bad_number_names_column(self) -> None:
        directory = copy_fixture("run", self.tmp)
        path = directory / "timeseries.csv"
        frame = pd.read_csv(path, dtype=str)
        frame.loc[5, "writedown_usd"] = "lots"
        frame.to_csv(path, index=False)
        self.assert_error_names(str(path), cmsim_io.load_run, directory, "writedown_usd", "'lots'", "line 7")

    def test_wrong_loader(self) -> None:
        self.assert_error_names("manifest.json", cmsim_io.load_run, FIXTURES / "sweep", "cmsim sweep")

    def test_invalid_json(self) -> None:
        directory = copy_fixture("run", self.tmp)
        (directory / "manifest.json").write_text("{not json")
        self.assert_error_names("manifest.json", cmsim_io.load_run, directory, "not valid JSON")

    def test_empty_fields_are_nan(self) -> None:
        directory = copy_fixture("run", self.tmp)
        path = directory / "timeseries.csv"
        frame = pd.read_csv(path, dtype=str)
        frame.loc[0, "unmet_demand_pflops"] = ""
        frame.to_csv(path, index=False)
        self.assertTrue(pd.isna(cmsim_io.load_run(directory).timeseries["unmet_demand_pflops"][0]))


if __name__ == "__main__":
    unittest.main()
