"""scripts/count_instructions.py with stand-in valgrind and callgrind_annotate: the per-replication
arithmetic (HI - LO over the span), functions summed across the files their code was inlined
from, the comparison of two builds, and bad input."""
import importlib.util
import subprocess
import tempfile
import unittest
from pathlib import Path

from tests.python.helpers import SCRIPTS  # noqa: F401  (puts scripts/ on sys.path for the import below)

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "count_instructions.py"

# A fake valgrind: writes a profile whose costs are linear in the sweep's --runs N (a one-off
# part plus a part per replication); a binary whose name starts with "b" spends 5M less in
# ns::place per replication. The profile holds the listing the fake annotate prints.
FAKE_VALGRIND = r'''#!/usr/bin/python3
import os, sys
args = sys.argv[1:]
out = next(a.split("=", 1)[1] for a in args if a.startswith("--callgrind-out-file="))
binary = args[2]
n = int(args[args.index("--runs") + 1])
with open(os.path.join(os.path.dirname(sys.argv[0]), "calls.log"), "a") as log:
    log.write(" ".join(args[2:]) + "\n")
faster = os.path.basename(binary).startswith("b")
place_src = 30_000_000 * n + 5_000_000 - (5_000_000 * n if faster else 0)
place_hdr = 10_000_000 * n  # code inlined from a header, under the same function
weigh = 104_000_000 * n
load = 700_000_000  # the scenario's load: the same in both sweeps
total = place_src + place_hdr + weigh + load
listing = f"""--------------------------------------------------------------------------------
Ir            file:function
--------------------------------------------------------------------------------
{load:,}  ???:YAML::Parser::load(std::istream&) [/usr/lib/libyaml-cpp.so]
{weigh:,}  /src/models/weights.cpp:ns::weigh(ns::State&) [/bin/cmsim]
{place_src:,}  /src/models/place.cpp:ns::place(ns::State&, std::vector<int, std::allocator<int> > const&) [/bin/cmsim]
{place_hdr:,}  /usr/include/c++/12/bits/stl_vector.h:ns::place(ns::State&, std::vector<int, std::allocator<int> > const&) [/bin/cmsim]

--------------------------------------------------------------------------------
-- Auto-annotated source: /src/models/place.cpp
--------------------------------------------------------------------------------
99,999  ns::not_a_function_line
"""
with open(out, "w") as f:
    f.write(f"events: Ir\ntotals: {total}\n#LISTING\n{listing}")
'''

FAKE_ANNOTATE = r'''#!/usr/bin/python3
import sys
text = open(sys.argv[-1]).read()
sys.stdout.write(text.split("#LISTING\n", 1)[1])
'''


def executable(path: Path, body: str) -> Path:
    path.write_text(body)
    path.chmod(0o755)
    return path


