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
  bool any_edge = false;
  for (const auto& row : rows) {  // 6 runs: the median's interval is the whole sample (ranks 1 and 6)
    CHECK(std::stod(row.at("model_p50_low")) <= std::stod(row.at("model_p05")));
    CHECK(std::stod(row.at("model_p50_high")) >= std::stod(row.at("model_p95")));
    CHECK((row.at("near_edge") == "true" || row.at("near_edge") == "false"));
    any_edge = any_edge || row.at("near_edge") == "true";
  }
  CHECK(any_edge == (r.out.find("(edge)") != std::string::npos));  // the table marks exactly those

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
  // 2. Fit from the perturbed start with the same replications, by every method: each
  // recovers the truth within 10%.
  for (const std::string method : {"bobyqa", "sbplx", "neldermead"}) {
    INFO(method);
    const fs::path fitted = tmp.path() / ("fit-" + method) / "small-calibrated.yaml";
    const auto fit = run_cmsim("calibrate " + SMALL + " --targets " + targets.string() +
                               " --params beta_risk,beta_value --runs 8 --threads 2 --max-evals 80 --method " + method +
                               " -o " + fitted.string());
    INFO(fit.out << fit.err);
    REQUIRE(fit.status == 0);
    CHECK_THAT(fit.out, Catch::Contains("eval   1: beta_risk=5 beta_value=1.4"));
    CHECK_THAT(fit.out, Catch::Contains(", " + method + ": stopped by "));
    const std::string text = read_file(fitted);
    CHECK(yaml_parameter(text, "beta_risk") == Approx(3.0).epsilon(0.1));
    CHECK(yaml_parameter(text, "beta_value") == Approx(2.0).epsilon(0.1));
    CHECK_THAT(text, Catch::Contains("name: \"small-calibrated\""));
    CHECK_THAT(text, Catch::Contains("#   cmsim calibrate " + SMALL));
    // The identifiability table beside it: profiles (steps of 10%/3 of the bounds [0, 50]:
    // 3 - 2 x 1.67 < 0 lies outside), the Hessian, the eigenpairs.
    const auto id = tmp.path() / ("fit-" + method) / "small-calibrated.identifiability.csv";
    REQUIRE(fs::exists(id));
    const std::string table = read_file(id);
    CHECK(table.rfind("# Written by cmsim calibrate", 0) == 0);
    CHECK_THAT(table, Catch::Contains("\nprofile,-1,beta_risk,"));
    CHECK_THAT(table, Catch::Contains("\nhessian,,beta_risk,beta_value,"));
    CHECK_THAT(table, Catch::Contains("\neigen,0,beta_risk,"));
    CHECK_THAT(fit.out, Catch::Contains("identifiability at the optimum"));
    // 3. The file is a valid scenario that extends the input.
    const auto v = run_cmsim("validate " + fitted.string());
    INFO(v.err);
    CHECK(v.status == 0);
  }
  // Multistart: the first start is the scenario's values, the others Sobol points.
  const auto multi = run_cmsim("calibrate " + SMALL + " --targets " + targets.string() +
                               " --params beta_risk,beta_value --runs 8 --threads 2 --max-evals 30 --starts 3 "
                               "--no-identifiability -o " +
                               (tmp.path() / "multi.yaml").string());
  INFO(multi.out << multi.err);
  CHECK(multi.status == 0);
  CHECK_THAT(multi.out, Catch::Contains("start 3: loss "));
  CHECK_FALSE(fs::exists(tmp.path() / "multi.identifiability.csv"));
}

TEST_CASE("calibrate refuses a calibration row that ends after the origin", "[calibration][cli][protocol]") {
  TempDir tmp;
  const auto out = tmp.path() / "c.yaml";
  // probe.yaml's calibration rows end in 2022..2024: an origin of 2023Q4 leaves three after it.
  const auto c = run_cmsim("calibrate " + SMALL + " --targets " + PROBE +
                           " --params beta_risk --origin 2023Q4 --runs 2 -o " + out.string());
  CHECK(c.status == 2);
  CHECK_THAT(c.err, Catch::Contains("probe.yaml:17:13: targets[1].period: calibration row "
                                    "\"domestic-share-units-2024\" covers 2024, which ends after the calibration "
                                    "origin 2023Q4"));
  CHECK_THAT(c.err, Catch::Contains("\"h20-units-2024\""));
  CHECK_THAT(c.err, Catch::Contains("\"nvidia-share-revenue-2024\""));
  CHECK_THAT(c.err, !Catch::Contains("domestic-share-revenue-2023"));  // ends 2023Q4: allowed
  CHECK(c.out.empty());
  const auto bad =
      run_cmsim("calibrate " + SMALL + " --targets " + PROBE + " --params beta_risk --origin 2024 -o " + out.string());
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("--origin: expected a quarter such as 2024Q4, got \"2024\""));
  CHECK(fs::is_empty(tmp.path()));
}

