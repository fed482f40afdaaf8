// The value of one target on one replication: its metric's quarterly values over the
// target's period, combined by the target's aggregate (mean or sum, NaN quarters skipped).
#pragma once

#include <vector>

#include "models/calibration/target.h"
#include "models/market/market_model.h"

namespace cmsim::calibration {

/// The metric's value in each quarter of the period (first to last). Timeseries values are
/// as recorded (NaN where the model recorded nothing, or outside the recorded range);
/// products values are sums over the quarter's matching rows (0 when none match); for
/// vendor_revenue_share:<v>, the vendor's revenue (the share's numerator).
/// Throws engine::InputError (at the target's `metric:`) for an unknown timeseries column.
std::vector<double> quarterly_values(const Target& target, const market::RunResult& run);

/// Mean or sum of the quarterly values, skipping NaN; NaN when every quarter is NaN.
/// (RATIO needs the denominators: share_of_totals.)
double aggregate(const std::vector<double>& values, Aggregate how);

/// A share over the period on the trackers' basis: Σ share·den / Σ den over the quarters
/// with a share; NaN when the denominators sum to 0.
double share_of_totals(const std::vector<double>& shares, const std::vector<double>& denominators);

/// The target's metric on one replication, in the metric's unit (fraction, USD, cards).
/// vendor_revenue_share:<v> is Σ v's revenue / Σ all revenue over the period's products
/// rows (NaN when nothing was sold), whatever the aggregate.
double evaluate_target(const Target& target, const market::RunResult& run);

}  // namespace cmsim::calibration
