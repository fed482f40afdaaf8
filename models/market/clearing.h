// Clearing: rounds of choice and pro-rata rationing. In each round every buyer with demand
// left chooses (procurement.h); each vendor, and the grey network, that is asked for more
// than it has left serves every order in the same proportion; what was not served is
// offered again next round, without the vendors that sold out. Then the grey network's
// min-cost routing sets what grey cards cost (docs/model.md §5.3).
#pragma once

#include "models/market/market_state.h"
#include "models/market/procurement.h"

namespace cmsim::market {

/// What the grey network can carry this quarter (capacity, cheapest mark-up) under the
/// enforcement in force.
DiversionFlow grey_supply(const MarketState& m);

/// What a clearing leaves: demand not served and deferred (rates per quarter, PFLOPS) and
/// the capacity left (cards per quarter) by vendor and on the grey network.
struct ClearingResult {
  double unmet_rate = 0;
  double deferred_rate = 0;
  std::vector<double> vendor_left;
  double grey_left = 0;
};

/// Clears the market for the current trading segment: places orders (from m.segment_start
/// to the quarter's end) for every buyer's demand rate less what it bought ahead, and prices
/// grey cards at the network's average mark-up.
ClearingResult clear_market(MarketState& m, const DiversionFlow& grey, ChoiceScratch& scratch);

}  // namespace cmsim::market
