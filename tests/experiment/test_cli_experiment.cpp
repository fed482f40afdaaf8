// End-to-end: cmsim sweep / compare / merge on the real scenarios, as a user runs them.
#include <catch2/catch.hpp>

#include "tests/support/csv_table.h"
#include "tests/support/run_cmsim.h"

using cmsim::testing::read_file;
using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;

namespace {
std::string files(const std::filesystem::path& dir) {
  std::string all;
  for (const char* f : {"runs.csv", "params.csv", "summary.csv"}) all += read_file(dir / f) + "\n--\n";
  return all;
}
}  // namespace

TEST_CASE("cmsim sweep: same bytes on 1 and 2 threads and from 2 merged shards", "[cli][experiment][slow]") {
  TempDir t;
  const std::string base =
      "sweep scenarios/baseline.yaml --runs 4 --design lhs --log-level warn -o '" + t.path().string();
  REQUIRE(run_cmsim(base + "/t1' --threads 1").status == 0);
  REQUIRE(run_cmsim(base + "/t2' --threads 2").status == 0);
  REQUIRE(run_cmsim(base + "/s0' --shard 0/2").status == 0);
  REQUIRE(run_cmsim(base + "/s1' --shard 1/2").status == 0);
  const auto m =
      run_cmsim("merge '" + t.path().string() + "/s0' '" + t.path().string() + "/s1' -o '" + t.path().string() + "/m'");
  REQUIRE(m.status == 0);
  const auto one = files(t.path() / "t1");
  CHECK(one.find("run,quarter,metric,value\n0,2020Q1,nvidia_share_units,") != std::string::npos);
  CHECK(one == files(t.path() / "t2"));
  CHECK(one == files(t.path() / "m"));
  // The events the charts mark: in the shards, and copied by merge (it once had none).
  const std::string events = read_file(t.path() / "t1" / "events.csv");
  CHECK(events.find("us-2023-10-17-ac-rule") != std::string::npos);
  CHECK(read_file(t.path() / "m" / "events.csv") == events);
  CHECK(std::filesystem::exists(t.path() / "t1" / "manifest.json"));
}

TEST_CASE("cmsim sweep lists the parameters it samples, with ids, and the manifest records them", "[cli][experiment]") {
  TempDir t;
  const auto r = run_cmsim("sweep scenarios/baseline.yaml --runs 2 -o '" + t.path().string() + "/o'");
  REQUIRE(r.status == 0);
  CHECK(r.err.find("cmsim sweep: baseline samples 39 parameters (each run's values: params.csv):\n") == 0);
  CHECK(r.err.find("  vendors.huawei.capacity_scale ~ triangular(low=0.55, mode=1.1, high=1.35)\n") !=
        std::string::npos);
  CHECK(r.err.find("  routes.sg-cn.capacity_units_per_quarter ~ uniform(low=6000, high=18000)\n") != std::string::npos);
  const auto manifest = read_file(t.path() / "o" / "manifest.json");
  CHECK(manifest.find("products.ascend910b.price_usd ~ uniform(low=13900, high=18100); ") != std::string::npos);
  // --log-level warn keeps stderr quiet.
  const auto quiet =
      run_cmsim("sweep scenarios/baseline.yaml --runs 2 --log-level warn -o '" + t.path().string() + "/q'");
  REQUIRE(quiet.status == 0);
  CHECK(quiet.err.find("samples") == std::string::npos);
}

TEST_CASE("cmsim sweep rejects bad option values before writing anything", "[cli][experiment]") {
  TempDir t;
  for (const char* bad : {"--runs 0", "--runs 1x", "--runs 3 --threads 0", "--runs 3 --shard 3/2",
                          "--runs 3 --design grid", "--runs 3 --runs-output zip"}) {
    const auto r = run_cmsim(std::string("sweep scenarios/baseline.yaml ") + bad + " -o '" + t.path().string() + "/o'");
    CHECK(r.status == 2);
    CHECK(r.err.find("cmsim sweep: --") == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(!std::filesystem::exists(t.path() / "o"));
  }
  const auto m = run_cmsim("merge '" + t.path().string() + "' -o '" + t.path().string() + "/o'");
  CHECK(m.status == 2);
  CHECK(m.err.find("no *.replications.bin here") != std::string::npos);
}

TEST_CASE("cmsim compare summarises its effects and writes compare.csv", "[cli][experiment][slow]") {
  TempDir t;
  const auto r =
      run_cmsim("compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 4 --log-level warn -o '" +
                t.path().string() + "/c'");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("effect of no-2025-rule vs baseline over whole horizon") != std::string::npos);
  CHECK(r.out.find("nvidia_share_compute") != std::string::npos);
  const auto csv = read_file(t.path() / "c" / "compare.csv");
  CHECK(csv.rfind("quarter,metric,base_p50,alt_p50,diff_mean,diff_p05,diff_p95,unpaired_diff_p05,unpaired_diff_p95\n",
                  0) == 0);
  CHECK(std::filesystem::exists(t.path() / "c" / "base" / "summary.csv"));
  CHECK(std::filesystem::exists(t.path() / "c" / "alt" / "summary.csv"));
  // The numbers: the two scenarios share history until the April-2025 rule, so with common
  // random numbers every difference before 2025Q2 is exactly 0; without the rule Nvidia
  // sells more in 2025Q2 in every replication, so the whole paired interval is positive.
  int before = 0, checked = 0;
  for (const auto& row : cmsim::testing::read_csv_table(t.path() / "c" / "compare.csv")) {
    INFO(row.at("quarter") << " " << row.at("metric"));
    if (row.at("quarter") < "2025Q1" && !row.at("diff_mean").empty()) {  // empty: no value (NaN)
      ++before;
      CHECK(std::stod(row.at("diff_mean")) == 0.0);
      CHECK(std::stod(row.at("diff_p95")) == 0.0);
    }
    if (row.at("quarter") == "2025Q2" && row.at("metric") == "nvidia_china_revenue_usd") {
      ++checked;
      CHECK(std::stod(row.at("diff_p05")) > 1e8);
      CHECK(std::stod(row.at("alt_p50")) > std::stod(row.at("base_p50")));
      CHECK(std::stod(row.at("diff_mean")) >= std::stod(row.at("diff_p05")));
      CHECK(std::stod(row.at("diff_mean")) <= std::stod(row.at("diff_p95")));
    }
  }
  CHECK(before > 100);
  CHECK(checked == 1);
  // Forked where the two part (the default) or both from the start: the same bytes.
  const auto full =
      run_cmsim("compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 4 --log-level warn --no-fork -o '" +
                t.path().string() + "/full'");
  REQUIRE(full.status == 0);
  for (const char* f : {"compare.csv", "base/runs.csv", "alt/runs.csv", "alt/summary.csv"})
    CHECK(read_file(t.path() / "c" / f) == read_file(t.path() / "full" / f));
}
