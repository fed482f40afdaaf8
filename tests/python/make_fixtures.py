#!/usr/bin/python3
"""Write small synthetic cmsim output directories (run, sweep, compare) for the Python tests.

The numbers are made up (smooth curves shaped like the story in docs/model.md, with noise),
not model output. They follow the docs/output.md schema so the loader, plots and
report can be tested before (and independently of) the C++ side. Deterministic: running
this again gives the same bytes.

Usage: /usr/bin/python3 tests/python/make_fixtures.py [OUT_DIR]   (default: tests/python/fixtures)
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

import numpy as np

FIRST_YEAR = 2020
LAST_YEAR = 2030
SEED = 20221007
SWEEP_RUNS = 10
ECOSYSTEMS = ("cuda", "cann", "neuware", "other_domestic")
DEVELOPERS = 1_500_000
BASELINE = "scenarios/baseline.yaml"
ALTERNATIVE = "scenarios/no-2025-rule.yaml"
DESCRIPTION = ("Synthetic test fixture shaped like the baseline: history as it happened, "
               "2020-2030 (made-up numbers, not model output).")

# (date, event id, kind, detail); the 2025-04 rule is the one the alternative removes.
EVENTS: Tuple[Tuple[str, str, str, str], ...] = (
    ("2022-10-07", "us-2022-10-ac-rule", "export_rule",
     "TPP >= 4800 and interconnect >= 600 GB/s; catches A100, H100"),
    ("2023-11-17", "us-2023-10-ac-rule", "export_rule",
     "TPP >= 4800, or TPP >= 1600 and PD >= 5.92; catches A800, H800, L40S"),
    ("2024-12-02", "us-2024-12-hbm-rule", "supply_control",
     "HBM control (3A090.c); domestic capacity x0.8"),
    ("2024-12-09", "cn-2024-12-samr-probe", "discourage",
     "SAMR antitrust probe of Nvidia, \"Mellanox conditions\""),
    ("2025-01-20", "deepseek-r1", "demand_shock",
     "inference demand x1.3"),
    ("2025-04-09", "us-2025-04-h20-licence", "licence_requirement",
     "H20, MI308 need a licence; source: https://www.tomshardware.com (plain text)"),
    ("2025-08-11", "us-2025-08-h20-licences", "licence_requirement",
     "licences granted, 15% of revenue to USG"),
    ("2025-09-17", "cn-2025-09-cac-rtx6000d", "discourage",
     "CAC: cancel RTX Pro 6000D orders"),
    ("2026-01-15", "us-2026-01-h200-case-by-case", "licence_requirement",
     "H200 case-by-case, 25% fee"),
    ("2026-01-28", "cn-2026-01-h200-imports", "procurement_mandate",
     "first H200 import batch approved (>400k units)"),
)
REMOVED_IN_ALTERNATIVE = "us-2025-04-h20-licence"


def quarters() -> List[str]:
    """Quarter labels 2020Q1 … 2030Q4."""
    return [f"{y}Q{q}" for y in range(FIRST_YEAR, LAST_YEAR + 1) for q in range(1, 5)]


def quarter_times() -> np.ndarray:
    """Mid-quarter time in years (2020.125, 2020.375, …)."""
    return np.array([y + (q - 0.5) / 4 for y in range(FIRST_YEAR, LAST_YEAR + 1)
                     for q in range(1, 5)])


def logistic(x: np.ndarray) -> np.ndarray:
    """The standard logistic function."""
    return 1.0 / (1.0 + np.exp(-x))


def synth_run(params: Dict[str, float], noise: np.ndarray, with_2025_rule: bool) -> Dict[str, np.ndarray]:
    """One synthetic replication: every default metric (docs/output.md) as an array over the quarters."""
    t = quarter_times()
    mid, width, growth = params["migration_midpoint"], params["migration_width"], params["market_scale"]
    nv = 0.93 - 0.75 * logistic((t - mid) / width)
    if with_2025_rule:
        nv = nv * np.where((t > 2025.25) & (t < 2026.0), 0.35, 1.0)
    nv = nv * np.where(t > 2026.0, 0.8, 1.0) + 0.04 * np.where(t > 2026.0, 1.0, 0.0)
    nv = np.clip(nv + 0.015 * noise, 0.01, 0.97)
    domestic = np.clip((1.0 - nv) * 0.92, 0.0, 1.0)
    market = growth * 40e9 * logistic((t - 2026.0) / 1.3)
    highend = np.where(t < 2022.75, 0.95, np.where(t < 2023.9, 0.55, 0.0))
    highend = highend + np.where(t > 2026.1, 0.15, 0.0)
    writedown = np.zeros_like(t)
    if with_2025_rule:
        writedown[(t > 2025.25) & (t < 2025.5)] = 4.5e9 * growth
    writedown[(t > 2023.75) & (t < 2024.0)] += 0.4e9
    cuda = 0.92 - 0.35 * logistic((t - mid - 1.0) / (1.5 * width))
    if with_2025_rule:
        cuda = cuda - 0.03 * logistic((t - 2025.5) / 0.5)
    cann = (1.0 - cuda) * 0.62
    neuware = (1.0 - cuda) * 0.12
    other = 1.0 - cuda - cann - neuware
    installed_us = np.cumsum(market * nv / 2.0e4) / 1e3
    installed_dom = np.cumsum(market * domestic / 4.0e4) / 1e3
    return {
        "nvidia_share_units": nv,
        "nvidia_share_compute": np.clip(nv * 1.05, 0, 1),
        "nvidia_share_revenue": np.clip(nv * 1.08, 0, 1),
        "nvidia_highend_training_share": highend,
        "domestic_share_units": domestic,
        "domestic_share_compute": domestic * 0.95,
        "domestic_share_revenue": domestic * 0.9,
        "nvidia_china_revenue_usd": market * np.clip(nv * 1.08, 0, 1),
        "domestic_revenue_usd": market * domestic * 0.9,
        "writedown_usd": writedown,
        "unmet_demand_pflops": np.maximum(0.0, 800.0 * logistic((t - 2024.5) / 0.7) * (1 + 0.1 * noise)),
        "diverted_units": np.maximum(0.0, 20000 * np.exp(-((t - 2024.5) / 1.2) ** 2) * (1 + 0.2 * noise)),
        "installed_pflops_us": installed_us,
        "installed_pflops_domestic": installed_dom,
        "dev_share_cuda": cuda,
        "dev_share_cann": cann,
        "dev_share_neuware": neuware,
        "dev_share_other_domestic": other,
        "dev_left_cuda_cumulative": np.round(DEVELOPERS * (0.92 - cuda)),
    }


def sample_params(rng: np.random.Generator) -> Dict[str, float]:
    """Draw the three uncertain parameters of the synthetic model."""
    return {
        "migration_midpoint": float(rng.normal(2025.0, 0.45)),
        "migration_width": float(rng.uniform(0.45, 0.9)),
        "market_scale": float(rng.lognormal(0.0, 0.2)),
    }


def smooth_noise(rng: np.random.Generator, n: int) -> np.ndarray:
    """AR(1) noise with unit-ish variance, so runs wiggle like simulations do."""
    out = np.zeros(n)
    for i in range(1, n):
        out[i] = 0.7 * out[i - 1] + rng.normal(0.0, 0.7)
    return out


def fmt(x: float) -> str:
    """Number format of the fixtures: 6 significant digits, '' for NaN."""
    return "" if np.isnan(x) else f"{x:.6g}"


def write_csv(path: Path, header: Sequence[str], rows: List[Sequence[object]]) -> None:
    """Write an RFC 4180 CSV (gzip-compressed if the name ends in .gz)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    if path.suffix == ".gz":
        path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    else:
        path.write_bytes(data)


