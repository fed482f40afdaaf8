// Deliveries and the installed base at a quarter's close: installed compute retires
// (exponentially, mean life accelerator_life_years), each order delivers the share of the
// quarter it ran for (what it did not deliver is unmet demand), products' outcomes, vendors'
// deliveries and order books are booked, and vendors hold China-specific finished stock.
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

/// China-specific products on sale and not banned for everyone are held in finished stock of
/// inventory_cover_quarters × this quarter's legal deliveries (what a ban strands on top of
/// the order book's cancelled cards, order_book.h).
void stock_china_inventory(MarketState& m);

}  // namespace cmsim::market
