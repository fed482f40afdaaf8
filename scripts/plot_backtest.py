#!/usr/bin/env python3
"""Chart of a `cmsim backtest` result: DIR/charts/backtest.png.

Usage: /usr/bin/python3 scripts/plot_backtest.py DIR

One panel per forecast origin. Each scored row is a line: the model's p05-p95 (thin) and
p25-p75 (thick) intervals and its p50 (dot), the observed value (black x) and the naive
forecasts (persistence: triangle, trend: square), all as (value - observed) / scale, where
scale is the row's band width (as in the loss), so rows of different units share an axis;
the grey bar is the band.
"""
import csv
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def num(text):
    try:
        return float(text)
    except ValueError:
        return math.nan


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    folder = argv[1]
    path = os.path.join(folder, "backtest.csv")
    if not os.path.exists(path):
        print(f"plot_backtest: no backtest.csv in {folder}", file=sys.stderr)
        return 2
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    origins = list(dict.fromkeys(r["origin"] for r in rows))
    if not origins:
        print("plot_backtest: backtest.csv has no rows", file=sys.stderr)
        return 2
    height = max(len([r for r in rows if r["origin"] == o]) for o in origins)
    fig, axes = plt.subplots(1, len(origins), figsize=(5.5 * len(origins), 1.2 + 0.32 * height), squeeze=False)
    for ax, origin in zip(axes[0], origins):
        mine = [r for r in rows if r["origin"] == origin]
        for y, r in enumerate(mine):
            obs, scale = num(r["observed"]), num(r["scale"]) or 1.0

            def rel(v):
                return (v - obs) / scale

            lo, hi = rel(num(r["band_low"])), rel(num(r["band_high"]))
            ax.plot([lo, hi], [y, y], color="0.85", linewidth=9, solid_capstyle="butt")
            ax.plot([rel(num(r["model_p05"])), rel(num(r["model_p95"]))], [y, y], color="tab:blue", linewidth=1)
            ax.plot([rel(num(r["model_p25"])), rel(num(r["model_p75"]))], [y, y], color="tab:blue", linewidth=4)
            ax.plot(rel(num(r["model_p50"])), y, "o", color="tab:blue", markersize=4)
            ax.plot(0, y, "x", color="black")
            if not math.isnan(num(r["naive_persistence"])):
                ax.plot(rel(num(r["naive_persistence"])), y, "^", color="tab:orange", markersize=5)
            if not math.isnan(num(r["naive_trend"])):
                ax.plot(rel(num(r["naive_trend"])), y, "s", color="tab:green", markersize=4)
        ax.set_yticks(range(len(mine)))
        ax.set_yticklabels([r["row"] for r in mine], fontsize=7)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.5)
        ax.set_xlim(-4, 4)
        ax.set_title(f"origin {origin}: fitted on history ending by then", fontsize=9)
        ax.set_xlabel("(value - observed) / band width (clipped at ±4)", fontsize=8)
    handles = [
        plt.Line2D([], [], color="0.85", linewidth=8, label="band"),
        plt.Line2D([], [], color="tab:blue", linewidth=4, marker="o", label="model p25-p75, p50 (p05-p95 thin)"),
        plt.Line2D([], [], color="black", marker="x", linestyle="", label="observed"),
        plt.Line2D([], [], color="tab:orange", marker="^", linestyle="", label="persistence"),
        plt.Line2D([], [], color="tab:green", marker="s", linestyle="", label="linear trend"),
    ]
    fig.legend(handles=handles, loc="lower center", ncol=5, fontsize=8, frameon=False)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    out = os.path.join(folder, "charts")
    os.makedirs(out, exist_ok=True)
    target = os.path.join(out, "backtest.png")
    fig.savefig(target, dpi=110)
    print(f"plot_backtest: wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
