// Vendors' capacity for this market: cards per quarter, bounded by a dated ceiling (foundry,
// yield, allocation; linear between points) and multiplied by supply controls in force. It
// grows when a vendor sells out, and a launch books it up to the ceiling.
#pragma once

#include "models/market/market_state.h"

namespace cmsim::market {

/// The vendor's ceiling today (linear between its dated points; +inf without one), before
/// policy multipliers.
double capacity_ceiling(const MarketState& m, const VendorState& v);

/// Cards the vendor can deliver this quarter: min(capacity, ceiling) × supply controls
/// (+inf when unbounded).
double vendor_capacity(const MarketState& m, const VendorState& v);

/// A new product comes with the foundry capacity booked for it (tape-out to volume takes
/// the better part of a year): at a launch the vendor's capacity rises to its ceiling, so a
/// new generation does not start from what the last one happened to sell.
void book_capacity_for_launch(MarketState& m, int vendor);

/// At the quarter's close: a vendor that filled >= 90% of its capacity with this quarter's orders grows by its rate.
void grow_sold_out_capacity(MarketState& m);

}  // namespace cmsim::market
