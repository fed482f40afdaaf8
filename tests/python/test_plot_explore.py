"""scripts/plot_explore.py on small hand-written results: the charts it writes, and bad input."""
import json
import subprocess
import tempfile
import unittest
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "plot_explore.py"

RESULTS = {
    "sensitivity": {"sensitivity.csv": "outcome,parameter,mu,mu_star,sigma,mu_star_conf\n"
                                       "y:2026:mean,a,1,2,0.5,0.1\ny:2026:mean,b,-1,1,0.2,0.1\n"},
    "attribute": {"attribution.csv": "event,leave_one_out,shapley,shapley_p05,shapley_p95\n"
                                     "e1,0.2,0.1,0.05,0.15\ne2,-0.1,-0.05,-0.1,0\ntotal,0.05,0.05,0.01,0.09\n"},
    "discover": {"discovery.csv": "step,coverage,density,mass,points,restricted_inputs,chosen\n"
                                  "0,1,0.2,1,100,0,0\n1,0.9,0.4,0.5,50,1,0\npasted,0.9,0.4,0.5,50,1,0\n"
                                  "significant,0.9,0.4,0.5,50,1,1\n",
                 "discovery_box.csv": "input,low,high,pasted_low,pasted_high,data_min,data_max,quasi_p,resample_share\n"
                                      "a,0.5,,0.5,,0,1,0.001,0.9\nb,,,,,0,1,,0.1\n"},
}
CHARTS = {"sensitivity": "sensitivity-y_2026_mean.png", "attribute": "attribution.png", "discover": "discovery.png"}


class PlotExploreTest(unittest.TestCase):
    def run_script(self, folder: Path) -> subprocess.CompletedProcess:
        return subprocess.run(["/usr/bin/python3", str(SCRIPT), str(folder)], capture_output=True, text=True,
                              timeout=120)

    def test_each_result_gives_its_chart(self) -> None:
        for command, files in RESULTS.items():
            with self.subTest(command), tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp)
                (folder / "manifest.json").write_text(json.dumps({"command": command, "outcome": "y:2026:mean"}))
                for name, text in files.items():
                    (folder / name).write_text(text)
                result = self.run_script(folder)
                self.assertEqual(result.returncode, 0, result.stderr)
                png = folder / "charts" / CHARTS[command]
                self.assertTrue(png.exists(), result.stdout)
                self.assertEqual(png.read_bytes()[:8], b"\x89PNG\r\n\x1a\n")

    def test_bad_input_exits_2_with_one_line(self) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            result = self.run_script(folder)  # no manifest
            self.assertEqual(result.returncode, 2)
            (folder / "manifest.json").write_text(json.dumps({"command": "sweep"}))
            result = self.run_script(folder)
            self.assertEqual(result.returncode, 2)
            self.assertIn("expected sensitivity, attribute or discover", result.stderr)
            (folder / "manifest.json").write_text(json.dumps({"command": "attribute"}))
            result = self.run_script(folder)  # no attribution.csv
            self.assertEqual(result.returncode, 2)
            self.assertEqual(result.stderr.count("\n"), 1)


if __name__ == "__main__":
    unittest.main()
