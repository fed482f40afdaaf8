// The runner against a toy model: byte identity across threads, shards and resumption,
// and what the comparison's paired interval is for.
#include "sim/experiment/sweep_runner.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <sys/resource.h>

#include "sim/engine/input_error.h"
#include "sim/experiment/allocator_policy.h"
#include "sim/experiment/comparison.h"
#include "sim/experiment/replication_file.h"
#include "sim/experiment/shard_merge.h"
#include "sim/experiment/sweep_files.h"
#include "tests/experiment/toy_model.h"
#include "tests/support/run_cmsim.h"

using namespace cmsim;
using namespace cmsim::experiment;
namespace fs = std::filesystem;

namespace {

SweepOptions options(std::uint64_t runs, unsigned threads, DesignKind design = DesignKind::LHS) {
  SweepOptions o;
  o.runs = runs;
  o.threads = threads;
  o.seed = 11;
  o.design = design;
  o.identity = "toy";
  return o;
}

// Every file of a sweep's output, concatenated with its name: equal strings = equal bytes.
std::string sweep_bytes(const RunStore& store, RunsFormat format = RunsFormat::CSV) {
  testing::TempDir tmp;
  {
    output::OutputDir dir(tmp.path() / "out");
    write_sweep_files(dir, "", store, format);
    dir.commit();
  }
  std::string all;
  for (const char* f : {"runs.csv", "runs.csv.gz", "params.csv", "summary.csv"})
    if (fs::exists(tmp.path() / "out" / f)) all += std::string(f) + "\n" + testing::read_file(tmp.path() / "out" / f);
  return all;
}

}  // namespace

TEST_CASE("a sweep writes the same bytes on 1 and 2 threads", "[experiment][runner]") {
  for (auto design : {DesignKind::RANDOM, DesignKind::LHS, DesignKind::SOBOL}) {
    const auto one = run_sweep(testing::toy_model(), testing::toy_parameters(), options(40, 1, design));
    const auto two = run_sweep(testing::toy_model(), testing::toy_parameters(), options(40, 2, design));
    REQUIRE(one.complete);
    REQUIRE(two.complete);
    CHECK(one.computed == 40);
    const auto a = sweep_bytes(one.arms[0]), b = sweep_bytes(two.arms[0]);
    CHECK(a == b);
    CHECK(a.find("run,quarter,metric,value\n0,2024Q1,output,") != std::string::npos);
    CHECK(sweep_bytes(one.arms[0], RunsFormat::GZ) == sweep_bytes(two.arms[0], RunsFormat::GZ));
  }
}

TEST_CASE("summary.csv rows follow quarter then metric, with type-7 quantiles", "[experiment][runner]") {
  const auto s = run_sweep(testing::toy_model(), testing::toy_parameters(), options(5, 1));
  const auto rows = summarize(s.arms[0]);
  REQUIRE(rows.size() == 8 * 2);
  CHECK(rows[0].quarter.label() == "2024Q1");
  CHECK(rows[0].metric == "output");
  CHECK(rows[1].metric == "noise");
  CHECK(rows[2].quarter.label() == "2024Q2");
  // Recompute one cell by hand.
  std::vector<double> x;
  cell_values(s.arms[0], 3, 0, x);
  REQUIRE(x.size() == 5);
  std::sort(x.begin(), x.end());
  CHECK(rows[6].p50 == x[2]);
  CHECK(rows[6].p25 == x[1]);
  CHECK(rows[6].p05 == Approx(x[0] + 0.2 * (x[1] - x[0])));
}

TEST_CASE("three shards merged give the unsharded sweep's bytes", "[experiment][runner][shard]") {
  testing::TempDir tmp;
  const auto whole = run_sweep(testing::toy_model(), testing::toy_parameters(), options(31, 2));
  std::vector<fs::path> dirs;
  for (std::uint64_t i = 0; i < 3; ++i) {
    auto o = options(31, 1);
    o.shard_index = i;
    o.shard_count = 3;
    const auto part = run_sweep(testing::toy_model(), testing::toy_parameters(), o);
    REQUIRE(part.complete);
    CHECK(part.arms[0].replications().size() == (i == 0 ? 11u : 10u));
    dirs.push_back(tmp.path() / ("shard" + std::to_string(i)));
    fs::create_directories(dirs.back());
    std::ofstream f(dirs.back() / "sweep.replications.bin", std::ios::binary);
    write_replications(f, part.arms[0]);
  }
  const auto merged = merge_shard_dirs(dirs);
  REQUIRE(merged.size() == 1);
  CHECK(sweep_bytes(merged[0]) == sweep_bytes(whole.arms[0]));

  dirs.pop_back();
  CHECK_THROWS_WITH(merge_shard_dirs(dirs), Catch::Contains("10 of 31 replications missing (2, 5, 8, 11, 14, ...)"));
}

