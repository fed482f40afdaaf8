#!/usr/bin/python3
"""Charts of a cmsim output directory (run, sweep or compare), written as PNG, SVG or PDF.

Usage: /usr/bin/python3 scripts/plot.py DIR [-o DIR] [--basis units|compute|revenue]
           [--metrics a,b,...] [--years 2022-2027] [--events all|us-only|cn-only|none|ID,PATTERN,...]
           [--format png,svg,pdf]

The kind of output is read from DIR/manifest.json. Runs give lines, sweeps fan charts
(median, p25-p75 and p05-p95 bands), comparisons the paired difference alt - base with
its 90% band and the unpaired band dashed, and the levels of both arms with their bands.
Policy events from events.csv are drawn as numbered vertical lines (numbers stacked so
that they never overlap) with a key under the chart. Prints the paths it wrote.
Exit status: 0 success, 2 bad input (one line on stderr).
"""
from __future__ import annotations

import argparse
import io
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, List, Optional, Sequence, Tuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402
from PIL import Image  # noqa: E402  (python3-pil, a dependency of python3-matplotlib)

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cmsim_io  # noqa: E402
from chart_events import (EVENT_FILTERS, EVENT_LABEL_GAP_IN, EVENT_ROW_POINTS, FIG_WIDTH_IN,  # noqa: E402,F401
                          KEY_ROW_IN, NON_POLICY_KINDS, axes_width_in, draw_event_key, draw_events,
                          event_key_lines, event_rows, key_rows, planned_events, select_events)

DPI = 150
PANEL_HEIGHT_IN = 3.3
SMALL_PANEL_HEIGHT_IN = 2.4
NVIDIA_COLOR = "#4e8a00"
DOMESTIC_COLOR = "#c8102e"
BASES = ("units", "compute", "revenue")
FORMATS = ("png", "svg", "pdf")
ECOSYSTEM_COLORS = {"cuda": NVIDIA_COLOR, "cann": DOMESTIC_COLOR, "neuware": "#1f5fa8",
                    "other_domestic": "#e08a00", "other": "#888888"}
FALLBACK_COLORS = ("#6a3d9a", "#b15928", "#1b9e77", "#e7298a", "#666666")
BILLION = 1e9
FOOTER_WRAP_CHARS = 170
PNG_COLORS = 128  # palette PNGs: a third of the size, indistinguishable for line charts
METRIC_LABELS = {
    "nvidia_share_units": "Nvidia share of units", "nvidia_share_compute": "Nvidia share of compute",
    "nvidia_share_revenue": "Nvidia share of revenue",
    "nvidia_highend_training_share": "Nvidia share of high-end training compute",
    "domestic_share_units": "Domestic share of units", "domestic_share_compute": "Domestic share of compute",
    "domestic_share_revenue": "Domestic share of revenue",
    "nvidia_china_revenue_usd": "Nvidia China revenue", "domestic_revenue_usd": "Domestic vendors' revenue",
    "writedown_usd": "Write-downs", "unmet_demand_pflops": "Unmet demand",
    "diverted_units": "Diverted units", "diverted_spend_usd": "Spend on diverted cards", "installed_pflops_us": "Installed compute, US chips",
    "installed_pflops_domestic": "Installed compute, domestic chips",
    "dev_left_cuda_cumulative": "Developers who left CUDA (cumulative)",
}


class UsageError(Exception):
    """Bad command-line input; reported as one line with exit status 2."""


@dataclass
class Chart:
    """A finished chart: file stem, human title and the figure."""

    name: str
    title: str
    figure: Figure


# --------------------------------------------------------------------------- data access

def quarter_x(quarters: pd.Series) -> np.ndarray:
    """Mid-quarter dates (datetime64) for a Series of quarter periods."""
    start = pd.PeriodIndex(quarters, freq=cmsim_io.QUARTER_FREQ).to_timestamp(how="start")
    return (start + pd.Timedelta(days=45)).values


def run_series(out: cmsim_io.RunOutput, metric: str) -> Optional[pd.DataFrame]:
    """(quarter, value) of one metric of a run, or None when the metric is absent."""
    if metric not in out.timeseries.columns:
        return None
    return out.timeseries[["quarter", metric]].rename(columns={metric: "value"})


