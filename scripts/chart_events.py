"""Policy events on charts (scripts/plot.py): which events a chart marks (--events), the
numbered labels above the panels, stacked so that no two overlap, and the key under the
chart. Kept apart from plot.py, which lays out and draws the charts."""
from __future__ import annotations

import fnmatch
from typing import List, Sequence, Tuple

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

import cmsim_io

FIG_WIDTH_IN = 9.0
EVENT_COLOR = "#555555"
EVENT_ROW_POINTS = 11
EVENT_MAX_ROWS = 12  # rows of event numbers; more than this many events within one label's width share a row
EVENT_LABEL_GAP_IN = 0.21  # inches between two numbers on one row (a two-digit label is ~0.17 in)
KEY_ROW_IN = 0.16


NON_POLICY_KINDS = ("launch", "writedown", "redesign", "milestone", "skipped", "removed")
EVENT_FILTERS = ("all", "us-only", "cn-only", "none")


def select_events(events: pd.DataFrame, spec: str) -> pd.DataFrame:
    """Events chosen by --events: all, us-only (ids us-*), cn-only (ids cn-*), none, or a
    comma-separated list of ids and shell patterns (us-2025-*)."""
    if spec == "all" or events.empty:
        return events
    if spec == "none":
        return events.iloc[0:0]
    patterns = {"us-only": ["us-*"], "cn-only": ["cn-*"]}.get(spec)
    if patterns is None:
        patterns = [p.strip() for p in spec.split(",") if p.strip()]
    ids = events["event"].astype(str)
    keep = ids.map(lambda e: any(fnmatch.fnmatchcase(e, p) for p in patterns))
    return events[keep.to_numpy(dtype=bool)]


def planned_events(out: cmsim_io.Output, x_range: Tuple[np.datetime64, np.datetime64],
                   spec: str = "all") -> pd.DataFrame:
    """Policy events inside the time range, chosen by spec (empty frame if the output has none)."""
    events = getattr(out, "events", None)
    if events is None or events.empty:
        return pd.DataFrame(columns=cmsim_io.EVENT_COLUMNS)
    lo, hi = pd.Timestamp(x_range[0]), pd.Timestamp(x_range[1])
    # Charts mark policy events only: product launches, write-downs, redesigns and skipped
    # events are in events.csv and the report's table, but would bury the rules on a chart.
    policy = ~events["kind"].astype(str).isin(NON_POLICY_KINDS)
    inside = (events["date"] >= lo) & (events["date"] <= hi)
    chosen = events[policy & inside].drop_duplicates(subset=["date", "event"])
    return select_events(chosen, spec).reset_index(drop=True)


def axes_width_in(columns: int) -> float:
    """Width of one panel in inches (the layout of new_figure)."""
    return (FIG_WIDTH_IN - 0.8 - 0.3 - 0.75 * (columns - 1)) / columns


def event_rows(positions: Sequence[float], min_gap: float = EVENT_LABEL_GAP_IN / axes_width_in(1)) -> List[int]:
    """Greedy stagger: a row per event so that numbers on one row keep min_gap (a fraction
    of the axes' width) apart; a new row when none has room (up to EVENT_MAX_ROWS)."""
    last: List[float] = []
    rows = []
    for x in positions:
        free = [r for r in range(len(last)) if x - last[r] >= min_gap]
        if free:
            row = free[0]
        elif len(last) < EVENT_MAX_ROWS:
            row = len(last)
            last.append(-1.0)
        else:
            row = int(np.argmin(last))
        last[row] = x
        rows.append(row)
    return rows


def draw_events(ax, events: pd.DataFrame, min_gap: float = EVENT_LABEL_GAP_IN / axes_width_in(1)) -> int:
    """Numbered dotted vertical lines at the events' dates; returns the rows used."""
    if events.empty:
        return 0
    lo, hi = ax.get_xlim()
    xs = [mdates.date2num(d) for d in events["date"]]
    rows = event_rows([(x - lo) / (hi - lo) for x in xs], min_gap)
    for number, (x, row) in enumerate(zip(xs, rows), start=1):
        ax.axvline(x, color=EVENT_COLOR, lw=0.8, ls=":", zorder=1)
        ax.annotate(str(number), xy=(x, 1.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 2 + row * EVENT_ROW_POINTS), textcoords="offset points",
                    ha="center", va="bottom", fontsize=7, color="#222222",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=EVENT_COLOR, lw=0.5))
    ax.set_xlim(lo, hi)
    return max(rows) + 1


def event_key_lines(events: pd.DataFrame) -> List[str]:
    """'1  2025-04-09  us-2025-04-h20-licence (licence requirement)' per event."""
    lines = []
    for number, row in enumerate(events.itertuples(index=False), start=1):
        kind = str(row.kind).replace("_", " ")
        text = f"{number}  {row.date:%Y-%m-%d}  {row.event} ({kind})"
        lines.append(text if len(text) <= 70 else text[:69] + "…")
    return lines


def key_rows(n_events: int) -> int:
    """Lines the event key takes (two columns)."""
    return (n_events + 1) // 2


def draw_event_key(fig: Figure, lines: List[str], top_in: float) -> None:
    """Write the event key in two columns starting top_in inches above the figure bottom."""
    if not lines:
        return
    height = fig.get_figheight()
    half = key_rows(len(lines))
    fig.text(0.075, top_in / height, "Events:", fontsize=7, fontweight="bold", va="top")
    for i, line in enumerate(lines):
        column, row = divmod(i, half)
        fig.text(0.075 + 0.45 * column, (top_in - KEY_ROW_IN * (row + 1)) / height, line,
                 fontsize=7, va="top", color="#222222")