def manifest(command: str, paths: List[str], runs: int, description: bool) -> Dict[str, object]:
    """A manifest.json like cmsim's (fixed times so the fixtures are reproducible)."""
    argv = ["cmsim", command] + paths + (["--runs", str(runs)] if command != "run" else [])
    out: Dict[str, object] = {
        "schema_version": 1, "cmsim_version": "0.1.0-fixture", "command": command,
        "scenario_paths": paths, "scenario_sha256": ["0" * 64 for _ in paths],
        "seed": SEED, "runs": runs, "threads": 2, "command_line": argv,
        "started_utc": "2026-11-27T12:00:00Z", "finished_utc": "2026-11-27T12:00:05Z",
    }
    if description:
        out["scenario_description"] = DESCRIPTION
    return out


def write_manifest(directory: Path, content: Dict[str, object]) -> None:
    """Write manifest.json with a stable key order."""
    (directory / "manifest.json").write_text(json.dumps(content, indent=2) + "\n", encoding="utf-8")


def events_rows(with_2025_rule: bool) -> List[List[str]]:
    """events.csv rows (date, quarter, event, kind, detail)."""
    rows = []
    for date, event, kind, detail in EVENTS:
        if event == REMOVED_IN_ALTERNATIVE and not with_2025_rule:
            continue
        year, month = int(date[:4]), int(date[5:7])
        rows.append([date, f"{year}Q{(month - 1) // 3 + 1}", event, kind, detail])
    return rows