def sweep_series(out: cmsim_io.SweepOutput, metric: str) -> Optional[pd.DataFrame]:
    """summary.csv rows of one metric (quarter, mean, sd, p05 … p95), or None."""
    rows = out.summary[out.summary["metric"] == metric]
    return None if rows.empty else rows.sort_values("quarter")


def compare_series(out: cmsim_io.CompareOutput, metric: str) -> Optional[pd.DataFrame]:
    """compare.csv rows of one metric, or None."""
    rows = out.compare[out.compare["metric"] == metric]
    return None if rows.empty else rows.sort_values("quarter")


def has_metric(out: cmsim_io.Output, metric: str) -> bool:
    """Whether the output holds a metric."""
    return metric in cmsim_io.metric_names(out)


def ecosystems_of(out: cmsim_io.Output) -> List[str]:
    """Ecosystem names from the dev_share_<ecosystem> metrics, in file order."""
    return [m[len("dev_share_"):] for m in cmsim_io.metric_names(out) if m.startswith("dev_share_")]


# --------------------------------------------------------------------------- drawing

def draw_metric(ax, out: cmsim_io.Output, metric: str, color: str, label: str,
                scale: float = 1.0) -> bool:
    """Draw one metric: a line for a run, a fan (p05-p95, p25-p75, median) for a sweep."""
    if isinstance(out, cmsim_io.RunOutput):
        data = run_series(out, metric)
        if data is None:
            return False
        ax.plot(quarter_x(data["quarter"]), data["value"] / scale, color=color, lw=1.8, label=label)
        return True
    data = sweep_series(out, metric)
    if data is None:
        return False
    x = quarter_x(data["quarter"])
    ax.fill_between(x, data["p05"] / scale, data["p95"] / scale, color=color, alpha=0.15, lw=0)
    ax.fill_between(x, data["p25"] / scale, data["p75"] / scale, color=color, alpha=0.3, lw=0)
    ax.plot(x, data["p50"] / scale, color=color, lw=1.8, label=label)
    return True


def footer_text(out: cmsim_io.Output) -> str:
    """Scenario and provenance line printed at the bottom of every chart."""
    m = out.manifest
    runs = m.get("runs")
    what = {"run": f"one run, seed {m.get('seed')}",
            "sweep": f"sweep of {runs} runs, seed {m.get('seed')}; bands p05–p95 (light) and "
                     f"p25–p75 (dark), line median",
            "compare": f"comparison over {runs} paired runs (common random numbers), seed {m.get('seed')}"}
    return (f"Scenario: {cmsim_io.scenario_label(m)} — cmsim {m.get('cmsim_version', '?')}, "
            f"{what[out.kind]}. Source: cmsim output {out.path}")


