#!/usr/bin/python3
"""Runs every Python test (unittest discovery over tests/python) and fails if any test failed,
errored or was skipped: CI with a skipped test is red. Run from the repository root."""
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
suite = unittest.defaultTestLoader.discover(str(ROOT / "tests" / "python"), top_level_dir=str(ROOT))
result = unittest.TextTestRunner(verbosity=2).run(suite)
for test, reason in result.skipped:
    print(f"skipped (not allowed): {test.id()}: {reason}", file=sys.stderr)
print(f"python: {result.testsRun - len(result.failures) - len(result.errors) - len(result.skipped)} passed, "
      f"{len(result.failures) + len(result.errors)} failed, {len(result.skipped)} skipped")
sys.exit(0 if result.wasSuccessful() and not result.skipped and result.testsRun > 0 else 1)
