// Sample quantiles by one documented rule, so p05..p95 are reproducible to the bit.
#pragma once

#include <span>

namespace cmsim::experiment {

/// Quantile p in [0, 1] of ascending-sorted values by Hyndman & Fan type 7 (R's default,
/// numpy's "linear"): h = (n - 1) p, result x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
/// NaN for an empty span.
double quantile_sorted(std::span<const double> sorted, double p);

}  // namespace cmsim::experiment
