// End-to-end tests of `cmsim run` and `cmsim parameters`: files, determinism, atomic
// output on bad input, and the parameter list in docs/model.md.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/csv_table.h"
#include "tests/support/run_cmsim.h"

using cmsim::testing::read_file;
using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;
namespace fs = std::filesystem;

TEST_CASE("cmsim run writes every table and is byte-identical for the same seed", "[cli][run]") {
  TempDir dir;
  const auto a = dir.path() / "a", b = dir.path() / "b";
  const auto r1 = run_cmsim("run scenarios/baseline.yaml -q -o '" + a.string() + "'");
  REQUIRE(r1.status == 0);
  CHECK(r1.out.find("written to") != std::string::npos);
  const auto r2 = run_cmsim("run scenarios/baseline.yaml -q -o '" + b.string() + "'");
  REQUIRE(r2.status == 0);
  for (const char* f : {"timeseries.csv", "products.csv", "ecosystems.csv", "events.csv"}) {
    INFO(f);
    const std::string x = read_file(a / f);
    CHECK(x.size() > 100);
    CHECK(x == read_file(b / f));
  }
  const std::string ts = read_file(a / "timeseries.csv");
  CHECK(ts.rfind("quarter,date,nvidia_share_units,nvidia_share_compute,nvidia_share_revenue,"
                 "nvidia_highend_training_share,domestic_share_units",
                 0) == 0);
  CHECK(ts.find("\n2030Q4,2030-10-01,") != std::string::npos);
  CHECK(read_file(a / "manifest.json").find("\"schema_version\": 1") != std::string::npos);
  // A different seed changes the result.
  const auto c = dir.path() / "c";
  REQUIRE(run_cmsim("run scenarios/baseline.yaml -q --seed 99 -o '" + c.string() + "'").status == 0);
  CHECK(read_file(c / "timeseries.csv") != ts);
}

TEST_CASE("cmsim run on bad input exits 2 and leaves the earlier result in place", "[cli][run]") {
  TempDir dir;
  const auto out = dir.path() / "out";
  REQUIRE(run_cmsim("run scenarios/no-2025-rule.yaml -q -o '" + out.string() + "'").status == 0);
  const std::string before = read_file(out / "timeseries.csv");
  for (const std::string args : {"run scenarios/baseline.yaml --set parameters.beta_risk=abc",
                                 "run scenarios/baseline.yaml --set parameters.no_such=1",
                                 "run scenarios/baseline.yaml --seed -1", "run no/such/file.yaml"}) {
    INFO(args);
    const auto r = run_cmsim(args + " -o '" + out.string() + "'");
    CHECK(r.status == 2);
    CHECK_FALSE(r.err.empty());
    CHECK(read_file(out / "timeseries.csv") == before);
  }
  // No temporary directories are left beside the output.
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++entries;
  CHECK(entries == 1);
}

TEST_CASE("A --set override changes the result through the model, in its direction", "[cli][run]") {
  TempDir dir;
  const auto share = [&](const char* name, const std::string& set) {
    const auto out = dir.path() / name;
    REQUIRE(run_cmsim("run scenarios/baseline.yaml -q " + set + " -o '" + out.string() + "'").status == 0);
    return cmsim::testing::mean_over_years(cmsim::testing::read_csv_table(out / "timeseries.csv"), "nvidia_share_units",
                                           2023, 2025);
  };
  // Less aversion to US supply risk: more Nvidia; more aversion: less.
  const double base = share("base", ""), none = share("none", "--set parameters.beta_risk=0"),
               high = share("high", "--set parameters.beta_risk=5");
  CHECK(none > base + 0.01);
  CHECK(high < base - 0.01);
}

TEST_CASE("docs/model.md lists every model parameter exactly as cmsim parameters prints it", "[cli][docs]") {
  const auto r = run_cmsim("parameters --markdown");
  REQUIRE(r.status == 0);
  const std::string doc = read_file(fs::path(CMSIM_SOURCE_DIR) / "docs" / "model.md");
  std::size_t start = 0, rows = 0;
  while (start < r.out.size()) {
    const std::size_t end = r.out.find('\n', start);
    const std::string line = r.out.substr(start, end - start);
    INFO(line);
    CHECK(doc.find(line) != std::string::npos);
    ++rows;
    start = end + 1;
  }
  CHECK(rows >= 20);
}

TEST_CASE("Common random numbers: baseline vs no-2025-rule paired intervals are narrower than unpaired",
          "[cli][compare]") {
  TempDir dir;
  const auto out = dir.path() / "cmp";
  const auto r = run_cmsim("compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 40 --threads 2 -o '" +
                           out.string() + "'");
  REQUIRE(r.status == 0);
  const std::string csv = read_file(out / "compare.csv");
  std::size_t start = csv.find('\n') + 1, rows = 0;
  double paired = 0, unpaired = 0;
  while (start < csv.size()) {
    const std::size_t end = csv.find('\n', start);
    std::vector<std::string> f;
    std::size_t a = start;
    for (std::size_t b; (b = csv.find(',', a)) < end; a = b + 1) f.push_back(csv.substr(a, b - a));
    f.push_back(csv.substr(a, end - a));
    start = end + 1;
    REQUIRE(f.size() == 9);
    const bool headline = f[1] == "nvidia_share_units" || f[1] == "nvidia_share_revenue" ||
                          f[1] == "domestic_share_units" || f[1] == "domestic_share_revenue";
    if (!headline || f[0] < "2025Q2" || f[5].empty() || f[7].empty()) continue;
    paired += std::stod(f[6]) - std::stod(f[5]);
    unpaired += std::stod(f[8]) - std::stod(f[7]);
    ++rows;
  }
  INFO("rows " << rows << ", summed paired width " << paired << ", unpaired " << unpaired);
  CHECK(rows >= 4 * 20);
  CHECK(paired < unpaired);
}
