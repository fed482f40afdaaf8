"""Tests of scripts/plot.py and scripts/report.py (fixtures), the fixtures themselves,
the report in headless Chromium, and the example notebook."""
from __future__ import annotations

import filecmp
import json
import re
import subprocess
import tempfile
import unittest
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Tuple

from tests.python.helpers import FIXTURES, PNG_SIGNATURE, PYTHON, REPO, copy_fixture, edit_manifest, run_script

CHROMIUM = Path("/usr/bin/chromium")
NOTEBOOK = REPO / "scripts" / "notebooks" / "explore.ipynb"
MAX_PNG_BYTES = 400_000


def assert_pngs(test: unittest.TestCase, paths: List[Path], expected: int) -> None:
    """Each path is a PNG (signature) of a plausible size."""
    test.assertEqual(len(paths), expected, paths)
    for path in paths:
        data = path.read_bytes()
        test.assertEqual(data[:8], PNG_SIGNATURE, path)
        test.assertGreater(len(data), 10_000, path)
        test.assertLess(len(data), MAX_PNG_BYTES, path)


class ReferenceFinder(HTMLParser):
    """Collects every attribute value and <style> text that could make a browser fetch something."""

    def __init__(self) -> None:
        super().__init__()
        self.references: List[Tuple[str, str, str]] = []
        self.tags: List[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster", "style") and value:
                self.references.append((tag, name, value))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.references.append(("style", "css", data))


class PlotCliTest(unittest.TestCase):
    """scripts/plot.py on each kind of fixture, and its bad-input handling."""

    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def plot(self, kind: str, expected: int) -> None:
        """Run plot.py on a fixture and check the PNGs it reports."""
        result = run_script("plot.py", str(FIXTURES / kind), "-o", str(self.tmp / kind))
        self.assertEqual(result.returncode, 0, result.stderr)
        paths = [Path(line) for line in result.stdout.split()]
        assert_pngs(self, paths, expected)

    def test_run(self) -> None:
        self.plot("run", 3)

    def test_sweep(self) -> None:
        self.plot("sweep", 3)

    def test_compare(self) -> None:
        self.plot("compare", 2)

    def test_sweep_without_events_or_runs(self) -> None:
        directory = copy_fixture("sweep", self.tmp)
        (directory / "events.csv").unlink()
        (directory / "runs.csv.gz").unlink()
        result = run_script("plot.py", str(directory), "-o", str(self.tmp / "png"), "--basis", "revenue")
        self.assertEqual(result.returncode, 0, result.stderr)

    def assert_bad_input(self, *args: str, fragment: str) -> None:
        """Exit status 2 and one line on stderr containing fragment."""
        result = run_script("plot.py", *args)
        self.assertEqual(result.returncode, 2, result.stderr)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, result.stderr)
        self.assertIn(fragment, lines[0])
        self.assertEqual(result.stdout, "")

    def test_missing_directory(self) -> None:
        self.assert_bad_input(str(self.tmp / "nope"), fragment="nope: not a directory")

    def test_schema_mismatch(self) -> None:
        directory = copy_fixture("run", self.tmp)
        edit_manifest(directory, schema_version=7)
        self.assert_bad_input(str(directory), fragment="schema_version 7")

    def test_unknown_option(self) -> None:
        self.assert_bad_input(str(FIXTURES / "run"), "--basis", "mood", fragment="invalid choice")

    def test_no_arguments(self) -> None:
        self.assert_bad_input(fragment="required")


class ReportTest(unittest.TestCase):
    """scripts/report.py: self-contained HTML."""

    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)
        cls.reports = {}
        for kind in ("run", "sweep", "compare"):
            path = cls.tmp / f"{kind}.html"
            result = run_script("report.py", str(FIXTURES / kind), "-o", str(path))
            if result.returncode != 0:
                raise AssertionError(result.stderr)
            cls.reports[kind] = path

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    def test_no_external_references(self) -> None:
        for kind, path in self.reports.items():
            finder = ReferenceFinder()
            finder.feed(path.read_text(encoding="utf-8"))
            self.assertNotIn("script", finder.tags, kind)
            self.assertNotIn("link", finder.tags, kind)
            for tag, attr, value in finder.references:
                if attr == "src":
                    self.assertRegex(value, r"^data:image/png;base64,[A-Za-z0-9+/=]+$", (kind, tag))
                    continue
                self.assertIsNone(re.search(r"(https?:)?//|url\(", value), (kind, tag, attr, value[:80]))

    def test_urls_only_in_plain_text(self) -> None:
        text = self.reports["run"].read_text(encoding="utf-8")
        self.assertIn("https://www.tomshardware.com", text)  # from an event's detail, as text
        self.assertNotIn("href=", text)

    def test_content(self) -> None:
        run = self.reports["run"].read_text(encoding="utf-8")
        for fragment in ("Headline numbers", "2021", "2024", "2026", "2030", "Nvidia share of units",
                         "us-2025-04-h20-licence", "Synthetic test fixture"):
            self.assertIn(fragment, run)
        self.assertEqual(run.count("data:image/png;base64,"), 3)
        compare = self.reports["compare"].read_text(encoding="utf-8")
        self.assertIn("Effects over whole horizon", compare)
        self.assertIn("scenarios/no-2025-rule.yaml", compare)  # no description: falls back to paths
        self.assertIn("pp", compare)

    def test_bad_input(self) -> None:
        result = run_script("report.py", str(FIXTURES / "run"))
        self.assertEqual(result.returncode, 2)
        self.assertEqual(len(result.stderr.strip().splitlines()), 1, result.stderr)