def new_figure(panels: int, columns: int, event_rows_used: int, n_key_lines: int,
               footer: str) -> Tuple[Figure, List, float]:
    """A figure with panels laid out in inches; returns (figure, axes, key top in inches)."""
    rows = -(-panels // columns)
    head = 0.35 if panels > 1 else 0.05  # room for the figure title of multi-panel charts
    panel_h = PANEL_HEIGHT_IN if rows == 1 else SMALL_PANEL_HEIGHT_IN
    above = 0.3 + 0.16 * event_rows_used  # panel title + event numbers
    footer_lines = textwrap.wrap(footer, FOOTER_WRAP_CHARS)
    bottom = 0.45 + KEY_ROW_IN * (n_key_lines + (1 if n_key_lines else 0)) + 0.13 * len(footer_lines) + 0.15
    height = head + rows * (panel_h + above) + (rows - 1) * 0.35 + bottom
    fig = plt.figure(figsize=(FIG_WIDTH_IN, height), dpi=DPI)
    width = axes_width_in(columns)
    axes = []
    for i in range(panels):
        r, c = divmod(i, columns)
        top = height - head - r * (panel_h + above + 0.35) - above
        rect = (0.8 + c * (width + 0.75)) / FIG_WIDTH_IN, (top - panel_h) / height, \
            width / FIG_WIDTH_IN, panel_h / height
        axes.append(fig.add_axes(rect))
    fig.text(0.01, (0.12 + 0.13 * len(footer_lines)) / height, "\n".join(footer_lines),
             fontsize=6.5, color="#555555", va="top", linespacing=1.3)
    key_top = bottom - 0.45
    return fig, axes, key_top


def style_axes(ax, title: str, ylabel: str, pad_rows: int) -> None:
    """Title above the event numbers, y label, year ticks, light grid, legend."""
    ax.set_title(title, fontsize=10, loc="left", pad=6 + pad_rows * EVENT_ROW_POINTS)
    ax.set_ylabel(ylabel, fontsize=8.5)
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#dddddd", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles, _ = ax.get_legend_handles_labels()
    if handles:
        ax.legend(fontsize=7.5, frameon=False, loc="best")


@dataclass
class Options:
    """What the user chose: share basis, metrics, years, event filter, file formats."""

    basis: str = "units"
    metrics: Optional[List[str]] = None
    years: Optional[Tuple[int, int]] = None
    events: str = "all"
    formats: Tuple[str, ...] = ("png",)


OPTIONS = Options()  # the defaults; charts read the options passed to make_charts


def quarter_range(out: cmsim_io.Output, years: Optional[Tuple[int, int]] = None
                  ) -> Tuple[np.datetime64, np.datetime64]:
    """First day of the first quarter and last day of the last quarter of the output (within
    years, when given)."""
    table = {"run": "timeseries", "sweep": "summary", "compare": "compare"}[out.kind]
    quarters = getattr(out, table)["quarter"]
    lo, hi = quarters.min().start_time, quarters.max().end_time
    if years is not None:
        lo = max(lo, pd.Timestamp(year=years[0], month=1, day=1))
        hi = min(hi, pd.Timestamp(year=years[1], month=12, day=31, hour=23, minute=59))
        if lo >= hi:
            raise UsageError(f"--years {years[0]}-{years[1]}: outside the output's quarters "
                             f"({quarters.min()} to {quarters.max()})")
    return (lo.to_datetime64(), hi.to_datetime64())


def build_chart(out: cmsim_io.Output, name: str, title: str,
                panels: List[Tuple[str, str, Callable]], columns: int = 1,
                options: Optional[Options] = None) -> Chart:
    """Lay out panels (subtitle, y label, draw(ax) function) with events, key and footer."""
    options = options or OPTIONS
    x_range = quarter_range(out, options.years)
    events = planned_events(out, x_range, options.events)
    positions = [(mdates.date2num(d) - mdates.date2num(x_range[0]))
                 / (mdates.date2num(x_range[1]) - mdates.date2num(x_range[0])) for d in events["date"]]
    min_gap = EVENT_LABEL_GAP_IN / axes_width_in(columns)
    rows_used = (max(event_rows(positions, min_gap)) + 1) if positions else 0
    keys = event_key_lines(events)
    fig, axes, key_top = new_figure(len(panels), columns, rows_used, len(keys) and key_rows(len(keys)),
                                    footer_text(out))
    for ax, (subtitle, ylabel, draw) in zip(axes, panels):
        draw(ax)
        ax.set_xlim(mdates.date2num(x_range[0]), mdates.date2num(x_range[1]))
        if options.years is not None:
            fit_y_to_shown_years(ax)
        draw_events(ax, events, min_gap)
        style_axes(ax, subtitle, ylabel, rows_used)
    draw_event_key(fig, keys, key_top)
    if len(panels) > 1:
        fig.suptitle(title, x=0.01, y=1 - 0.08 / fig.get_figheight(), ha="left", va="top",
                     fontsize=11, fontweight="bold")
    return Chart(name, title, fig)


def fit_y_to_shown_years(ax) -> None:
    """With --years, the y range of what is inside the x range (percent axes keep 0-100%)."""
    if isinstance(ax.yaxis.get_major_formatter(), PercentFormatter):
        return
    lo, hi = ax.get_xlim()
    ys = []
    for line in ax.get_lines():
        xy = line.get_xydata()
        if len(xy) > 2:  # not the zero line
            ys.append(xy[(xy[:, 0] >= lo) & (xy[:, 0] <= hi), 1])
    for collection in ax.collections:
        for path in collection.get_paths():
            v = path.vertices
            ys.append(v[(v[:, 0] >= lo) & (v[:, 0] <= hi), 1])
    values = np.concatenate(ys) if ys else np.array([])
    values = values[np.isfinite(values)]
    if values.size:
        bottom, top = min(values.min(), 0.0), values.max()
        pad = 0.05 * (top - bottom or 1.0)
        ax.set_ylim(bottom - (pad if bottom < 0 else 0), top + pad)


def percent_axis(ax, top: float = 1.0) -> None:
    """Fractions shown as percent, 0 to top."""
    ax.yaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    ax.set_ylim(0, top)


# --------------------------------------------------------------------------- charts

def chart_shares(out: cmsim_io.Output, basis: str, options: Options = OPTIONS) -> Optional[Chart]:
    """Nvidia and domestic share of the market (by units, compute or revenue)."""
    nvidia, domestic = f"nvidia_share_{basis}", f"domestic_share_{basis}"
    if not (has_metric(out, nvidia) or has_metric(out, domestic)):
        return None

    def draw(ax) -> None:
        draw_metric(ax, out, nvidia, NVIDIA_COLOR, "Nvidia")
        draw_metric(ax, out, domestic, DOMESTIC_COLOR, "Domestic vendors")
        percent_axis(ax)

    title = f"Share of China's AI-accelerator market by {basis}"
    return build_chart(out, "shares", title, [(title, f"share of {basis} (%)", draw)], options=options)


def chart_dev_share(out: cmsim_io.Output, options: Options = OPTIONS) -> Optional[Chart]:
    """Developer share per software ecosystem."""
    ecosystems = ecosystems_of(out)
    if not ecosystems:
        return None

    def draw(ax) -> None:
        for i, eco in enumerate(ecosystems):
            color = ECOSYSTEM_COLORS.get(eco, FALLBACK_COLORS[i % len(FALLBACK_COLORS)])
            draw_metric(ax, out, f"dev_share_{eco}", color, eco.upper() if len(eco) <= 4 else eco.replace("_", " "))
        percent_axis(ax)

    title = "Developers by primary hardware ecosystem"
    return build_chart(out, "dev_share", title, [(title, "share of developers (%)", draw)], options=options)


def chart_revenue(out: cmsim_io.Output, options: Options = OPTIONS) -> Optional[Chart]:
    """Nvidia's China revenue (and domestic vendors' revenue), USD bn per quarter."""
    if not has_metric(out, "nvidia_china_revenue_usd"):
        return None

    def draw(ax) -> None:
        draw_metric(ax, out, "nvidia_china_revenue_usd", NVIDIA_COLOR, "Nvidia (China)", BILLION)
        draw_metric(ax, out, "domestic_revenue_usd", DOMESTIC_COLOR, "Domestic vendors", BILLION)
        ax.set_ylim(bottom=0)

    title = "Revenue from AI accelerators sold in China"
    return build_chart(out, "revenue", title, [(title, "USD bn per quarter", draw)], options=options)


def metric_label(metric: str) -> str:
    """Readable name of a metric ('dev_share_cann' -> 'Developer share, CANN')."""
    if metric in METRIC_LABELS:
        return METRIC_LABELS[metric]
    if metric.startswith("dev_share_"):
        eco = metric[len("dev_share_"):]
        return f"Developer share, {eco.upper() if len(eco) <= 4 else eco.replace('_', ' ')}"
    return metric.replace("_", " ")


def metric_unit(metric: str) -> Tuple[float, str]:
    """(divisor, axis label) for a metric, from its name."""
    if metric.endswith("_usd"):
        return BILLION, "USD bn per quarter"
    if "share" in metric:
        return 0.01, "percentage points"
    if "pflops" in metric:
        return 1.0, "PFLOPS (dense BF16)"
    return 1.0, metric.replace("_", " ")


COMPARE_METRICS = ("nvidia_share_units", "domestic_share_units", "nvidia_china_revenue_usd",
                   "dev_share_cuda")


def draw_difference(ax, out: cmsim_io.CompareOutput, metric: str) -> None:
    """Paired difference alt - base: mean line, 90% band; unpaired 90% band dashed."""
    data = compare_series(out, metric)
    scale, _ = metric_unit(metric)
    x = quarter_x(data["quarter"])
    ax.axhline(0, color="#888888", lw=0.8)
    ax.fill_between(x, data["diff_p05"] / scale, data["diff_p95"] / scale, color="#1f5fa8",
                    alpha=0.3, lw=0, label="paired 90% band")
    ax.plot(x, data["diff_mean"] / scale, color="#1f5fa8", lw=1.8, label="mean difference")
    ax.plot(x, data["unpaired_diff_p05"] / scale, color="#333333", lw=0.9, ls="--",
            label="unpaired 90% band")
    ax.plot(x, data["unpaired_diff_p95"] / scale, color="#333333", lw=0.9, ls="--")


def chart_compare_diff(out: cmsim_io.CompareOutput, options: Options = OPTIONS,
                       metrics: Optional[List[str]] = None, name: str = "compare_diff") -> Optional[Chart]:
    """Small multiples of the paired difference for the headline (or the chosen) metrics."""
    if metrics is None:
        metrics = [m for m in COMPARE_METRICS if has_metric(out, m)] or cmsim_io.metric_names(out)[:4]
    panels = []
    for metric in metrics:
        panels.append((metric_label(metric), metric_unit(metric)[1],
                       lambda ax, m=metric: draw_difference(ax, out, m)))
    title = "Difference alternative − base (paired by common random numbers)"
    chart = build_chart(out, name, title, panels, columns=2 if len(panels) > 1 else 1, options=options)
    for ax in chart.figure.axes[1:]:
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
    return chart


def chart_compare_levels(out: cmsim_io.CompareOutput, basis: str, options: Options = OPTIONS) -> Optional[Chart]:
    """Nvidia and domestic share in the base and the alternative: medians, and each arm's
    p05-p95 band when base/ and alt/ hold their summaries."""
    nvidia, domestic = f"nvidia_share_{basis}", f"domestic_share_{basis}"
    if not (has_metric(out, nvidia) and has_metric(out, domestic)):
        return None

    def draw(ax) -> None:
        for metric, color, who in ((nvidia, NVIDIA_COLOR, "Nvidia"), (domestic, DOMESTIC_COLOR, "Domestic")):
            data = compare_series(out, metric)
            x = quarter_x(data["quarter"])
            ax.plot(x, data["base_p50"], color=color, lw=1.8, label=f"{who}, base (median)")
            ax.plot(x, data["alt_p50"], color=color, lw=1.5, ls="--", label=f"{who}, alternative (median)")
            for arm, hatch in ((out.base, None), (out.alt, "////")):
                band = sweep_series(arm, metric) if arm is not None else None
                if band is not None:
                    ax.fill_between(quarter_x(band["quarter"]), band["p05"], band["p95"], color=color,
                                    alpha=0.12, lw=0, hatch=hatch)
        percent_axis(ax)

    title = f"Market share by {basis}: base and alternative"
    return build_chart(out, "compare_levels", title, [(title, f"share of {basis} (%)", draw)], options=options)


def chart_metrics(out: cmsim_io.Output, metrics: List[str], options: Options) -> Chart:
    """The chosen metrics, one panel each: lines or fans (run, sweep), differences (compare)."""
    missing = [m for m in metrics if not has_metric(out, m)]
    if missing:
        raise UsageError(f"--metrics: {', '.join(missing)} not in this output; it has: "
                         f"{', '.join(cmsim_io.metric_names(out))}")
    if isinstance(out, cmsim_io.CompareOutput):
        return chart_compare_diff(out, options, metrics, name="metrics")
    panels = []
    for i, metric in enumerate(metrics):
        share = "share" in metric and not metric.endswith("_usd")
        scale, unit = (1.0, "%") if share else metric_unit(metric)
        color = (NVIDIA_COLOR, DOMESTIC_COLOR, *FALLBACK_COLORS)[i % (2 + len(FALLBACK_COLORS))]

        def draw(ax, m=metric, scale=scale, share=share, color=color) -> None:
            draw_metric(ax, out, m, color, metric_label(m), scale)
            if share:
                percent_axis(ax)

        panels.append((metric_label(metric), unit, draw))
    title = "Selected metrics"
    chart = build_chart(out, "metrics", title, panels, columns=2 if len(panels) > 1 else 1, options=options)
    for ax in chart.figure.axes:
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
    return chart


def make_charts(out: cmsim_io.Output, basis: str = "units", options: Optional[Options] = None) -> List[Chart]:
    """Every chart that applies to this kind of output and the metrics it holds (only the
    chosen metrics' chart when options.metrics is set)."""
    options = options or Options(basis=basis)
    if options.metrics:
        return [chart_metrics(out, options.metrics, options)]
    if isinstance(out, cmsim_io.CompareOutput):
        candidates = [chart_compare_diff(out, options), chart_compare_levels(out, options.basis, options)]
    else:
        candidates = [chart_shares(out, options.basis, options), chart_dev_share(out, options),
                      chart_revenue(out, options)]
    return [c for c in candidates if c is not None]


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes: 150 dpi, 128-colour palette, optimised, no timestamp."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    plt.close(fig)
    buffer.seek(0)
    image = Image.open(buffer).convert("RGB").quantize(
        colors=PNG_COLORS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    small = io.BytesIO()
    image.save(small, format="PNG", optimize=True)
    return small.getvalue()


def figure_vector(fig: Figure, fmt: str) -> bytes:
    """The figure as SVG or PDF bytes, without a creation date (same input, same bytes)."""
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"CreationDate": None, "ModDate": None}
    with matplotlib.rc_context({"svg.hashsalt": "cmsim"}):
        fig.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata)
    return buffer.getvalue()


