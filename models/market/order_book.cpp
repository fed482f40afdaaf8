#include "models/market/order_book.h"

#include <algorithm>
#include <cstdio>
#include <span>

namespace cmsim::market {

namespace {

constexpr double MEAN_QUARTER_DAYS = 365.25 / 4.0;
// Write-downs below this are booked but not logged: quarter-to-quarter changes in what
// buyers order leave small cancellations that would fill events.csv.
constexpr double LOGGED_WRITEDOWN_USD = 1e6;

/// Length of (a, b] ∩ [lo, hi).
double overlap(double a, double b, double lo, double hi) { return std::max(0.0, std::min(b, hi) - std::max(a, lo)); }

/// Where an order's deliveries end: its cut, or never (a standing order runs on).
double window_end(const Order& o) { return o.end >= 1.0 ? std::numeric_limits<double>::infinity() : o.end; }

}  // namespace

double lead_quarters(const MarketState& m, const ProductState& ps) {
  if (ps.vendor < 0) return 0.0;
  return m.vendors[static_cast<std::size_t>(ps.vendor)].spec->lead_time_days / MEAN_QUARTER_DAYS;
}

double due_within(const Order& o, double t, double lead) {
  return o.units * overlap(t, t + lead, o.begin, window_end(o));
}

namespace {

std::vector<double> leads(const MarketState& m) {
  std::vector<double> lead(m.products.size());
  for (std::size_t i = 0; i < lead.size(); ++i) lead[i] = lead_quarters(m, m.products[i]);
  return lead;
}

/// The orders still delivering: the current trading segment's (a suffix of m.orders). Every
/// earlier order was cut at or before the segment's start (trading.h), so nothing of it is
/// due after m.book_time and skipping it leaves every sum unchanged.
std::span<const Order> live_orders(const MarketState& m) {
  const std::size_t first = segment_orders_begin(m);
  return {m.orders.data() + first, m.orders.size() - first};
}

}  // namespace

std::vector<double> book_pending(const MarketState& m, double t) {
  std::vector<double> pending(m.products.size(), 0.0);
  const std::vector<double> lead = leads(m);
  for (const auto& o : live_orders(m))
    if (!o.diverted) pending[o.product] += due_within(o, t, lead[o.product]);
  return pending;
}

std::vector<double> accrue_book(MarketState& m, double t) {
  std::vector<double> pending(m.products.size(), 0.0);
  const std::vector<double> lead = leads(m);
  const double from = m.book_time;
  for (const auto& o : live_orders(m)) {
    if (o.diverted) continue;
    const double l = lead[o.product];
    if (t > from) m.products[o.product].book.ordered += o.units * overlap(from + l, t + l, o.begin, window_end(o));
    pending[o.product] += due_within(o, t, l);
  }
  m.book_time = std::max(from, t);
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