def simulate(runs: int, with_2025_rule: bool) -> Tuple[List[Dict[str, float]], List[Dict[str, np.ndarray]]]:
    """``runs`` replications; the same seed gives common random numbers across scenarios."""
    params, series = [], []
    for run in range(runs):
        rng = np.random.default_rng([SEED, run])
        p = sample_params(rng)
        params.append(p)
        series.append(synth_run(p, smooth_noise(rng, len(quarters())), with_2025_rule))
    return params, series


def write_run(directory: Path) -> None:
    """A single run: timeseries, products, ecosystems, events, manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    _, (series,) = simulate(1, True)
    labels, metrics = quarters(), list(series)
    rows = [[q, f"{q[:4]}-{(int(q[5]) - 1) * 3 + 1:02d}-01"] + [fmt(series[m][i]) for m in metrics]
            for i, q in enumerate(labels)]
    write_csv(directory / "timeseries.csv", ["quarter", "date"] + metrics, rows)
    write_csv(directory / "products.csv",
              ["quarter", "product", "vendor", "origin", "units", "revenue_usd", "pflops", "legal", "price_usd"],
              product_rows(series))
    write_csv(directory / "ecosystems.csv",
              ["quarter", "ecosystem", "developers", "share", "maturity", "installed_pflops"],
              [[q, e, fmt(round(DEVELOPERS * series[f"dev_share_{e}"][i])), fmt(series[f"dev_share_{e}"][i]),
                fmt(1.0 if e == "cuda" else 0.2 + 0.06 * i / 4), fmt(10.0 * i)]
               for i, q in enumerate(labels) for e in ECOSYSTEMS])
    write_csv(directory / "events.csv", ["date", "quarter", "event", "kind", "detail"], events_rows(True))
    write_manifest(directory, manifest("run", [BASELINE], 1, description=True))


def product_rows(series: Dict[str, np.ndarray]) -> List[List[str]]:
    """products.csv rows: two US and one domestic product per quarter (synthetic)."""
    rows = []
    for i, q in enumerate(quarters()):
        year = int(q[:4])
        us_sku = "a100" if year < 2023 else ("h20" if year < 2026 else "h200")
        revenue_us = series["nvidia_china_revenue_usd"][i]
        revenue_dom = series["domestic_revenue_usd"][i]
        legal = "false" if us_sku == "a100" and year >= 2023 else "true"
        rows.append([q, us_sku, "nvidia", "us", fmt(revenue_us / 13000), fmt(revenue_us), fmt(revenue_us / 13000 * 0.148),
                     legal, "13000"])
        rows.append([q, "ascend910b", "huawei", "domestic", fmt(revenue_dom / 15000), fmt(revenue_dom),
                     fmt(revenue_dom / 15000 * 0.3), "true", "15000"])
    return rows


def tidy_runs(series: List[Dict[str, np.ndarray]]) -> List[List[str]]:
    """runs.csv rows (run, quarter, metric, value)."""
    labels = quarters()
    return [[str(r), q, m, fmt(s[m][i])] for r, s in enumerate(series) for i, q in enumerate(labels) for m in s]


def summary_rows(series: List[Dict[str, np.ndarray]]) -> List[List[str]]:
    """summary.csv rows: mean, sd and quantiles across runs per quarter and metric."""
    rows = []
    for i, q in enumerate(quarters()):
        for m in series[0]:
            v = np.array([s[m][i] for s in series])
            qs = np.quantile(v, [0.05, 0.25, 0.5, 0.75, 0.95])
            rows.append([q, m, fmt(v.mean()), fmt(v.std(ddof=1))] + [fmt(x) for x in qs])
    return rows


def write_sweep(directory: Path) -> None:
    """A sweep: runs.csv.gz, params.csv, summary.csv, events.csv (base scenario), manifest."""
    directory.mkdir(parents=True, exist_ok=True)
    params, series = simulate(SWEEP_RUNS, True)
    write_csv(directory / "runs.csv.gz", ["run", "quarter", "metric", "value"], tidy_runs(series))
    write_csv(directory / "params.csv", ["run", "parameter", "value"],
              [[str(r), k, fmt(v)] for r, p in enumerate(params) for k, v in p.items()])
    write_csv(directory / "summary.csv", ["quarter", "metric", "mean", "sd", "p05", "p25", "p50", "p75", "p95"],
              summary_rows(series))
    write_csv(directory / "events.csv", ["date", "quarter", "event", "kind", "detail"], events_rows(True))
    write_manifest(directory, manifest("sweep", [BASELINE], SWEEP_RUNS, description=True))


def compare_rows(base: List[Dict[str, np.ndarray]], alt: List[Dict[str, np.ndarray]]) -> List[List[str]]:
    """compare.csv rows: paired differences (same run index) and unpaired (all pairs)."""
    rows = []
    for i, q in enumerate(quarters()):
        for m in base[0]:
            b = np.array([s[m][i] for s in base])
            a = np.array([s[m][i] for s in alt])
            paired = a - b
            unpaired = (a[:, None] - b[None, :]).ravel()
            rows.append([q, m, fmt(np.median(b)), fmt(np.median(a)), fmt(paired.mean()),
                         fmt(np.quantile(paired, 0.05)), fmt(np.quantile(paired, 0.95)),
                         fmt(np.quantile(unpaired, 0.05)), fmt(np.quantile(unpaired, 0.95))])
    return rows


def write_compare(directory: Path) -> None:
    """A comparison of the alternative (no 2025 rule) with the baseline; no events.csv."""
    directory.mkdir(parents=True, exist_ok=True)
    _, base = simulate(SWEEP_RUNS, True)
    _, alt = simulate(SWEEP_RUNS, False)
    write_csv(directory / "compare.csv",
              ["quarter", "metric", "base_p50", "alt_p50", "diff_mean", "diff_p05", "diff_p95",
               "unpaired_diff_p05", "unpaired_diff_p95"], compare_rows(base, alt))
    write_manifest(directory, manifest("compare", [BASELINE, ALTERNATIVE], SWEEP_RUNS, description=False))


def main(argv: List[str]) -> int:
    """Write run/, sweep/ and compare/ under the output directory."""
    out = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent / "fixtures"
    write_run(out / "run")
    write_sweep(out / "sweep")
    write_compare(out / "compare")
    print(f"fixtures written to {out}/run, {out}/sweep, {out}/compare")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