def write_charts(out: cmsim_io.Output, out_dir: Path, prefix: str = "", basis: str = "units",
                 options: Optional[Options] = None) -> List[Path]:
    """Write every chart as DIR/<prefix><name>.<format> for each format; return the paths."""
    options = options or Options(basis=basis)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for chart in make_charts(out, options.basis, options):
        for fmt in options.formats:
            if fmt != "png":
                path = out_dir / f"{prefix}{chart.name}.{fmt}"
                path.write_bytes(figure_vector(chart.figure, fmt))
                paths.append(path)
        if "png" in options.formats:
            path = out_dir / f"{prefix}{chart.name}.png"
            path.write_bytes(figure_png(chart.figure))  # closes the figure
            paths.append(path)
        else:
            plt.close(chart.figure)
    return paths


# --------------------------------------------------------------------------- CLI

class OneLineParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{message} (see --help)")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Command-line options."""
    parser = OneLineParser(prog="plot.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="a cmsim output directory (has manifest.json)")
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="where to write the PNGs (default: DIR/plots)")
    parser.add_argument("--basis", choices=BASES, default="units",
                        help="market share by units, compute or revenue (default: units)")
    parser.add_argument("--prefix", default="", help="prefix for the file names")
    parser.add_argument("--metrics", default=None,
                        help="comma-separated metrics: one chart with a panel each instead of the default charts")
    parser.add_argument("--years", default=None, help="a year (2025) or a range (2022-2027) to show")
    parser.add_argument("--events", default="all",
                        help="policy events to mark: all (default), us-only, cn-only, none, or "
                             "comma-separated ids and patterns (us-2025-*,cn-2025-08-cac-summons)")
    parser.add_argument("--format", default="png",
                        help="comma-separated file formats: png (default), svg, pdf")
    return parser.parse_args(argv)