TEST_CASE("backtest fits by each origin and scores the rows after it", "[calibration][cli][backtest]") {
  TempDir tmp;
  const auto out = tmp.path() / "bt";
  const auto r = run_cmsim("backtest " + SMALL + " --targets " + PROBE +
                           " --origins 2022Q4,2023Q4 --params beta_risk,beta_value --runs 4 --max-evals 8 "
                           "--threads 2 -o " +
                           out.string());
  INFO(r.out << r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Catch::Contains("origin 2022Q4: 5 rows scored (fit on 1,"));
  CHECK_THAT(r.out, Catch::Contains("origin 2023Q4: 4 rows scored (fit on 2,"));
  CHECK_THAT(r.err, Catch::Contains("backtest 2022Q4: fit"));
  REQUIRE(fs::exists(out / "manifest.json"));
  REQUIRE(fs::exists(out / "fits.csv"));
  const auto rows = read_csv(out / "backtest.csv");
  REQUIRE(rows.size() == 9);
  for (const char* column : {"origin",
                             "row",
                             "metric",
                             "period",
                             "band_low",
                             "band_high",
                             "observed",
                             "model_p05",
                             "model_p25",
                             "model_p50",
                             "model_p75",
                             "model_p95",
                             "inside",
                             "cover50",
                             "cover90",
                             "interval_score",
                             "crps",
                             "naive_persistence",
                             "naive_trend",
                             "persistence_crps",
                             "trend_crps",
                             "persistence_interval_score",
                             "trend_interval_score"})
    CHECK(rows[0].count(column) == 1);
  CHECK(rows[0].at("origin") == "2022Q4");
  CHECK(rows[0].at("row") == "domestic-share-revenue-2023");
  CHECK(rows[8].at("origin") == "2023Q4");
  CHECK(rows[8].at("row") == "huawei-revenue-2025h1");  // a check row is scored too
  for (const auto& row : rows) {
    CHECK(std::stod(row.at("model_p05")) <= std::stod(row.at("model_p25")));
    CHECK(std::stod(row.at("model_p25")) <= std::stod(row.at("model_p50")));
    CHECK(std::stod(row.at("model_p75")) <= std::stod(row.at("model_p95")));
    CHECK(std::stod(row.at("interval_score")) >= std::stod(row.at("model_p95")) - std::stod(row.at("model_p05")));
  }
  // Bad input: exit 2, nothing written.
  const auto none =
      run_cmsim("backtest " + SMALL + " --targets " + PROBE + " --origins 2021Q4 -o " + (tmp.path() / "x").string());
  CHECK(none.status == 2);
  CHECK_THAT(none.err, Catch::Contains("--origins 2021Q4: no history row"));
  const auto order = run_cmsim("backtest " + SMALL + " --targets " + PROBE + " --origins 2023Q4,2022Q4 -o " +
                               (tmp.path() / "x").string());
  CHECK(order.status == 2);
  CHECK_THAT(order.err, Catch::Contains("--origins: expected increasing quarters"));
  CHECK_FALSE(fs::exists(tmp.path() / "x"));
}

TEST_CASE("backtest starts each origin's fit from the model's defaults unless told to start from the scenario",
          "[calibration][cli][backtest]") {
  // small.yaml sets beta_risk 5.0 (default 3) and beta_value 1.4 (default 2): a scenario's
  // values may have been fitted to rows after the origin, so they are not the default start.
  TempDir tmp;
  const auto start_of = [&](const std::string& option, const std::string& name) {
    const auto out = tmp.path() / name;
    const auto r = run_cmsim("backtest " + SMALL + " --targets " + PROBE +
                             " --origins 2022Q4 --params beta_risk,beta_value --runs 2 --max-evals 1 --threads 1" +
                             option + " -o " + out.string());
    INFO(r.out << r.err);
    REQUIRE(r.status == 0);
    std::map<std::string, double> start;
    for (const auto& row : read_csv(out / "fits.csv")) start[row.at("parameter")] = std::stod(row.at("start"));
    const bool from_scenario = option.find("scenario") != std::string::npos;
    CHECK_THAT(read_file(out / "manifest.json"),
               Catch::Contains(from_scenario ? "\"start\": \"scenario\"" : "\"start\": \"defaults\""));
    return start;
  };
  const auto by_default = start_of("", "a");
  CHECK(by_default.at("beta_risk") == 3.0);
  CHECK(by_default.at("beta_value") == 2.0);
  CHECK(start_of(" --start defaults", "b") == by_default);
  const auto from_scenario = start_of(" --start scenario", "c");
  CHECK(from_scenario.at("beta_risk") == 5.0);
  CHECK(from_scenario.at("beta_value") == 1.4);
  const auto bad =
      run_cmsim("backtest " + SMALL + " --targets " + PROBE + " --start fitted -o " + (tmp.path() / "x").string());
  CHECK(bad.status == 2);
  CHECK_THAT(bad.err, Catch::Contains("--start: expected defaults or scenario, got \"fitted\""));
  CHECK_FALSE(fs::exists(tmp.path() / "x"));
}
