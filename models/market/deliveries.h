// Deliveries and the installed base at a quarter's close: installed compute retires
// (exponentially, mean life accelerator_life_years), each order's cards arrive over the part
// of the quarter it ran for, shifted by its vendor's delivery lag (a buyer's wait from order
// to delivery), and what the lag carries past the quarter's end arrives next quarter
// (m.in_transit) unless an event makes it illegal first. Products' outcomes, vendors' fills
// and order books are booked, and vendors hold China-specific finished stock.
#pragma once

#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// A product's delivery lag as a fraction of a mean quarter (its vendor's delivery_lag_days).
double delivery_lag(const MarketState& m, const ProductState& ps);

/// Whether any vendor has a delivery lag (without one, nothing ordered before a re-opening
/// is still to arrive after it).
bool any_delivery_lag(const MarketState& m);

/// Retires installed compute and books this quarter's arrivals (orders and shipments in
/// transit); returns the new compute delivered, by ecosystem (PFLOPS).
std::vector<double> deliver_orders(MarketState& m);

/// At a new quarter's start, before its orders replace the last's: what the ending quarter's
/// orders and shipments have not delivered by its end becomes m.in_transit, in the new
/// quarter's fractions and at the prices it was ordered at.
void carry_undelivered(MarketState& m);

/// Legality, by product × buyer, of the pairs with legal cards still to arrive after `t`
/// (a fraction of the quarter), to compare after a policy event (-1: nothing pending).
/// Empty when nothing can be pending.
std::vector<signed char> pending_legality(MarketState& m, double t);

/// An event cancels what it made illegal: legal cards of a (product, buyer) pair that was
/// legal before it (`before`, from pending_legality) and is not now stop arriving at `t`;
/// what was ordered and will not arrive is unmet demand.
void cancel_undeliverable(MarketState& m, double t, const std::vector<signed char>& before);

/// Each buyer's latest decision this quarter becomes the allocation next quarter's
/// contract inertia keeps.
void remember_allocations(MarketState& m);

/// China-specific products on sale and not banned for everyone are held in finished stock of
/// inventory_cover_quarters × this quarter's legal deliveries (what a ban strands on top of
/// the order book's cancelled cards, order_book.h).
void stock_china_inventory(MarketState& m);

}  // namespace cmsim::market