TEST_CASE("an interrupted sweep resumed from its checkpoint gives the uninterrupted bytes",
          "[experiment][runner][resume]") {
  testing::TempDir tmp;
  const auto whole = run_sweep(testing::toy_model(), testing::toy_parameters(), options(25, 2));

  auto o = options(25, 2);
  o.checkpoint_dir = tmp.path() / "partial";
  o.stop_after = 9;
  const auto first = run_sweep(testing::toy_model(), testing::toy_parameters(), o);
  CHECK(!first.complete);
  CHECK(first.computed == 9);

  // A crash in the middle of a record leaves a torn tail: it must be ignored and overwritten.
  {
    std::ofstream f(o.checkpoint_dir / "sweep.replications.bin", std::ios::binary | std::ios::app);
    f << "torn";
  }
  o.stop_after.reset();
  o.resume = true;
  o.threads = 1;
  const auto second = run_sweep(testing::toy_model(), testing::toy_parameters(), o);
  CHECK(second.complete);
  CHECK(second.resumed == 9);
  CHECK(second.computed == 16);
  CHECK(sweep_bytes(second.arms[0]) == sweep_bytes(whole.arms[0]));

  // Resuming under other settings is refused with a message that says why.
  o.seed = 12;
  CHECK_THROWS_AS(run_sweep(testing::toy_model(), testing::toy_parameters(), o), engine::InputError);
  CHECK_THROWS_WITH(run_sweep(testing::toy_model(), testing::toy_parameters(), o), Catch::Contains("seed 12 vs 11"));
}

TEST_CASE("a stop request ends the sweep cleanly", "[experiment][runner]") {
  auto o = options(50, 2);
  int polls = 0;
  o.stop_requested = [&polls] { return ++polls > 5; };
  const auto s = run_sweep(testing::toy_model(), testing::toy_parameters(), o);
  CHECK(!s.complete);
  CHECK(s.computed <= 5);
}

TEST_CASE("an error in a replication reaches the caller", "[experiment][runner]") {
  auto failing = [](std::uint64_t r, std::span<const double> p) {
    if (r == 13) throw std::runtime_error("replication 13 failed");
    return testing::toy_model()(r, p);
  };
  CHECK_THROWS_WITH(run_sweep(failing, testing::toy_parameters(), options(30, 2)), "replication 13 failed");
}

TEST_CASE("paired differences are far narrower than unpaired ones under common noise", "[experiment][compare]") {
  const std::vector<Arm> arms = {{"base", testing::toy_model(0), testing::toy_parameters()},
                                 {"alt", testing::toy_model(2), testing::toy_parameters()}};
  const auto one = run_arms(arms, options(200, 1, DesignKind::RANDOM));
  const auto two = run_arms(arms, options(200, 2, DesignKind::RANDOM));
  const auto rows = compare_arms(one.arms[0], one.arms[1], 11);
  REQUIRE(rows.size() == 16);
  for (const auto& r : rows) {
    if (r.metric != "output") continue;
    // alt − base = 2 × growth, growth = 0.5 + u: the paired interval is [≈1.1, ≈2.9].
    CHECK(r.diff_mean == Approx(2.0).margin(0.15));
    CHECK(r.diff_p05 > 1.0);
    CHECK(r.diff_p95 < 3.0);
    CHECK((r.diff_p95 - r.diff_p05) * 3 < r.unpaired_diff_p95 - r.unpaired_diff_p05);
  }
  std::ostringstream a, b;
  write_compare_csv(a, rows);
  write_compare_csv(b, compare_arms(two.arms[0], two.arms[1], 11));
  CHECK(a.str() == b.str());
  CHECK(a.str().rfind(
            "quarter,metric,base_p50,alt_p50,diff_mean,diff_p05,diff_p95,unpaired_diff_p05,unpaired_diff_p95\n", 0) ==
        0);

  const auto pi = unpaired_pairing(200, 11);
  for (std::size_t i = 0; i < pi.size(); ++i) CHECK(pi[i] != i);
}

TEST_CASE("options are validated", "[experiment][runner]") {
  auto o = options(10, 0);
  CHECK_THROWS_AS(validate(o), std::invalid_argument);
  o = options(0, 1);
  CHECK_THROWS_AS(validate(o), std::invalid_argument);
  o = options(10, 1);
  o.shard_index = 3;
  o.shard_count = 2;
  CHECK_THROWS_AS(validate(o), std::invalid_argument);
}

