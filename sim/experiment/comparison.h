// compare.csv: the difference alt − base per (quarter, metric), paired by replication
// (common random numbers) and, for contrast, unpaired.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/engine/date.h"
#include "sim/experiment/run_store.h"

namespace cmsim::experiment {

struct CompareRow {
  engine::Quarter quarter;
  std::string metric;
  double base_p50 = 0, alt_p50 = 0;
  std::size_t pairs = 0;  ///< replications where both arms recorded a value
  /// Paired differences d_r = alt_r − base_r (same replication r: same parameter draws and
  /// the same random streams): their mean and type-7 p05 / p95.
  double diff_mean = 0, diff_p05 = 0, diff_p95 = 0;
  /// Unpaired differences alt_r − base_{π(r)}, π a fixed single-cycle permutation of the
  /// replications (Sattolo's algorithm on stream (seed, 0, UNPAIRED_PAIRING, 0)), so no run
  /// is matched with itself: the spread two independent sweeps would show.
  double unpaired_diff_p05 = 0, unpaired_diff_p95 = 0;
};

/// Rows by quarter, then metric in the base's declaration order, over the quarters and
/// metrics both arms recorded. Both stores must hold the same replications.
std::vector<CompareRow> compare_arms(const RunStore& base, const RunStore& alt, std::uint64_t seed);

/// The pairing π above for n replications (π[i] != i when n > 1).
std::vector<std::size_t> unpaired_pairing(std::size_t n, std::uint64_t seed);

}  // namespace cmsim::experiment
