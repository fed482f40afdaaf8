"""scripts/bench_pair.py with stand-in benchmarks (shell scripts printing bench_sweep's line):
the order it runs them in, the figures it reports, and bad input."""
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "bench_pair.py"


def stand_in(folder: Path, name: str, values: list[float], log: Path) -> Path:
    """A fake bench_sweep that prints the next of `values` on each call and logs its name."""
    script = folder / name
    counter = folder / f"{name}.count"
    lines = " ".join(str(v) for v in values)
    script.write_text(
        "#!/bin/sh\n"
        f"n=$(cat {counter} 2>/dev/null || echo 0)\n"
        f"echo $((n + 1)) > {counter}\n"
        f"echo {name} >> {log}\n"
        f"v=$(echo {lines} | cut -d' ' -f$((n + 1)))\n"
        'echo "    CPU per agent-quarter               $v /      999.9 ns"\n')
    script.chmod(0o755)
    return script


class BenchPairTest(unittest.TestCase):
    def run_script(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["/usr/bin/python3", str(SCRIPT), *args], capture_output=True, text=True, cwd=REPO,
                              timeout=60)

    def test_interleaves_and_reports_min_and_quartiles(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            folder = Path(d)
            log = folder / "order.log"
            a = stand_in(folder, "a", [120.0, 110.0, 130.0, 140.0], log)
            b = stand_in(folder, "b", [99.0, 121.0, 100.0, 105.0], log)
            done = self.run_script(str(a), str(b), "--pairs", "4", "--cpu", "-1")
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(log.read_text().split(), ["a", "b"] * 4)
            self.assertIn("min 110.0  q25 120.0  median 130.0", done.stdout)
            self.assertIn("min 99.0  q25 100.0  median 105.0", done.stdout)
            self.assertIn("min -10.0%, q25 -16.7%", done.stdout)

    def test_bad_input_exits_2_with_one_message(self) -> None:
        with tempfile.TemporaryDirectory() as d:
            folder = Path(d)
            a = str(stand_in(folder, "a", [1.0], folder / "order.log"))
            for name, body in (("silent", "echo nothing"), ("broken", "echo oops >&2; exit 2")):
                (folder / name).write_text(f"#!/bin/sh\n{body}\n")
                (folder / name).chmod(0o755)
            cases = (
                ((a, str(folder / "nope"), "--cpu", "-1"), "nope: not an executable file"),
                ((a, a, "--scenario", str(folder / "x.yaml")), "x.yaml: no such scenario file"),
                ((a, a, "--pairs", "0"), "expected a positive integer"),
                ((str(folder / "silent"), a, "--pairs", "1", "--cpu", "-1"),
                 "printed no 'CPU per agent-quarter' line"),
                ((a, str(folder / "broken"), "--pairs", "1", "--cpu", "-1"), "exited 2: oops"),
            )
            for args, message in cases:
                with self.subTest(message=message):
                    done = self.run_script(*args)
                    self.assertEqual(done.returncode, 2)
                    self.assertIn(message, done.stderr)
                    self.assertEqual(len(done.stderr.strip().splitlines()), 1, done.stderr)

if __name__ == "__main__":
    unittest.main()
