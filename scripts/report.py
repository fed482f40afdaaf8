#!/usr/bin/python3
"""One self-contained HTML report of a cmsim output directory (run, sweep or compare).

Usage: /usr/bin/python3 scripts/report.py DIR -o FILE.html [--basis units|compute|revenue]
           [--period all|2026|2025-2027] [--events all|us-only|cn-only|none|IDS] [--years 2022-2027]

The file has inline CSS, charts embedded as base64 PNG data URIs, no scripts and no
external references, so it can be mailed or archived as it is. It holds the scenario
description, headline numbers (shares in 2021, 2024, 2026, 2030; for a comparison the
effects over a period, per run totals or means, paired), the charts of scripts/plot.py and
the event timeline.
Exit status: 0 success, 2 bad input (one line on stderr).
"""
from __future__ import annotations

import argparse
import base64
import html
import sys
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cmsim_io  # noqa: E402
import plot  # noqa: E402

HEADLINE_YEARS = (2021, 2024, 2026, 2030)
TOP_DIFFERENCES = 8
CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 1000px;
       color: #222; line-height: 1.45; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.15em; margin-top: 1.8em;
       border-bottom: 1px solid #ccc; padding-bottom: 0.2em; }
table { border-collapse: collapse; font-size: 0.88em; margin: 0.6em 0; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td:first-child { min-width: 12em; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2em 0; } figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85em; color: #555; }
.note { font-size: 0.85em; color: #555; } .desc { background: #f7f7f2; padding: 0.6em 0.9em; border-left: 3px solid #4e8a00; }
"""



# --------------------------------------------------------------------------- formatting

def format_value(metric: str, value: float) -> str:
    """A value in the metric's natural unit: shares in %, money in USD bn."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    if "share" in metric:
        return f"{100 * value:.0f}%"
    if metric.endswith("_usd"):
        return f"${value / plot.BILLION:,.1f} bn"
    return f"{value:,.3g}"


def format_difference(metric: str, value: float) -> str:
    """A difference: shares in percentage points, money in USD bn, signed."""
    if "share" in metric:
        return f"{100 * value:+.1f} pp"
    if metric.endswith("_usd"):
        return f"{value / plot.BILLION:+,.2f} bn"
    return f"{value:+,.3g}"


def table(header: Sequence[str], rows: List[Sequence[str]], numeric_from: int = 1) -> str:
    """An HTML table; every cell is escaped; columns from numeric_from are right-aligned."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f"<td class=\"num\">{html.escape(str(c))}</td>" if i >= numeric_from
            else f"<td>{html.escape(str(c))}</td>" for i, c in enumerate(row))
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# --------------------------------------------------------------------------- headline numbers

def headline_metrics(out: cmsim_io.Output, basis: str) -> List[str]:
    """The metrics in the headline table that this output holds."""
    wanted = [f"nvidia_share_{basis}", f"domestic_share_{basis}", "nvidia_highend_training_share",
              "nvidia_china_revenue_usd", "domestic_revenue_usd", "dev_share_cuda"]
    present = set(cmsim_io.metric_names(out))
    return [m for m in wanted if m in present]


def annual(values: pd.DataFrame, metric: str, value_column: str, by: List[str]) -> pd.DataFrame:
    """Aggregate quarters to years: money summed over the year, everything else averaged."""
    frame = values.assign(year=values["quarter"].dt.year)
    how = "sum" if metric.endswith("_usd") else "mean"
    return frame.groupby(by + ["year"], observed=True)[value_column].agg(how).reset_index()


def run_headlines(out: cmsim_io.RunOutput, metrics: List[str]) -> Tuple[List[str], List[List[str]], str]:
    """Headline table of one run: yearly value per metric."""
    years = [y for y in HEADLINE_YEARS if y in set(out.timeseries["quarter"].dt.year)]
    rows = []
    for metric in metrics:
        data = annual(out.metrics[out.metrics["metric"] == metric], metric, "value", [])
        by_year = dict(zip(data["year"], data["value"]))
        rows.append([plot.metric_label(metric)] + [format_value(metric, by_year.get(y, np.nan)) for y in years])
    note = "Shares are the mean of the year's quarters; revenue is the year's total."
    return ["metric"] + [str(y) for y in years], rows, note


def sweep_headlines(out: cmsim_io.SweepOutput, metrics: List[str]) -> Tuple[List[str], List[List[str]], str]:
    """Headline table of a sweep: median and 90% range across runs of each yearly value."""
    years = [y for y in HEADLINE_YEARS if y in set(out.summary["quarter"].dt.year)]
    rows = []
    for metric in metrics:
        cells = [plot.metric_label(metric)]
        for year in years:
            cells.append(sweep_cell(out, metric, year))
        rows.append(cells)
    if out.runs is not None:
        note = ("Median across runs, with the 5th–95th percentile range in brackets. Shares are the mean "
                "of the year's quarters; revenue is the year's total.")
    else:
        note = ("runs.csv was left out of this sweep, so yearly values are approximated from summary.csv: "
                "shares are the fourth quarter's median (p05–p95); revenue is the sum of the quarterly medians.")
    return ["metric"] + [str(y) for y in years], rows, note


def sweep_cell(out: cmsim_io.SweepOutput, metric: str, year: int) -> str:
    """'66% (58%–71%)' for one metric and year of a sweep."""
    if out.runs is not None:
        data = annual(out.runs[out.runs["metric"] == metric], metric, "value", ["run"])
        values = data.loc[data["year"] == year, "value"].to_numpy()
        if values.size == 0:
            return "–"
        lo, mid, hi = np.quantile(values, [0.05, 0.5, 0.95])
    else:
        rows = out.summary[(out.summary["metric"] == metric) & (out.summary["quarter"].dt.year == year)]
        if rows.empty:
            return "–"
        if metric.endswith("_usd"):
            return format_value(metric, rows["p50"].sum())
        last = rows.sort_values("quarter").iloc[-1]
        lo, mid, hi = last["p05"], last["p50"], last["p95"]
    return f"{format_value(metric, mid)} ({format_value(metric, lo)}–{format_value(metric, hi)})"


FLOW_UNITS = ("USD", "cards", "PFLOPS", "PFLOPS-equivalent")


def is_flow(metric: str, units: Dict[str, str]) -> bool:
    """Summed over a period (money, cards, compute bought) rather than averaged (shares,
    stocks, cumulative counts); the rule of `cmsim compare --summary-period`."""
    if "cumulative" in metric or metric.startswith("installed_"):
        return False
    unit = units.get(metric)
    return unit in FLOW_UNITS if unit is not None else metric.endswith("_usd")


def parse_period(text: str) -> Optional[Tuple[int, int]]:
    """'all' -> None (whole horizon); '2026' -> (2026, 2026); '2025-2027' -> (2025, 2027)."""
    if text == "all":
        return None
    return plot.parse_years(text)


def period_label(period: Optional[Tuple[int, int]]) -> str:
    if period is None:
        return "whole horizon"
    return str(period[0]) if period[0] == period[1] else f"{period[0]}–{period[1]}"


def arm_runs(out: cmsim_io.CompareOutput, arm: str) -> Optional[pd.DataFrame]:
    """runs.csv of base/ or alt/ (None when the comparison left runs out)."""
    try:
        return cmsim_io._runs(out.path / arm)
    except cmsim_io.CmsimOutputError:
        return None


def per_run_period(runs: pd.DataFrame, metrics: List[str], period, flows: Dict[str, bool]) -> pd.DataFrame:
    """run x metric table of each run's period total (flows) or mean (the rest)."""
    rows = runs[runs["metric"].isin(metrics)]
    if period is not None:
        years = rows["quarter"].dt.year
        rows = rows[(years >= period[0]) & (years <= period[1])]
    summed = rows.groupby(["run", "metric"], observed=True)["value"].agg(["sum", "mean"])
    wide = {m: summed.xs(m, level="metric")["sum" if flows[m] else "mean"] for m in metrics
            if m in summed.index.get_level_values("metric")}
    return pd.DataFrame(wide)


def effects_from_compare_csv(out: cmsim_io.CompareOutput, period, flows: Dict[str, bool]) -> List[tuple]:
    """Without runs: the mean difference over the period is exact (a mean is linear), the
    medians are approximated by the quarterly medians' sum or mean, and there is no band."""
    rows = out.compare
    if period is not None:
        years = rows["quarter"].dt.year
        rows = rows[(years >= period[0]) & (years <= period[1])]
    picks = []
    for metric, group in rows.groupby("metric", observed=True, sort=False):
        how = "sum" if flows[str(metric)] else "mean"
        mean, base_mid, alt_mid = (group[c].agg(how) for c in ("diff_mean", "base_p50", "alt_p50"))
        if mean == 0 or np.isnan(mean):
            continue
        scale = max(abs(base_mid), abs(alt_mid), 1e-12)
        picks.append((abs(mean) / scale, str(metric), base_mid, alt_mid, mean, np.nan, np.nan))
    return picks


def compare_headlines(out: cmsim_io.CompareOutput, period=None) -> Tuple[List[str], List[List[str]], str]:
    """Effects over a period: per metric the mean paired difference (alternative − base) of
    each run's period total or mean, its paired 90% band and the two medians."""
    units = {s["name"]: s["unit"] for s in ((out.base.manifest.get("series") if out.base else None) or [])}
    metrics = [str(m) for m in out.compare["metric"].cat.categories]
    flows = {m: is_flow(m, units) for m in metrics}
    base, alt = arm_runs(out, "base"), arm_runs(out, "alt")
    picks = []
    if base is not None and alt is not None:
        b = per_run_period(base, metrics, period, flows)
        a = per_run_period(alt, metrics, period, flows)
        for metric in [m for m in metrics if m in b.columns and m in a.columns]:
            diff = (a[metric] - b[metric]).dropna()
            if diff.empty or (diff == 0).all():
                continue
            base_mid, alt_mid = b[metric].median(), a[metric].median()
            lo, hi = np.quantile(diff, [0.05, 0.95])
            scale = max(abs(base_mid), abs(alt_mid), 1e-12)
            picks.append((abs(diff.mean()) / scale, metric, base_mid, alt_mid, diff.mean(), lo, hi))
    else:
        picks = effects_from_compare_csv(out, period, flows)
    picks.sort(key=lambda p: p[0], reverse=True)
    body = []
    for _, metric, base_mid, alt_mid, mean, lo, hi in picks[:TOP_DIFFERENCES]:
        how = "total" if flows[metric] else "mean"
        band = "–" if np.isnan(lo) else f"{format_difference(metric, lo)} to {format_difference(metric, hi)}"
        body.append([plot.metric_label(metric), how, format_value(metric, base_mid), format_value(metric, alt_mid),
                     format_difference(metric, mean), band,
                     "–" if np.isnan(lo) else "yes" if lo > 0 or hi < 0 else "no"])
    header = ["metric", f"over {period_label(period)}", "base (median)", "alternative (median)",
              "difference (mean)", "paired 90% band", "band excludes 0"]
    note = (f"Each run's total over {period_label(period)} (money, cards, compute bought) or mean over its "
            "quarters (shares, installed compute, cumulative counts), in the base and the alternative; the "
            "difference is alternative − base per run (common random numbers), its mean and 5th–95th "
            "percentiles; metrics ordered by the size of the difference relative to their level.")
    if base is None or alt is None:
        note = ("base/ and alt/ hold no runs.csv, so the effects come from compare.csv: the mean difference "
                "is exact; the medians are the sum (or mean) of the quarterly medians; no band.")
    if not body:
        note = "The alternative and the base do not differ in any metric."
    return header, body, note


def headlines(out: cmsim_io.Output, basis: str, period=None) -> Tuple[List[str], List[List[str]], str]:
    """The headline table for any kind of output."""
    if isinstance(out, cmsim_io.CompareOutput):
        return compare_headlines(out, period)
    metrics = headline_metrics(out, basis)
    if isinstance(out, cmsim_io.RunOutput):
        return run_headlines(out, metrics)
    return sweep_headlines(out, metrics)


# --------------------------------------------------------------------------- sections

def manifest_rows(manifest: Dict) -> List[List[str]]:
    """Provenance rows from manifest.json (command, version, scenarios, seed, runs, times)."""
    keys = (("command", "command"), ("cmsim_version", "cmsim version"), ("scenario_paths", "scenario file(s)"),
            ("scenario_sha256", "scenario sha256"), ("seed", "seed"), ("runs", "runs"), ("threads", "threads"),
            ("command_line", "command line"), ("started_utc", "started (UTC)"), ("finished_utc", "finished (UTC)"))
    rows = []
    for key, label in keys:
        if key in manifest:
            value = manifest[key]
            rows.append([label, " ".join(map(str, value)) if isinstance(value, list) else str(value)])
    return rows


def events_section(out: cmsim_io.Output) -> str:
    """The event timeline table, numbered like the markers in the charts."""
    events = getattr(out, "events", None)
    if events is None or events.empty:
        return "<p class=\"note\">No events.csv in this output directory.</p>"
    rows = [[str(i), f"{r.date:%Y-%m-%d}", str(r.quarter), r.event, str(r.kind).replace("_", " "), r.detail]
            for i, r in enumerate(events.itertuples(index=False), start=1)]
    return table(["#", "date", "quarter", "event", "kind", "detail"], rows, numeric_from=99)


def charts_section(out: cmsim_io.Output, options: plot.Options) -> str:
    """Every chart as an <img> with a base64 PNG data URI."""
    figures = []
    for chart in plot.make_charts(out, options.basis, options):
        data = base64.b64encode(plot.figure_png(chart.figure)).decode("ascii")
        figures.append(f"<figure><img alt=\"{html.escape(chart.title)}\" src=\"data:image/png;base64,{data}\">"
                       f"<figcaption>{html.escape(chart.title)}</figcaption></figure>")
    return "\n".join(figures) or "<p class=\"note\">No chartable metrics in this output.</p>"


def render(out: cmsim_io.Output, basis: str = "units", period=None,
           options: Optional[plot.Options] = None) -> str:
    """The whole report as one HTML string."""
    options = options or plot.Options(basis=basis)
    kind_title = {"run": "Single run", "sweep": f"Monte Carlo sweep ({out.manifest.get('runs')} runs)",
                  "compare": f"Comparison ({out.manifest.get('runs')} paired runs)"}[out.kind]
    header, rows, note = headlines(out, options.basis, period)
    heading = f"Effects over {period_label(period)}" if out.kind == "compare" else "Headline numbers"
    missing = [name for name in ("products", "ecosystems") if out.kind == "run" and getattr(out, name) is None]
    missing_note = (f"<p class=\"note\">Not in this output: {', '.join(n + '.csv' for n in missing)}.</p>"
                    if missing else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cmsim report: {html.escape(cmsim_io.scenario_label(out.manifest))}</title>
<style>{CSS}</style></head>
<body>
<h1>cmsim report — {html.escape(kind_title)}</h1>
<p class="desc">{html.escape(cmsim_io.scenario_label(out.manifest))}</p>
<h2>{heading}</h2>
{table(header, rows)}
<p class="note">{html.escape(note)}</p>
<h2>Charts</h2>
{charts_section(out, options)}
<h2>Policy events</h2>
{events_section(out)}
<h2>Provenance</h2>
{table(["field", "value"], manifest_rows(out.manifest), numeric_from=99)}
{missing_note}
<p class="note">Generated by scripts/report.py from the output directory {html.escape(str(out.path))}.
Shares are fractions of China's AI-accelerator market; money is USD; compute is dense BF16/FP16 PFLOPS.</p>
</body></html>
"""


# --------------------------------------------------------------------------- CLI


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = plot.OneLineParser(prog="report.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="a cmsim output directory (has manifest.json)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--basis", choices=plot.BASES, default="units",
                        help="market share by units, compute or revenue (default: units)")
    parser.add_argument("--period", default="all",
                        help="a comparison's effects over a year (2026), a range (2025-2027) or all (default)")
    parser.add_argument("--events", default="all",
                        help="events the charts mark: all, us-only, cn-only, none, or ids and patterns")
    parser.add_argument("--years", default=None, help="the charts' years: 2025 or 2022-2027")
    return parser.parse_args(argv)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point: load DIR, write the report, print its path."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        period = parse_period(args.period)
        options = plot.Options(basis=args.basis, years=plot.parse_years(args.years), events=args.events)
        out = cmsim_io.load(args.directory, strict=False)
        text = render(out, args.basis, period, options)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except (plot.UsageError, cmsim_io.CmsimOutputError) as err:
        print(f"report.py: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"report.py: error: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
        return 2
    print(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
