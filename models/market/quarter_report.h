// Observation at a quarter's close: the products and ecosystems rows of the run's tables,
// and the quarter's outcome handed to the metrics observer (timeseries.csv).
#pragma once

#include <span>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Records quarter q and resets the quarter's running totals.
void record_quarter(MarketState& m, engine::Quarter q, std::span<const double> installed_by_eco,
                    std::span<const double> dev_share, std::span<const double> maturity);

}  // namespace cmsim::market
