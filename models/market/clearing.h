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

/// Clears this quarter's market: places m.orders, adds unmet and deferred demand to the
/// quarter's totals, and prices grey cards at the network's average mark-up.
void clear_market(MarketState& m, const DiversionFlow& grey, ChoiceScratch& scratch);

}  // namespace cmsim::market
