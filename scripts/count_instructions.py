#!/usr/bin/python3
"""Counts the instructions a replication of a sweep executes, by function, with callgrind.

On a shared machine a timing does not resolve a change under a few per cent; an
instruction count does not depend on the machine's load (docs/performance.md, *How to
profile*). A sweep's count also holds the one-off cost of loading the scenario and writing
the output, so this runs `cmsim sweep SCENARIO --runs N --threads 1 --runs-output none`
under `valgrind --tool=callgrind` for two sizes LO and HI and reports the difference over
HI - LO: what one replication costs, in total and by function (self cost, with code
inlined into a function counted in it). With `--against B`, the same for a second build
and the difference per function, largest first.

Usage: scripts/count_instructions.py [CMSIM] [--against CMSIM_B] [--scenario FILE]
                                     [--set KEY=VALUE ...] [--runs LO,HI] [--top N] [--keep DIR]

Exit 0 when every count was made, 2 on bad usage, a missing tool, or a run that failed.
valgrind is not among the packages scripts/install-deps.sh installs by default:
`CMSIM_EXTRA_PACKAGES=valgrind scripts/install-deps.sh` adds it.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from perf_inputs import Parser, input_problem, positive_int

# A function line of `callgrind_annotate --show-percs=no`: "1,234,567  file:function [object]".
FUNCTION_LINE = re.compile(r"^\s*([0-9][0-9,]*)\s+(\S.*?)(?:\s+\[[^\]]*\])?\s*$")
OPERATOR = re.compile(r"operator(<=>|<<=|>>=|<<|>>|<=|>=|->\*|->|<|>)")
TOTAL = re.compile(r"^totals:\s*([0-9]+)\s*$", re.MULTILINE)


class Failure(Exception):
    """A run or a tool failed: one line to print, exit 2."""


def sizes(text: str) -> tuple[int, int]:
    parts = text.split(",")
    try:
        lo, hi = (int(p) for p in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected two whole numbers LO,HI, got {text!r}") from None
    if not 1 <= lo < hi:
        raise argparse.ArgumentTypeError(f"expected 1 <= LO < HI, got {text!r}")
    return lo, hi


def short_name(function: str) -> str:
    """`file:ns::f(args) const'2` -> `ns::f`: the function without its file, parameters or
    callgrind's recursion suffix, so inlined code from headers adds up under its caller."""
    name = function.split(":", 1)[1] if ":" in function and not function.startswith(":") else function
    # Angle brackets of operator<, operator<<, operator-> ... are not a template's.
    masked = OPERATOR.sub(lambda op: "operator" + "#" * (len(op.group(0)) - len("operator")), name)
    depth = 0
    for i, ch in enumerate(masked):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "(" and depth <= 0 and i > 0 and not masked[:i].endswith("operator"):
            return name[:i].strip()
    return re.sub(r"'\d+$", "", name.strip())


def parse_functions(listing: str) -> dict[str, int]:
    """Self cost by function from `callgrind_annotate --threshold=100 --show-percs=no`."""
    costs: dict[str, int] = {}
    in_table = False
    for line in listing.splitlines():
        if line.strip().endswith("file:function"):
            in_table = True
            continue
        if not in_table:
            continue
        if line.startswith("---") or line.startswith("-- "):
            if costs:
                break
            continue
        found = FUNCTION_LINE.match(line)
        if not found:
            continue
        name = short_name(found.group(2))
        costs[name] = costs.get(name, 0) + int(found.group(1).replace(",", ""))
    return costs


def count(tools: argparse.Namespace, cmsim: str, runs: int, folder: str, tag: str) -> tuple[int, dict[str, int]]:
    """Total and per-function instructions of one sweep of `runs` replications."""
    out = os.path.join(folder, f"{tag}-{runs}.callgrind")
    command = [*tools.valgrind, "--tool=callgrind", f"--callgrind-out-file={out}", cmsim, "sweep", tools.scenario,
               "--runs", str(runs), "--threads", "1", "--runs-output", "none", "-o",
               os.path.join(folder, f"{tag}-{runs}-sweep"), "--force", "--log-level", "off"]
    for assignment in tools.set or []:
        command += ["--set", assignment]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise Failure(f"{' '.join(command)} exited {done.returncode}: {done.stderr.strip()[-300:]}")
    try:
        with open(out, encoding="utf-8", errors="replace") as f:
            found = TOTAL.search(f.read())
    except OSError as e:
        raise Failure(f"{out}: {e.strerror}") from None
    if not found:
        raise Failure(f"{out}: no 'totals:' line (not a callgrind profile?)")
    listing = subprocess.run([*tools.annotate, "--threshold=100", "--show-percs=no", out], capture_output=True,
                             text=True, check=False)
    if listing.returncode != 0:
        raise Failure(f"callgrind_annotate {out} exited {listing.returncode}: {listing.stderr.strip()[-300:]}")
    return int(found.group(1)), parse_functions(listing.stdout)