class CountInstructionsTest(unittest.TestCase):
    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory()
        self.folder = Path(self._dir.name)
        self.valgrind = executable(self.folder / "valgrind", FAKE_VALGRIND)
        self.annotate = executable(self.folder / "annotate", FAKE_ANNOTATE)
        self.a = executable(self.folder / "a_cmsim", "#!/bin/sh\nexit 0\n")
        self.b = executable(self.folder / "b_cmsim", "#!/bin/sh\nexit 0\n")

    def tearDown(self) -> None:
        self._dir.cleanup()

    def run_script(self, *args: str, tools: bool = True) -> subprocess.CompletedProcess:
        extra = ["--valgrind", str(self.valgrind), "--annotate", str(self.annotate)] if tools else []
        return subprocess.run(["/usr/bin/python3", str(SCRIPT), *args, *extra], capture_output=True, text=True,
                              cwd=REPO, timeout=60)

    def test_one_build_per_replication_and_by_function(self) -> None:
        done = self.run_script(str(self.a), "--runs", "3,7")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("(sweep of 7 - sweep of 3) / 4", done.stdout)
        self.assertIn("  144.00M  a replication", done.stdout)  # the load (700M) cancels
        lines = [line.split() for line in done.stdout.splitlines() if line.strip().startswith(("104", "40"))]
        # The header's share of ns::place is added to its source's; the one-off 5M cancels.
        self.assertEqual(lines, [["104.00M", "72.2%", "ns::weigh"], ["40.00M", "27.8%", "ns::place"]])
        self.assertNotIn("YAML", done.stdout)
        self.assertNotIn("not_a_function_line", done.stdout)

    def test_two_builds_compared_by_function(self) -> None:
        done = self.run_script(str(self.a), "--against", str(self.b), "--top", "1")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("B - A -5.00M (-3.47%)", done.stdout)
        self.assertIn("-5.00M  (40.00M, 35.00M)  ns::place", done.stdout)
        self.assertNotIn("ns::weigh", done.stdout)  # --top 1, and no difference

    def test_sweeps_run_as_stated_with_the_settings_passed_on(self) -> None:
        done = self.run_script(str(self.a), "--runs", "1,3", "--set", "buyers.x.count=2", "--set", "parameters.y=1")
        self.assertEqual(done.returncode, 0, done.stderr)
        calls = (self.folder / "calls.log").read_text().splitlines()
        self.assertEqual(len(calls), 2)
        for call, n in zip(calls, (1, 3)):
            self.assertTrue(call.startswith(f"{self.a} sweep scenarios/baseline.yaml --runs {n} --threads 1 "
                                            "--runs-output none -o "), call)
            self.assertTrue(call.endswith("--set buyers.x.count=2 --set parameters.y=1"), call)

    def test_keep_writes_the_profiles(self) -> None:
        kept = self.folder / "profiles"
        done = self.run_script(str(self.a), "--keep", str(kept))
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(sorted(p.name for p in kept.glob("*.callgrind")), ["a-2.callgrind", "a-6.callgrind"])

    def test_bad_input_exits_2_with_one_message(self) -> None:
        broken = executable(self.folder / "broken", "#!/bin/sh\necho 'valgrind: oops' >&2\nexit 1\n")
        empty = executable(self.folder / "empty", "#!/bin/sh\nfor a; do case $a in --callgrind-out-file=*) "
                           ": > \"${a#*=}\";; esac; done\n")
        cases = (
            ((str(self.folder / "nope"),), True, "nope: not an executable file"),
            ((str(self.a), "--against", str(self.folder / "nope")), True, "nope: not an executable file"),
            ((str(self.a), "--scenario", str(self.folder / "x.yaml")), True, "x.yaml: no such scenario file"),
            ((str(self.a), "--runs", "6,2"), True, "expected 1 <= LO < HI"),
            ((str(self.a), "--runs", "2,2"), True, "expected 1 <= LO < HI"),
            ((str(self.a), "--runs", "two"), True, "expected two whole numbers LO,HI"),
            ((str(self.a), "--top", "0"), True, "expected a positive integer"),
            ((str(self.a), "--valgrind", str(self.folder / "none")), False, "none not found: install valgrind"),
            ((str(self.a), "--valgrind", str(broken), "--annotate", str(self.annotate)), False,
             "exited 1: valgrind: oops"),
            ((str(self.a), "--valgrind", str(empty), "--annotate", str(self.annotate)), False,
             "no 'totals:' line"),
        )
        for args, tools, message in cases:
            with self.subTest(message=message):
                done = self.run_script(*args, tools=tools)
                self.assertEqual(done.returncode, 2, done.stdout)
                self.assertIn(message, done.stderr)
                self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)
                self.assertEqual(done.stdout, "")


class ShortNameTest(unittest.TestCase):
    def test_names_lose_file_parameters_and_recursion_suffix(self) -> None:
        spec = importlib.util.spec_from_file_location("count_instructions", SCRIPT)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        short = module.short_name
        self.assertEqual(short("/a/b.cpp:ns::f(int, double) const"), "ns::f")
        self.assertEqual(short("???:int YAML::RegEx::Match<YAML::Src>(YAML::Src const&) const'2"),
                         "int YAML::RegEx::Match<YAML::Src>")
        self.assertEqual(short("x.h:std::function<void (int)>::operator()(int) const"),
                         "std::function<void (int)>::operator()")
        self.assertEqual(short("./malloc/malloc.c:malloc"), "malloc")
        self.assertEqual(short("a.h:std::ostream& std::operator<< <std::char_traits<char> >(std::ostream&, char const*)"),
                         "std::ostream& std::operator<< <std::char_traits<char> >")
        self.assertEqual(short("b.h:bool ns::operator<(ns::Key const&, ns::Key const&)"), "bool ns::operator<")
        self.assertEqual(short("c.h:ns::Ptr<int>::operator->() const"), "ns::Ptr<int>::operator->")
        self.assertEqual(short("???:0x00000000000406e0'2"), "0x00000000000406e0")


if __name__ == "__main__":
    unittest.main()