TEST_CASE("grouped replications give the ungrouped bytes on any threads, shards and resume", "[experiment][runner]") {
  // Two arms; groups of 4 replications, computed by one call each (as forking commands do).
  const std::vector<Arm> arms{{"base", testing::toy_model(0), testing::toy_parameters()},
                              {"alt", testing::toy_model(1.5), testing::toy_parameters()}};
  std::atomic<int> calls{0};
  RunGroups groups;
  groups.group = [](std::uint64_t r) { return r / 4; };
  groups.replicate = [&](std::span<const std::uint64_t> reps, const std::vector<std::vector<std::vector<double>>>& v) {
    ++calls;
    for (const auto r : reps) CHECK(r / 4 == reps.front() / 4);
    std::vector<std::vector<engine::Recorder>> out;
    for (std::size_t k = 0; k < reps.size(); ++k)
      out.push_back({arms[0].replicate(reps[k], v[k][0]), arms[1].replicate(reps[k], v[k][1])});
    return out;
  };
  const auto plain = run_arms(arms, options(18, 1));
  for (unsigned threads : {1u, 2u}) {
    auto o = options(18, threads);
    o.groups = groups;
    calls = 0;
    const auto grouped = run_arms(arms, o);
    REQUIRE(grouped.complete);
    CHECK(calls == 5);  // 18 replications in groups of 4
    CHECK(grouped.computed == 18);
    for (std::size_t a = 0; a < 2; ++a) CHECK(sweep_bytes(grouped.arms[a]) == sweep_bytes(plain.arms[a]));
  }
  // One group on two threads is split in halves, so that both threads work.
  auto few = options(4, 2);
  few.groups = groups;
  calls = 0;
  const auto split = run_arms(arms, few);
  CHECK(calls == 2);
  CHECK(sweep_bytes(split.arms[1]) == sweep_bytes(run_arms(arms, options(4, 1)).arms[1]));
  // Shards split by group: shard 1 of 2 holds groups 1 and 3 (replications 4-7, 12-15).
  auto o = options(18, 1);
  o.groups = groups;
  o.shard_index = 1;
  o.shard_count = 2;
  const auto shard = run_arms(arms, o);
  CHECK(shard.arms[0].replications() == std::vector<std::uint64_t>{4, 5, 6, 7, 12, 13, 14, 15});
  // A resumed grouped run computes only what is missing, and gives the same bytes.
  testing::TempDir tmp;
  auto first = options(18, 1);
  first.groups = groups;
  first.checkpoint_dir = tmp.path() / "ck";
  first.stop_after = 2;  // two groups
  REQUIRE_FALSE(run_arms(arms, first).complete);
  auto rest = first;
  rest.stop_after.reset();
  rest.resume = true;
  const auto resumed = run_arms(arms, rest);
  REQUIRE(resumed.complete);
  CHECK(resumed.resumed == 8);
  for (std::size_t a = 0; a < 2; ++a) CHECK(sweep_bytes(resumed.arms[a]) == sweep_bytes(plain.arms[a]));
}

TEST_CASE("a sweep's threads reuse what their replications free instead of faulting it in again",
          "[experiment][runner][memory]") {
  // Each replication grows two lists to 4 MiB by doubling, as the market grows its orders,
  // and frees them. Were freed blocks given back to the kernel (glibc's defaults trim an
  // arena's top above twice the largest block freed so far), every replication would fault
  // ~3,000 pages in again.
#if defined(__SANITIZE_ADDRESS__)
  WARN("AddressSanitizer's allocator ignores the settings: nothing to test");
  return;
#endif
  const auto model = [](std::uint64_t r, std::span<const double> p) {
    std::vector<double> orders, shipments;
    for (std::size_t i = 0; i < (std::size_t{4} << 20) / sizeof(double); ++i) {
      orders.push_back(p[0] * double(i + r));
      shipments.push_back(p[1] * double(i));
    }
    engine::Recorder rec(engine::Quarter(2024, 1), engine::Quarter(2024, 2));
    const auto id = rec.declare("last");
    rec.set(id, rec.first(), orders.back());
    rec.set(id, rec.last(), shipments.back());
    return rec;
  };
  const auto minor_faults = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
  };
  run_sweep(model, testing::toy_parameters(), options(8, 2));  // each thread's arena grows once
  const long before = minor_faults();
  const auto sweep = run_sweep(model, testing::toy_parameters(), options(40, 2));
  const long faults = minor_faults() - before;
  REQUIRE(sweep.complete);
  INFO("page faults over 40 replications: " << faults);
  // Fewer than 300 a replication: a tenth of what the defaults fault (~3,400), with room
  // for a thread that gets a fresh arena (its first ~3,000 pages).
  CHECK(faults < 40 * 300);
  CHECK(retain_freed_memory());  // the sweep asked first; glibc took the settings
}
