// `cmsim validate-history` and `cmsim calibrate` run as a user would: output files, exit
// status, bad input (exit 2, nothing written), and recovery of known parameters.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_cmsim.h"

using cmsim::testing::read_file;
using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string SMALL = "tests/data/calibration/small.yaml";
const std::string PROBE = "tests/data/calibration/probe.yaml";

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// calibration.csv as rows of column -> text.
std::vector<std::map<std::string, std::string>> read_csv(const fs::path& p) {
  std::istringstream in(read_file(p));
  std::string line;
  std::getline(in, line);
  const auto header = split_csv_line(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto f = split_csv_line(line);
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < f.size(); ++i) row[header[i]] = f[i];
    rows.push_back(row);
  }
  return rows;
}

// The value after "  name: " in a calibrated scenario file.
double yaml_parameter(const std::string& text, const std::string& name) {
  const auto at = text.find("\n  " + name + ": ");
  REQUIRE(at != std::string::npos);
  return std::stod(text.substr(at + name.size() + 5));
}

}  // namespace

TEST_CASE("validate-history writes calibration.csv and exits 0 when the must facts hold", "[calibration][cli]") {
  TempDir tmp;
  const auto out = tmp.path() / "hist";
  const auto r =
      run_cmsim("validate-history " + SMALL + " --targets " + PROBE + " --runs 6 --threads 2 -o " + out.string());
  INFO(r.err);
  CHECK(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("huawei-revenue-2025h1"));
  CHECK_THAT(r.out, Catch::Contains("1 of 1 must facts inside their bands"));
  REQUIRE(fs::exists(out / "calibration.csv"));
  REQUIRE(fs::exists(out / "manifest.json"));
  const auto rows = read_csv(out / "calibration.csv");
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].at("fact") == "domestic-share-revenue-2023");
  CHECK(rows[0].at("inside_band") == "true");
  CHECK(std::stod(rows[0].at("model_p05")) <= std::stod(rows[0].at("model_p50")));
  CHECK(std::stod(rows[0].at("model_p50")) <= std::stod(rows[0].at("model_p95")));
  CHECK(rows[5].at("must") == "true");

  // Same inputs, other thread count: identical bytes.
  const auto out1 = tmp.path() / "hist1";
  REQUIRE(run_cmsim("validate-history " + SMALL + " --targets " + PROBE + " --runs 6 --threads 1 -o " + out1.string())
              .status == 0);
  CHECK(read_file(out / "calibration.csv") == read_file(out1 / "calibration.csv"));
}

TEST_CASE("validate-history exits 1 when a must fact's median is outside its band", "[calibration][cli]") {
  TempDir tmp;
  const auto r =
      run_cmsim("validate-history " + SMALL + " --targets tests/data/calibration/must-fail.yaml --runs 3 -o " +
                (tmp.path() / "h").string());
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAIL (must)"));
  CHECK_THAT(r.out, Catch::Contains("0 of 1 must facts inside"));  // the forecast never counts
  CHECK(fs::exists(tmp.path() / "h" / "calibration.csv"));
}

