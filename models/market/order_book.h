// The vendors' order books (docs/model.md §5.3). A vendor commits production (wafers, HBM,
// purchase obligations) its `lead_time_days` ahead of delivery, so at any moment its book
// for a product holds the legal cards due in the next lead time: the undelivered part of
// this quarter's orders and, for orders that run to the quarter's end, the same rate on
// into the next quarter (standing orders). When the market re-opens or a new quarter's
// orders replace the last, a product whose book shrinks has those cards cancelled; a
// China-specific product's cancelled cards cannot be sold elsewhere and are written down
// at unit cost. Grey-route orders are not on any vendor's book.
//
// Each product keeps a ledger, cumulative over the run, for which
//   ordered = delivered + cancelled + pending
// holds: orders enter the book as its horizon (now + lead time) moves over them, leave it
// when delivered (at the quarter's close) or cancelled.
#pragma once

#include <string>
#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Adds order o, just placed in the live segment, to m.segment_book (grey orders are on no book).
inline void add_to_segment_book(MarketState& m, const Order& o) {
  if (o.diverted) return;
  auto& b = m.segment_book[static_cast<std::size_t>(o.product)];
  b.units += o.units;
  b.from = o.begin;
}

/// m.segment_book emptied, one entry per product: the live segment has no orders (a new
/// quarter), or its orders were all cut (the market re-opened).
void clear_segment_book(MarketState& m);

/// m.segment_book summed afresh from the live segment's orders (a forked run's).
void sum_segment_book(MarketState& m);

/// A product's lead time as a fraction of a mean quarter (lead_time_days / MEAN_QUARTER_DAYS).
double lead_quarters(const MarketState& m, const ProductState& ps);

/// Each product's book at t: legal cards ordered and due in (t, t + lead time], orders
/// arriving their delivery lag after they run and shipments in transit included.
std::vector<double> book_pending(const MarketState& m, double t);

/// Orders enter the book as its horizon moves from m.book_time + lead to t + lead; returns
/// each product's book at t (book_pending, in the same pass).
std::vector<double> accrue_book(MarketState& m, double t);

/// After new orders were placed at t: each product's book grew (ordered) or shrank
/// (cancelled) from `before`. China-specific cancelled cards are written down and logged
/// under `cause` (an event id, or the product's id between quarters when empty).
void settle_book(MarketState& m, const std::vector<double>& before, double t, const std::string& cause);

}  // namespace cmsim::market
