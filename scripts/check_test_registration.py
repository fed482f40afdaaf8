#!/usr/bin/python3
"""Checks that ctest runs every Catch2 test case, exactly once, and skipped none.

Usage: check_test_registration.py BUILD_DIR [JUNIT_XML]

1. Registration (before the run): every Catch2 test executable (test_*) that ctest knows is asked for its
   test cases (`--list-test-names-only`); each must be registered as exactly one ctest test
   whose filter names it, and no ctest test may name a case that does not exist. This is
   what caught Catch2 2.13's `catch_discover_tests` cutting names at ';' (seven ctest
   entries ran an empty filter and "passed").
2. The run (with JUNIT_XML, written by `ctest --output-junit`): the number of tests run
   equals the number of cases listed, and none was skipped, disabled or not run.

Exit status 0 when both hold, 1 otherwise (with one line per problem).
"""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path


def unescape(spec: str) -> str:
    """Undo catch_discover_tests' escaping of ',', '[' and ']' in a test filter."""
    for ch in ",[]":
        spec = spec.replace("\\" + ch, ch)
    return spec


def registered(build_dir: Path) -> dict:
    """ctest's tests, grouped by executable: {exe: Counter(case name)}."""
    out = subprocess.run(["ctest", "--test-dir", str(build_dir), "--show-only=json-v1"], capture_output=True,
                         text=True, check=True).stdout
    by_exe = defaultdict(Counter)
    for test in json.loads(out)["tests"]:
        command = test.get("command") or []
        if len(command) < 2:
            by_exe["<no command>"][test["name"]] += 1
            continue
        by_exe[command[0]][unescape(command[1])] += 1
    return by_exe


def listed(exe: str) -> list:
    out = subprocess.run([exe, "--list-test-names-only"], capture_output=True, text=True, check=False).stdout
    return [line for line in out.splitlines() if line.strip()]


def main(argv: list) -> int:
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    build_dir = Path(argv[1])
    problems = []
    total_cases = 0
    plain = 0
    for exe, names in sorted(registered(build_dir).items()):
        if not Path(exe).name.startswith("test_"):  # a plain ctest test (e.g. the MPI one): counted as is
            plain += sum(names.values())
            continue
        cases = listed(exe)
        total_cases += len(cases)
        for case in cases:
            if names[case] != 1:
                problems.append(f"{Path(exe).name}: test case {case!r} is registered {names[case]} times (want 1)")
        for name in names:
            if name not in cases:
                problems.append(f"{Path(exe).name}: ctest runs the filter {name!r}, which is no test case")
    if len(argv) == 3:
        root = ET.parse(argv[2]).getroot()
        cases_run = root.iter("testcase")
        statuses = Counter()
        count = 0
        for case in cases_run:
            count += 1
            status = case.get("status", "run")
            if case.find("skipped") is not None or status in ("notrun", "disabled", "skipped"):
                problems.append(f"ctest did not run {case.get('name')!r} (status {status})")
            statuses[status] += 1
        if count != total_cases + plain:
            problems.append(f"ctest ran {count} tests but there are {total_cases} test cases and {plain} plain tests")
    for p in problems:
        print("test registration:", p)
    print(f"test registration: {total_cases} Catch2 test cases, {plain} plain ctest tests, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
