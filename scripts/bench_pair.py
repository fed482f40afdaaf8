#!/usr/bin/python3
"""Times two builds of bench_sweep against each other, interleaved, on one CPU.

On a shared machine the CPU time of the same binary moves by 10-20% between minutes, so a
before/after comparison must alternate the two binaries and compare many short runs, not
two long ones (docs/performance.md, *Method*). This runs A, B, A, B, ... `--pairs` times,
each a `bench_sweep SCENARIO RUNS --repeat 1 --threads 1` pinned to one CPU (taskset), and
prints for each the minimum, lower quartile and median of its CPU ns per agent-quarter, and
B's minimum and lower quartile relative to A's. Run a binary against itself first (A/A):
the relative figures it gives are the comparison's noise floor on that machine.

Usage: scripts/bench_pair.py A_BENCH B_BENCH [--scenario FILE] [--runs N] [--pairs K] [--cpu C]

Exit 0 when every run gave a figure, 2 on bad usage or when a run failed.
"""
import re
import shutil
import subprocess
import sys

from perf_inputs import Parser, input_problem, positive_int

FIGURE = re.compile(r"CPU per agent-quarter\s+([0-9.]+)\s*/")  # 4 digits (ms per replication has 3)


def one_run(binary: str, scenario: str, runs: int, cpu: int | None) -> float:
    command = [binary, scenario, str(runs), "--repeat", "1", "--threads", "1"]
    if cpu is not None:
        command = ["taskset", "-c", str(cpu)] + command
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[:300]}")
    found = FIGURE.search(done.stdout)
    if not found:
        raise RuntimeError(f"{' '.join(command)} printed no 'CPU per agent-quarter' line")
    return float(found.group(1))


def quantile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main() -> int:
    ap = Parser("bench_pair", description=__doc__.split("\n\n")[0])
    ap.add_argument("a", help="the reference bench_sweep binary")
    ap.add_argument("b", help="the bench_sweep binary measured against it")
    ap.add_argument("--scenario", default="scenarios/baseline.yaml")
    ap.add_argument("--runs", type=positive_int, default=50, help="replications per run (default 50)")
    ap.add_argument("--pairs", type=positive_int, default=15, help="runs of each binary (default 15)")
    ap.add_argument("--cpu", type=int, default=1, help="CPU to pin to (default 1; -1: do not pin)")
    args = ap.parse_args()
    problem = input_problem([args.a, args.b], args.scenario)
    if problem:
        print(f"bench_pair: {problem}", file=sys.stderr)
        return 2
    cpu = None if args.cpu < 0 or shutil.which("taskset") is None else args.cpu
    times: dict[str, list[float]] = {"A": [], "B": []}
    try:
        for _ in range(args.pairs):
            for name, binary in (("A", args.a), ("B", args.b)):
                times[name].append(one_run(binary, args.scenario, args.runs, cpu))
    except RuntimeError as e:
        print(f"bench_pair: {e}", file=sys.stderr)
        return 2
    pinned = f"CPU {cpu}" if cpu is not None else "not pinned"
    print(f"bench_pair: {args.scenario}, {args.runs} replications a run, {args.pairs} runs each, "
          f"interleaved, {pinned}; CPU ns per agent-quarter")
    summary = {}
    for name, binary in (("A", args.a), ("B", args.b)):
        s = sorted(times[name])
        summary[name] = (s[0], quantile(s, 0.25), quantile(s, 0.5))
        print(f"  {name} {binary}: min {s[0]:.1f}  q25 {summary[name][1]:.1f}  median {summary[name][2]:.1f}")
    rel_min = summary["B"][0] / summary["A"][0] - 1
    rel_q25 = summary["B"][1] / summary["A"][1] - 1
    print(f"  B relative to A: min {rel_min:+.1%}, q25 {rel_q25:+.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
