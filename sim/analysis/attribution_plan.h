// The runs of `cmsim attribute`: which events are present in each run and which model
// replication it uses. Exact mode (n <= --exact-max events): every coalition of the n
// events on each of R replications, run r = rep 2^n + coalition. Sampled mode: sample s
// is a random order of the events on replication s, run r = s (2n + 1) + m, m = 0..n the
// order's prefixes (none present .. all present), m = n + 1 + i all but event i.
// Runs that share a replication share their random streams (common random numbers).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/analysis/shapley.h"

namespace cmsim::analysis {

struct AttributionPlan {
  std::vector<std::string> events;  ///< the players, in the order given
  bool exact = true;
  std::uint64_t samples = 0;                     ///< R replications (exact) or M permutations (sampled)
  std::vector<std::vector<std::size_t>> orders;  ///< sampled mode: one order per sample

  std::uint64_t runs_per_sample() const;
  std::uint64_t total_runs() const { return samples * runs_per_sample(); }
  /// The coalition present in run r and the model replication it uses.
  Coalition coalition(std::uint64_t run) const;
  std::uint64_t replication(std::uint64_t run) const { return run / runs_per_sample(); }
};

AttributionPlan plan_attribution(std::vector<std::string> events, std::size_t exact_max, std::uint64_t samples,
                                 std::uint64_t seed);

struct AttributionRow {
  std::string event;  ///< or "total"
  double leave_one_out = 0, shapley = 0, shapley_p05 = 0, shapley_p95 = 0;
};

/// Rows per event, then "total", from the outcome of every run (in run order). Intervals
/// are 90% normal intervals of the mean over samples (empty with one sample).
std::vector<AttributionRow> attribution_rows(const AttributionPlan& plan, const std::vector<double>& outcome);

}  // namespace cmsim::analysis
