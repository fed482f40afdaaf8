"""Charts for a briefing (scripts/plot.py, scripts/report.py) on real cmsim output: every
kind of output marks policy events, the numbers never overlap, the event filter, metrics and
years choices, SVG/PDF output that is the same bytes twice, compare's levels with bands, and
the report's effects over a period. Needs CMSIM_BIN (default build/release/sim/cli/cmsim);
a missing binary fails, never skips."""
from __future__ import annotations

import itertools
import os
import tempfile
import unittest
from pathlib import Path

from tests.python.helpers import REPO, run_cmsim, run_script

import cmsim_io  # noqa: E402
import plot  # noqa: E402

CLI = Path(os.environ.get("CMSIM_BIN", REPO / "build" / "release" / "sim" / "cli" / "cmsim"))
if not CLI.is_absolute():
    CLI = REPO / CLI


def event_labels(chart: plot.Chart):
    """The numbered event labels of a chart's axes, as (axes, number, window extent)."""
    chart.figure.canvas.draw()
    renderer = chart.figure.canvas.get_renderer()
    out = []
    for ax in chart.figure.axes:
        for text in ax.texts:
            if text.get_text().isdigit():
                out.append((ax, int(text.get_text()), text.get_window_extent(renderer)))
    return out


class BriefingChartsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        cls._tmp = tempfile.TemporaryDirectory()
        cls.tmp = Path(cls._tmp.name)
        cls.dirs = {}
        for name, args in (("run", ["run", "scenarios/baseline.yaml", "-q"]),
                           ("sweep", ["sweep", "scenarios/baseline.yaml", "--runs", "4", "--threads", "2"]),
                           ("compare", ["compare", "scenarios/baseline.yaml", "scenarios/no-2025-rule.yaml",
                                        "--runs", "4", "--threads", "2"])):
            out = cls.tmp / name
            result = run_cmsim(CLI, args + ["-o", str(out)]) if CLI.is_file() else None
            cls.dirs[name] = out if result is not None and result.returncode == 0 else None

    @classmethod
    def tearDownClass(cls) -> None:
        cls._tmp.cleanup()

    def load(self, kind: str):
        self.assertIsNotNone(self.dirs[kind], f"`cmsim {kind}` did not run (CMSIM_BIN={CLI})")
        return cmsim_io.load(self.dirs[kind], strict=False)

    def test_every_kind_marks_policy_events_without_overlap(self) -> None:
        for kind in ("run", "sweep", "compare"):
            out = self.load(kind)
            for chart in plot.make_charts(out):
                labels = event_labels(chart)
                self.assertGreater(len(labels), 20, f"{kind}/{chart.name}: events not marked")
                for (ax1, n1, b1), (ax2, n2, b2) in itertools.combinations(labels, 2):
                    if ax1 is ax2:
                        self.assertFalse(b1.overlaps(b2), f"{kind}/{chart.name}: labels {n1} and {n2} overlap")

    def test_removed_events_are_not_marked(self) -> None:
        out = self.load("compare")
        self.assertIn("removed", set(out.events["kind"].astype(str)))
        marked = plot.planned_events(out, plot.quarter_range(out))
        self.assertNotIn("removed", set(marked["kind"].astype(str)))
        self.assertNotIn("us-2025-04-h20-licence", set(marked["event"]))

    def test_event_filter(self) -> None:
        out = self.load("run")
        span = plot.quarter_range(out)
        us = plot.planned_events(out, span, "us-only")
        self.assertGreater(len(us), 10)
        self.assertTrue(all(e.startswith("us-") for e in us["event"]))
        self.assertLess(len(us), len(plot.planned_events(out, span, "all")))
        self.assertTrue(plot.planned_events(out, span, "none").empty)
        chosen = plot.planned_events(out, span, "us-2023-*,cn-2025-09-17-cac-6000d-ban")
        self.assertEqual(sorted(chosen["event"])[0], "cn-2025-09-17-cac-6000d-ban")
        self.assertTrue(all(e.startswith("us-2023-") for e in sorted(chosen["event"])[1:]))
        chart = plot.make_charts(out, options=plot.Options(events="none"))[0]
        self.assertEqual(event_labels(chart), [])

    def test_metrics_years_and_formats(self) -> None:
        out_dir = self.tmp / "charts"
        args = [str(self.dirs["sweep"]), "-o", str(out_dir), "--metrics",
                "nvidia_china_revenue_usd,domestic_share_compute", "--years", "2023-2026", "--format", "svg,pdf,png"]
        first = run_script("plot.py", *args)
        self.assertEqual(first.returncode, 0, first.stderr)
        files = sorted(p.name for p in out_dir.iterdir())
        self.assertEqual(files, ["metrics.pdf", "metrics.png", "metrics.svg"])
        svg, pdf = (out_dir / "metrics.svg").read_bytes(), (out_dir / "metrics.pdf").read_bytes()
        self.assertIn(b"<svg", svg[:400])
        self.assertEqual(pdf[:5], b"%PDF-")
        self.assertEqual(run_script("plot.py", *args).returncode, 0)
        self.assertEqual((out_dir / "metrics.svg").read_bytes(), svg, "SVG differs between two runs")
        self.assertEqual((out_dir / "metrics.pdf").read_bytes(), pdf, "PDF differs between two runs")
        chart = plot.make_charts(self.load("sweep"), options=plot.Options(
            metrics=["nvidia_china_revenue_usd", "domestic_share_compute"], years=(2023, 2026)))[0]
        self.assertEqual(len(chart.figure.axes), 2)
        for ax in chart.figure.axes:
            lo, hi = (plot.mdates.num2date(x).year for x in ax.get_xlim())
            self.assertEqual((lo, hi), (2023, 2026))
        bad = run_script("plot.py", str(self.dirs["sweep"]), "--metrics", "no_such_metric")
        self.assertEqual(bad.returncode, 2)
        self.assertIn("no_such_metric", bad.stderr)
        self.assertEqual(run_script("plot.py", str(self.dirs["sweep"]), "--format", "gif").returncode, 2)
        self.assertEqual(run_script("plot.py", str(self.dirs["sweep"]), "--years", "2027-2022").returncode, 2)

    def test_compare_levels_have_both_arms_bands(self) -> None:
        out = self.load("compare")
        self.assertIsNotNone(out.base)
        self.assertIsNotNone(out.alt)
        levels = [c for c in plot.make_charts(out) if c.name == "compare_levels"][0]
        self.assertEqual(len(levels.figure.axes[0].collections), 4)  # Nvidia and domestic, base and alt

    def test_report_effects_over_a_period(self) -> None:
        html_file = self.tmp / "report.html"
        result = run_script("report.py", str(self.dirs["compare"]), "-o", str(html_file), "--period", "2025-2027")
        self.assertEqual(result.returncode, 0, result.stderr)
        text = html_file.read_text(encoding="utf-8")
        self.assertIn("Effects over 2025–2027", text)
        self.assertIn("Nvidia China revenue", text)
        self.assertRegex(text, r"<td class=\"num\">total</td>")
        self.assertEqual(run_script("report.py", str(self.dirs["compare"]), "-o", str(html_file),
                                    "--period", "soon").returncode, 2)


if __name__ == "__main__":
    unittest.main()
