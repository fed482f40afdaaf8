// The catalogue over time: products go on sale at their launch and off at their end of
// sale, and a vendor may answer a ban with a compliant derivative that launches after a lag
// (docs/model.md §5.6).
#pragma once

#include <string>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Schedules product `i`'s launch (booking its vendor's capacity) and end of sale.
void schedule_product(MarketState& m, int i);

/// Product `i` goes on sale (its LAUNCH task).
void launch_product(MarketState& m, int i);

/// A compliant derivative of product `i` goes on sale, if it still can (its REDESIGN task).
void launch_redesign(MarketState& m, int i, const std::string& event_id, const scenario::Redesign& rd);

/// After event `e` banned product `i` for everyone: with the vendor's redesign
/// probability, schedules a compliant derivative (unless a scripted answer is due). The
/// vendor starts work when the ban is announced: the derivative is due `lag_days` after
/// `announced`, or today if that is past.
void maybe_redesign(MarketState& m, int i, const scenario::PolicyEvent& e, engine::Date announced);

}  // namespace cmsim::market
