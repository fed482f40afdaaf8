#!/usr/bin/python3
"""Charts of a `cmsim sensitivity`, `attribute` or `discover` result: DIR/charts/*.png.

Usage: /usr/bin/python3 scripts/plot_explore.py DIR

sensitivity (Morris): per outcome, mu_star (bar, with its bootstrap interval) beside sigma
(dot): a long bar matters, a large sigma means the effect depends on the other inputs.
sensitivity (Sobol): per outcome, S1 (first order) and ST (total) with their intervals.
attribute: a waterfall from the outcome with none of the chosen events (0) to the total
effect, one bar per event's Shapley value (90% interval as a whisker), largest first, and
the leave-one-out effect as a dot.
discover: the PRIM coverage-density trade-off (one dot per peeling step, coloured by the
number of inputs restricted; the chosen box ringed), or the CART leaves, beside the box: each input's range
scaled to [0, 1], the box's limits as a bar. Prints the paths it wrote.
Exit status: 0 success, 2 bad input (one line on stderr).
"""
from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path
from typing import Dict, List

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402


class InputProblem(Exception):
    """Bad input: one line for stderr, exit status 2."""


def num(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return math.nan


def read_rows(path: Path) -> List[Dict[str, str]]:
    if not path.exists():
        raise InputProblem(f"{path}: no such file")
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        raise InputProblem(f"{path}: no rows")
    return rows


def sensitivity_figures(folder: Path) -> Dict[str, Figure]:
    """One figure per outcome of DIR/sensitivity.csv, keyed by a file-safe name."""
    rows = read_rows(folder / "sensitivity.csv")
    morris = "mu_star" in rows[0]
    figures = {}
    for outcome in dict.fromkeys(r["outcome"] for r in rows):
        mine = [r for r in rows if r["outcome"] == outcome]
        mine.sort(key=lambda r: num(r["mu_star" if morris else "ST"]), reverse=True)
        names = [r["parameter"] for r in mine]
        fig, ax = plt.subplots(figsize=(8, 1.2 + 0.35 * len(mine)))
        y = range(len(mine))
        if morris:
            ax.barh(y, [num(r["mu_star"]) for r in mine], xerr=[num(r["mu_star_conf"]) for r in mine],
                    color="tab:blue", label="mu_star (mean |elementary effect|)")
            ax.plot([num(r["sigma"]) for r in mine], list(y), "o", color="tab:red",
                    label="sigma (spread: interactions, non-linearity)")
            ax.set_xlabel(f"effect on {outcome} of moving the parameter across its range")
        else:
            ax.barh([v - 0.2 for v in y], [num(r["S1"]) for r in mine], height=0.4,
                    xerr=[num(r["S1_conf"]) for r in mine], color="tab:blue", label="S1 (alone)")
            ax.barh([v + 0.2 for v in y], [num(r["ST"]) for r in mine], height=0.4,
                    xerr=[num(r["ST_conf"]) for r in mine], color="tab:orange", label="ST (with interactions)")
            ax.set_xlabel(f"share of the variance of {outcome}")
        ax.set_yticks(list(y))
        ax.set_yticklabels(names, fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.5)
        ax.legend(fontsize=8, loc="lower right")
        ax.set_title(f"{'Morris' if morris else 'Sobol'} sensitivity of {outcome}", fontsize=10)
        fig.tight_layout()
        figures["sensitivity-" + "".join(c if c.isalnum() else "_" for c in outcome)] = fig
    return figures


def attribution_figure(folder: Path, outcome: str = "") -> Figure:
    """The waterfall of DIR/attribution.csv."""
    rows = read_rows(folder / "attribution.csv")
    total = [r for r in rows if r["event"] == "total"]
    events = [r for r in rows if r["event"] != "total"]
    if not total:
        raise InputProblem(f"{folder / 'attribution.csv'}: no total row")
    events.sort(key=lambda r: abs(num(r["shapley"])), reverse=True)
    fig, ax = plt.subplots(figsize=(9, 1.5 + 0.3 * len(events)))
    level = 0.0
    for y, r in enumerate(events):
        v = num(r["shapley"])
        ax.barh(y, v, left=level, color="tab:green" if v >= 0 else "tab:red")
        lo, hi = num(r["shapley_p05"]), num(r["shapley_p95"])
        if not math.isnan(lo):
            ax.plot([level + lo, level + hi], [y, y], color="black", linewidth=0.8)
        ax.plot(level + num(r["leave_one_out"]), y, "o", color="0.3", markersize=3)
        level += v
    t = num(total[0]["shapley"])
    ax.barh(len(events), t, color="tab:blue")
    ax.set_yticks(range(len(events) + 1))
    ax.set_yticklabels([r["event"] for r in events] + ["total (all vs none)"], fontsize=7)
    ax.invert_yaxis()
    ax.axvline(0, color="black", linewidth=0.5)
    ax.set_xlabel(f"effect on {outcome or 'the outcome'} (Shapley bars with 90% whiskers; dots: leave-one-out)")
    ax.set_title("Attribution to policy events", fontsize=10)
    fig.tight_layout()
    return fig


def discovery_figure(folder: Path, where: str = "") -> Figure:
    """The trade-off curve and the box of DIR/discovery.csv and DIR/discovery_box.csv."""
    steps = read_rows(folder / "discovery.csv")
    box = read_rows(folder / "discovery_box.csv")
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, max(3.5, 1.2 + 0.35 * len(box))))
    tree = "leaf" in steps[0]  # --method cart: one row per leaf
    peeled = steps if tree else [r for r in steps if r["step"].isdigit()]
    dots = left.scatter([num(r["coverage"]) for r in peeled], [num(r["density"]) for r in peeled],
                        c=[num(r["restricted_inputs"]) for r in peeled], cmap="viridis", s=14)
    fig.colorbar(dots, ax=left, label="inputs restricted")
    for r in steps:
        if tree and r["chosen"] == "1":
            left.plot(num(r["coverage"]), num(r["density"]), "o", markersize=11, markerfacecolor="none",
                      color="tab:red", label="chosen leaf")
        if not tree and r["step"] in ("pasted", "significant"):
            marker = "s" if r["step"] == "pasted" else "o"
            left.plot(num(r["coverage"]), num(r["density"]), marker, markersize=11, markerfacecolor="none",
                      color="tab:red", label=f"{r['step']} box")
    left.set_xlabel("coverage (share of the cases of interest inside the box)")
    left.set_ylabel("density (share of the box's runs that are cases)")
    title = "CART leaves" if tree else "PRIM peeling trajectory"
    left.set_title(f"{title}{': ' + where if where else ''}", fontsize=10)
    left.legend(fontsize=8)
    for y, r in enumerate(box):
        lo, hi = num(r["data_min"]), num(r["data_max"])
        width = (hi - lo) or 1.0
        a = num(r["low"]) if r["low"] else lo
        b = num(r["high"]) if r["high"] else hi
        right.barh(y, 1.0, color="0.9")
        restricted = bool(r["low"] or r["high"])
        right.barh(y, (b - a) / width, left=(a - lo) / width, color="tab:blue" if restricted else "0.75")
        if restricted:
            right.text(1.02, y, f"[{a:.3g}, {b:.3g}]  p={num(r['quasi_p']):.2g}", va="center", fontsize=7)
    right.set_yticks(range(len(box)))
    right.set_yticklabels([r["input"] for r in box], fontsize=8)
    right.invert_yaxis()
    right.set_xlim(0, 1.6)
    right.set_xlabel("position in the input's sampled range (0 = min, 1 = max)")
    right.set_title("the box (blue: restricted inputs, with quasi p-values)", fontsize=10)
    fig.tight_layout()
    return fig


def main(argv: List[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder = Path(argv[1])
    try:
        manifest_path = folder / "manifest.json"
        if not manifest_path.exists():
            raise InputProblem(f"{manifest_path}: no such file")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        command = manifest.get("command")
        if command == "sensitivity":
            figures = sensitivity_figures(folder)
        elif command == "discover":
            where = f"{manifest.get('outcome', '')} {manifest.get('where', '')}".strip()
            figures = {"discovery": discovery_figure(folder, where)}
        elif command == "attribute":
            figures = {"attribution": attribution_figure(folder, manifest.get("outcome", ""))}
        else:
            raise InputProblem(f"{folder}: a {command} result; expected sensitivity, attribute or discover")
    except (InputProblem, json.JSONDecodeError, KeyError) as e:
        print(f"plot_explore: {e}", file=sys.stderr)
        return 2
    charts = folder / "charts"
    charts.mkdir(exist_ok=True)
    for name, fig in figures.items():
        path = charts / f"{name}.png"
        fig.savefig(path, dpi=130)
        plt.close(fig)
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