def chromium_console_errors(html_path: Path, tmp: Path) -> Tuple[List[str], Path]:
    """Open html_path in headless Chromium; return console/uncaught error lines and the screenshot."""
    shot = tmp / "shot.png"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp / 'profile'}", f"--screenshot={shot}", "--window-size=1280,2000",
               "--enable-logging=stderr", "--v=0", html_path.resolve().as_uri()]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    errors = [line for line in result.stderr.splitlines()
              if "CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line]
    return errors, shot


class ChromiumTest(unittest.TestCase):
    """The report renders in a real browser without console errors."""

    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)

    def tearDown(self) -> None:
        self._tmp.cleanup()

    def test_report_has_no_console_errors(self) -> None:
        report = self.tmp / "report.html"
        result = run_script("report.py", str(FIXTURES / "sweep"), "-o", str(report))
        self.assertEqual(result.returncode, 0, result.stderr)
        errors, shot = chromium_console_errors(report, self.tmp)
        self.assertEqual(errors, [])
        self.assertEqual(shot.read_bytes()[:8], PNG_SIGNATURE)
        self.assertGreater(shot.stat().st_size, 20_000)

    def test_console_error_detector_works(self) -> None:
        page = self.tmp / "bad.html"
        page.write_text("<!DOCTYPE html><html><body><script>undefined_function();</script></body></html>")
        errors, _ = chromium_console_errors(page, self.tmp)
        self.assertTrue(any("undefined_function" in line for line in errors), errors)


class FixturesTest(unittest.TestCase):
    """The committed fixtures are what make_fixtures.py writes (regenerate after changing it)."""

    def test_regenerated_fixtures_are_identical(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            result = subprocess.run([PYTHON, str(Path(__file__).parent / "make_fixtures.py"), tmp],
                                    capture_output=True, text=True, timeout=120)
            self.assertEqual(result.returncode, 0, result.stderr)
            for kind in ("run", "sweep", "compare"):
                names = sorted(p.name for p in (FIXTURES / kind).iterdir())
                self.assertEqual(names, sorted(p.name for p in (Path(tmp) / kind).iterdir()), kind)
                _, mismatch, errors = filecmp.cmpfiles(FIXTURES / kind, Path(tmp) / kind, names, shallow=False)
                self.assertEqual(mismatch + errors, [], f"{kind}: run tests/python/make_fixtures.py")


class NotebookTest(unittest.TestCase):
    """scripts/notebooks/explore.ipynb: valid JSON, outputs cleared, runs headless (scripts/install-deps.sh
    installs jupyter-nbconvert and python3-ipykernel; a missing one fails, never skips)."""

    def test_committed_without_outputs(self) -> None:
        notebook = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
        self.assertEqual(notebook["nbformat"], 4)
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                self.assertEqual(cell["outputs"], [])
                self.assertIsNone(cell["execution_count"])
        self.assertNotIn("../shared", NOTEBOOK.read_text(encoding="utf-8"))

    def test_executes_headless(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            env_dir = Path(tmp) / "nb-sweep"
            result = subprocess.run(
                ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--output-dir", tmp,
                 "--ExecutePreprocessor.timeout=600", str(NOTEBOOK)],
                capture_output=True, text=True, timeout=900, cwd=REPO,
                env={**__import__("os").environ, "CMSIM_NB_DIR": str(env_dir)})
            self.assertEqual(result.returncode, 0, result.stderr[-3000:])
            executed = json.loads((Path(tmp) / NOTEBOOK.name).read_text(encoding="utf-8"))
            images = sum(1 for cell in executed["cells"] for out in cell.get("outputs", [])
                         if "image/png" in out.get("data", {}))
            self.assertGreaterEqual(images, 3)
            # It ran the real cmsim, not the synthetic fallback.
            text = "".join("".join(out.get("text", "")) for cell in executed["cells"]
                           for out in cell.get("outputs", []))
            self.assertIn("cmsim sweep: exit 0", text)
            self.assertNotIn("SYNTHETIC", text)


if __name__ == "__main__":
    unittest.main()
