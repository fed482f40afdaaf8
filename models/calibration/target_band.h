// validate-history's verdict on one target: the model's p05/p50/p95 across replications
// against the target's band, and whether that fails the check.
#pragma once

#include <cstddef>
#include <span>
#include <utility>
#include <vector>

#include "models/calibration/target.h"

namespace cmsim::calibration {

struct TargetBand {
  const Target* target = nullptr;
  std::size_t n = 0;                 ///< replications with a value (NaN left out)
  double p05 = 0, p50 = 0, p95 = 0;  ///< NaN when n == 0
  bool inside = false;               ///< band_low <= p50 <= band_high (false when p50 is NaN)
  bool failed = false;               ///< a must fact (not a forecast) whose p50 is outside its band
  /// A distribution-free interval of at least 95% for the median itself (not for the
  /// replications): order statistics, median_interval_ranks(n). NaN when n == 0.
  double p50_low = 0, p50_high = 0;
  /// The interval holds a band edge: the verdict `inside` rests on Monte Carlo noise, and
  /// another seed or more replications may turn it.
  bool near_edge = false;
};

/// The 1-based ranks (j, k) of the order statistics x(j) <= x(k) that hold the median of
/// the distribution with probability at least 95%: with B ~ Binomial(n, 1/2), j − 1 is the
/// largest i with P(B <= i) <= 0.025 and k = n + 1 − j (n = 100: 40 and 61). Below n = 6
/// no pair reaches 95%, and the ranks are (1, n): the whole sample. n >= 1.
std::pair<std::size_t, std::size_t> median_interval_ranks(std::size_t n);

/// Quantile p of ascending-sorted values by Hyndman & Fan type 7: the same rule as
/// experiment::quantile_sorted (the model library does not depend on the experiment
/// layer; tests/calibration checks that the two agree). NaN for an empty span.
double type7_quantile(std::span<const double> sorted, double p);

/// The band of one target from its values over replications (in any order; NaN skipped).
TargetBand band_of(const Target& target, std::vector<double> values);

/// One band per target; `values[i][r]` is target i on replication r.
std::vector<TargetBand> compute_bands(const TargetSet& targets, const std::vector<std::vector<double>>& values);

/// validate-history's exit status: 1 when any must fact failed, else 0.
int history_exit_status(const std::vector<TargetBand>& bands);

}  // namespace cmsim::calibration
