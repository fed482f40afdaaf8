// Deliveries and the installed base at a quarter's close: installed compute retires
// (exponentially, mean life accelerator_life_years), each order delivers the share of the
// quarter it ran for (what it did not deliver is unmet demand), products' outcomes and
// vendors' deliveries are booked, and vendors build China-specific SKUs a quarter ahead.
#pragma once

#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Retires installed compute and books this quarter's deliveries; returns the new compute
/// delivered, by ecosystem (PFLOPS).
std::vector<double> deliver_orders(MarketState& m);

/// Each buyer's latest decision this quarter becomes the allocation next quarter's
/// contract inertia keeps.
void remember_allocations(MarketState& m);

/// China-specific products on sale and not banned for everyone are built
/// inventory_cover_quarters of this quarter's legal deliveries ahead (what a ban strands).
void build_china_pipelines(MarketState& m);

}  // namespace cmsim::market