TEST_CASE("validate-history and calibrate reject bad input with exit 2 and write nothing", "[calibration][cli]") {
  TempDir tmp;
  const auto out = tmp.path() / "out";
  SECTION("missing targets file") {
    const auto v = run_cmsim("validate-history " + SMALL + " --targets nope.yaml --runs 2 -o " + out.string());
    CHECK(v.status == 2);
    CHECK_THAT(v.err, Catch::Contains("nope.yaml"));
    const auto c =
        run_cmsim("calibrate " + SMALL + " --targets nope.yaml --params beta_risk -o " + out.string() + ".yaml");
    CHECK(c.status == 2);
    CHECK_THAT(c.err, Catch::Contains("--targets: no such file: nope.yaml"));
  }
  SECTION("bad --params name: one line naming the valid parameters") {
    const auto c = run_cmsim("calibrate " + SMALL + " --targets " + PROBE + " --params beta_risk,beta_rsik -o " +
                             out.string() + ".yaml");
    CHECK(c.status == 2);
    CHECK(std::count(c.err.begin(), c.err.end(), '\n') == 1);
    CHECK_THAT(c.err, Catch::Contains("unknown or non-continuous parameter \"beta_rsik\""));
    CHECK_THAT(c.err, Catch::Contains("did you mean \"beta_risk\"?"));
    CHECK_THAT(c.err, Catch::Contains("beta_value, beta_performance, beta_risk"));
    CHECK(c.out.empty());
  }
  SECTION("integer parameters, bad bounds") {
    CHECK(run_cmsim("calibrate " + SMALL + " --targets " + PROBE + " --params clearing_rounds -o " + out.string() +
                    ".yaml")
              .status == 2);
    const auto b = run_cmsim("calibrate " + SMALL + " --targets " + PROBE +
                             " --params beta_risk --bounds beta_risk=5:1 -o " + out.string() + ".yaml");
    CHECK(b.status == 2);
    CHECK_THAT(b.err, Catch::Contains("--bounds beta_risk: expected lo < hi"));
  }
  SECTION("a bad targets file") {
    const auto v = run_cmsim("validate-history " + SMALL +
                             " --targets tests/data/calibration/bad-unknown-key.yaml "
                             "--runs 2 -o " +
                             out.string());
    CHECK(v.status == 2);
    CHECK_THAT(v.err, Catch::Contains("bad-unknown-key.yaml:10:5: targets[0].wieght"));
  }
  CHECK_FALSE(fs::exists(out));
  CHECK_FALSE(fs::exists(out.string() + ".yaml"));
  CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE("calibrate recovers parameters that generated its targets", "[calibration][cli][slow]") {
  TempDir tmp;
  // 1. Targets from the model at the "true" values (small.yaml starts elsewhere).
  const auto probe = tmp.path() / "probe";
  const auto gen = run_cmsim(
      "validate-history " + SMALL + " --targets " + PROBE +
      " --runs 8 --threads 2 --set parameters.beta_risk=3.0 --set parameters.beta_value=2.0 -o " + probe.string());
  REQUIRE(gen.status == 0);
  const auto rows = read_csv(probe / "calibration.csv");
  const fs::path targets = tmp.path() / "truth.yaml";
  {
    std::ofstream f(targets);
    f << "targets:\n";
    for (const auto& row : rows) {
      if (row.at("fact") == "huawei-revenue-2025h1") continue;  // a check row: never fitted
      f << "  - {id: " << row.at("fact") << ", metric: \"" << row.at("metric") << "\", period: \"" << row.at("period")
        << "\", aggregate: " << (row.at("metric").find(':') == std::string::npos ? "mean" : "sum")
        << ", basis: " << row.at("basis") << ", target: " << row.at("model_p50")
        << ", source: synthetic, weight: 1, role: calibration}\n";
    }
  }
  // 2. Fit from the perturbed start with the same replications.
  const fs::path fitted = tmp.path() / "fit" / "small-calibrated.yaml";
  const auto fit =
      run_cmsim("calibrate " + SMALL + " --targets " + targets.string() +
                " --params beta_risk,beta_value --runs 8 --threads 2 --max-evals 80 -o " + fitted.string());
  INFO(fit.out << fit.err);
  REQUIRE(fit.status == 0);
  CHECK_THAT(fit.out, Catch::Contains("eval   1: beta_risk=5 beta_value=1.4"));
  const std::string text = read_file(fitted);
  CHECK(yaml_parameter(text, "beta_risk") == Approx(3.0).epsilon(0.1));
  CHECK(yaml_parameter(text, "beta_value") == Approx(2.0).epsilon(0.1));
  CHECK_THAT(text, Catch::Contains("name: \"small-calibrated\""));
  CHECK_THAT(text, Catch::Contains("#   cmsim calibrate " + SMALL));
  // 3. The file is a valid scenario that extends the input.
  const auto v = run_cmsim("validate " + fitted.string());
  INFO(v.err);
  CHECK(v.status == 0);
}