def parse_years(text: Optional[str]) -> Optional[Tuple[int, int]]:
    """'2025' -> (2025, 2025); '2022-2027' -> (2022, 2027); None -> None."""
    if text is None:
        return None
    first, _, last = text.partition("-")
    try:
        years = (int(first), int(last or first))
    except ValueError:
        raise UsageError(f"--years: expected a year or FIRST-LAST (2022-2027), got {text!r}") from None
    if years[0] > years[1]:
        raise UsageError(f"--years: expected FIRST <= LAST, got {text!r}")
    return years


def options_from(args: argparse.Namespace) -> Options:
    """The chart options of parsed arguments; UsageError on a bad value."""
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise UsageError(f"--format: expected png, svg or pdf (comma-separated), got {args.format!r}")
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()] if args.metrics else None
    return Options(basis=args.basis, metrics=metrics, years=parse_years(args.years), events=args.events,
                   formats=formats)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Entry point: load DIR, write the charts, print their paths."""
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
        options = options_from(args)
        out = cmsim_io.load(args.directory, strict=False)
        paths = write_charts(out, args.output or args.directory / "plots", args.prefix, options=options)
    except (UsageError, cmsim_io.CmsimOutputError) as err:
        print(f"plot.py: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"plot.py: error: cannot write {err.filename}: {err.strerror}", file=sys.stderr)
        return 2
    if not paths:
        print(f"plot.py: error: {args.directory}: none of the plotted metrics are in this output",
              file=sys.stderr)
        return 2
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