def per_replication(tools: argparse.Namespace, cmsim: str, folder: str, tag: str) -> tuple[float, dict[str, float]]:
    lo, hi = tools.runs
    total_lo, by_lo = count(tools, cmsim, lo, folder, tag)
    total_hi, by_hi = count(tools, cmsim, hi, folder, tag)
    span = hi - lo
    functions = {name: (by_hi.get(name, 0) - by_lo.get(name, 0)) / span for name in set(by_lo) | set(by_hi)}
    return (total_hi - total_lo) / span, functions


def millions(x: float) -> str:
    return f"{x / 1e6:8.2f}M"


def report_one(total: float, functions: dict[str, float], top: int) -> None:
    print(f"  {millions(total)}  a replication")
    spent = [(name, cost) for name, cost in functions.items() if cost != 0]  # one-off costs cancel
    for name, cost in sorted(spent, key=lambda kv: (-kv[1], kv[0]))[:top]:
        share = cost / total if total else 0.0
        print(f"  {millions(cost)}  {share:6.1%}  {name}")


def report_pair(a: tuple[float, dict[str, float]], b: tuple[float, dict[str, float]], top: int) -> None:
    (total_a, fa), (total_b, fb) = a, b
    change = total_b / total_a - 1 if total_a else 0.0
    print(f"  A {millions(total_a).strip()}  B {millions(total_b).strip()}  "
          f"B - A {millions(total_b - total_a).strip()} ({change:+.2%})  a replication")
    diffs = {name: fb.get(name, 0.0) - fa.get(name, 0.0) for name in set(fa) | set(fb)}
    print("  largest differences by function (B - A; A, B):")
    for name, d in sorted(diffs.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:top]:
        if d == 0:
            break
        print(f"  {millions(d)}  ({millions(fa.get(name, 0.0)).strip()}, {millions(fb.get(name, 0.0)).strip()})  {name}")


def main() -> int:
    ap = Parser("count_instructions", description=__doc__.split("\n\n")[0])
    ap.add_argument("cmsim", nargs="?", default="build/release/sim/cli/cmsim", help="the cmsim binary (A)")
    ap.add_argument("--against", help="a second cmsim binary (B), counted the same way and compared with A")
    ap.add_argument("--scenario", default="scenarios/baseline.yaml")
    ap.add_argument("--runs", type=sizes, default=(2, 6), help="the two sweep sizes LO,HI (default 2,6)")
    ap.add_argument("--top", type=positive_int, default=15, help="functions to list (default 15)")
    ap.add_argument("--set", action="append", metavar="KEY=VALUE",
                    help="passed to cmsim sweep (repeatable), e.g. buyers.enterprises.count=10")
    ap.add_argument("--keep", help="write the callgrind profiles into this folder and keep them")
    ap.add_argument("--valgrind", default="valgrind", help=argparse.SUPPRESS)  # stand-ins in tests
    ap.add_argument("--annotate", default="callgrind_annotate", help=argparse.SUPPRESS)
    args = ap.parse_args()
    binaries = [args.cmsim] + ([args.against] if args.against else [])
    problem = input_problem(binaries, args.scenario)
    if problem:
        print(f"count_instructions: {problem}", file=sys.stderr)
        return 2
    for option in ("valgrind", "annotate"):
        parts = getattr(args, option).split()
        if not parts or shutil.which(parts[0]) is None:
            print(f"count_instructions: {parts[0] if parts else option} not found: install valgrind "
                  "(CMSIM_EXTRA_PACKAGES=valgrind scripts/install-deps.sh)", file=sys.stderr)
            return 2
        setattr(args, option, parts)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cmsim-instructions-") as scratch:
        folder = args.keep or scratch
        try:
            results = [per_replication(args, binary, folder, tag) for binary, tag in zip(binaries, "ab")]
        except Failure as e:
            print(f"count_instructions: {e}", file=sys.stderr)
            return 2
    lo, hi = args.runs
    print(f"count_instructions: {args.scenario}, callgrind, (sweep of {hi} - sweep of {lo}) / {hi - lo}; "
          "self instructions by function")
    if len(results) == 1:
        print(f"  {binaries[0]}")
        report_one(*results[0], args.top)
    else:
        print(f"  A {binaries[0]}\n  B {binaries[1]}")
        report_pair(results[0], results[1], args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
