#include "models/market/order_book.h"

#include <algorithm>
#include <cstdio>

#include "models/market/deliveries.h"

namespace cmsim::market {

namespace {

// Write-downs below this are booked but not logged: quarter-to-quarter changes in what
// buyers order leave small cancellations that would fill events.csv.
constexpr double LOGGED_WRITEDOWN_USD = 1e6;

/// Where an order's deliveries end: its cut, or never (a standing order runs on).
double window_end(const Order& o) { return o.end >= 1.0 ? std::numeric_limits<double>::infinity() : o.end; }

}  // namespace

void clear_segment_book(MarketState& m) { m.segment_book.assign(m.products.size(), SegmentBook{}); }

void sum_segment_book(MarketState& m) {
  clear_segment_book(m);
  for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i)
    if (m.orders[i].end >= 1.0) add_to_segment_book(m, m.orders[i]);  // a cut order is no longer standing
}

double lead_quarters(const MarketState& m, const ProductState& ps) {
  if (ps.vendor < 0) return 0.0;
  return m.vendors[static_cast<std::size_t>(ps.vendor)].spec->lead_time_days / MEAN_QUARTER_DAYS;
}

namespace {

/// Calls fn(product, cards per quarter, from, to) for every legal commitment that may still be
/// due: shipments in transit, and orders arriving over [from, to) (to = ∞ for a standing
/// order). Without a delivery lag only the current trading segment's orders (a suffix of
/// m.orders) can be: every earlier order was cut at or before the segment's start
/// (trading.h), so skipping it leaves every sum unchanged; and those run from their
/// product's `from` to the quarter's end (a cut empties the segment's book), so they are
/// passed summed by product: Σ units × overlap, not Σ (units × overlap), the same to
/// rounding (docs/performance.md), for a pass over a few dozen products, not thousands of orders.
template <class Fn>
void for_each_commitment(const MarketState& m, Fn&& fn) {
  for (const auto& sh : m.in_transit)
    if (!sh.diverted) fn(sh.product, sh.units, sh.from, sh.to);
  if (!any_delivery_lag(m)) {
    constexpr double standing = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < m.segment_book.size(); ++p)
      if (const SegmentBook& b = m.segment_book[p]; b.units > 0) fn(static_cast<int>(p), b.units, b.from, standing);
    return;
  }
  const std::vector<double> lag = per_product(m, delivery_lag);
  for (const Order& o : m.orders)
    if (!o.diverted) {
      const double l = lag[static_cast<std::size_t>(o.product)];
      fn(o.product, o.units, o.begin + l, window_end(o) + l);
    }
}

}  // namespace

// A product without lead time has nothing pending: overlap(t, t, ·) is +0, and adding
// units × +0 leaves the sum as it is, so those commitments are skipped (most of the orders).
std::vector<double> book_pending(const MarketState& m, double t) {
  std::vector<double> pending(m.products.size(), 0.0);
  const std::vector<double> lead = per_product(m, lead_quarters);
  for_each_commitment(m, [&](int p, double units, double from, double to) {
    if (lead[p] > 0) pending[p] += units * overlap(t, t + lead[p], from, to);
  });
  return pending;
}

std::vector<double> accrue_book(MarketState& m, double t) {
  std::vector<double> pending(m.products.size(), 0.0);
  const std::vector<double> lead = per_product(m, lead_quarters);
  const double was = m.book_time;
  for_each_commitment(m, [&](int p, double units, double from, double to) {
    const double l = lead[p];
    if (t > was) m.products[p].book.ordered += units * overlap(was + l, t + l, from, to);
    if (l > 0) pending[p] += units * overlap(t, t + l, from, to);  // as in book_pending
  });
  m.book_time = std::max(was, t);
  return pending;
}

void settle_book(MarketState& m, const std::vector<double>& before, double t, const std::string& cause) {
  const std::vector<double> after = book_pending(m, t);
  for (std::size_t i = 0; i < m.products.size(); ++i) {
    auto& ps = m.products[i];
    const double was = i < before.size() ? before[i] : 0.0;
    if (after[i] >= was) {
      ps.book.ordered += after[i] - was;
      continue;
    }
    const double cancelled = was - after[i];
    ps.book.cancelled += cancelled;
    if (!ps.spec.china_specific) continue;  // sold to buyers elsewhere
    const double amount = cancelled * ps.unit_cost;
    m.pending_writedown += amount;
    if (amount < LOGGED_WRITEDOWN_USD) continue;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s orders cancelled; %.0f units written down, $%.2fB", ps.spec.name.c_str(),
                  cancelled, amount / 1e9);
    m.log(m.sched.today(), cause.empty() ? ps.spec.id : cause, "writedown", buf);
  }
}

}  // namespace cmsim::market
