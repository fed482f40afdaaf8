#include "models/market/trading.h"

#include <algorithm>

#include "models/market/anticipation.h"
#include "models/market/clearing.h"
#include "models/market/deliveries.h"
#include "models/market/demand.h"
#include "models/market/legality.h"
#include "models/market/order_book.h"
#include "models/market/procurement.h"
#include "models/market/readiness.h"

namespace cmsim::market {

namespace {

/// The segment from m.segment_start to `until` (fractions of the quarter) is over.
void book_segment(MarketState& m, double until) {
  const double length = until - m.segment_start;
  m.unmet += m.segment_unmet_rate * length;
  m.deferred += m.segment_deferred_rate * length;
}

void clear_segment(MarketState& m) {
  const DiversionFlow grey = grey_supply(m);
  quote_products(m, grey);
  gather_options(m);
  ClearingResult cleared = clear_market(m, grey, m.scratch);
  anticipate(m, cleared);
  m.segment_unmet_rate = cleared.unmet_rate;
  m.segment_deferred_rate = cleared.deferred_rate;
}

}  // namespace

void begin_trading(MarketState& m, engine::Quarter q) {
  // Last quarter's standing orders, due from today (before its last segment is forgotten).
  const std::vector<double> carried = book_pending(m, 1.0);
  carry_undelivered(m);  // what last quarter's orders still owe arrives this quarter
  open_quarter(m, q);
  m.segment_start = 0;
  grow_demand(m, q);
  refresh_policy(m);
  refresh_log_readiness(m);
  // What was bought ahead last quarter (and delivered) is owed from this quarter's demand.
  for (auto& b : m.buyers) b.owed[0] = b.owed[1] = 0;
  if (m.any_advance)  // most quarters bought nothing ahead: no pass over their orders
    for (const auto& o : m.orders)
      if (o.advance) m.buyers[o.buyer].owed[o.workload] += o.units * o.ordered_share() * o.service_per_card;
  m.orders.clear();
  m.any_advance = false;
  m.segment_first = 0;
  clear_segment_book(m);
  m.book_time = 0;
  for (auto& ps : m.products) ps.out = metrics::ProductOutcome{ps.spec.id, ps.spec.vendor, ps.origin, ps.spec.tpp()};
  clear_segment(m);
  settle_book(m, carried, 0.0, "");
}

double trading_now(const MarketState& m) {
  return m.quarter_open ? std::max(quarter_elapsed_fraction(m), m.segment_start) : 1.0;
}

void reopen_trading(MarketState& m, const std::string& cause, const std::vector<signed char>& legal_before) {
  if (!m.quarter_open) {
    // Between quarters nobody orders, but an event can still stop what is in transit.
    if (legal_before.empty()) return;
    const std::vector<double> before = book_pending(m, 1.0);
    cancel_undeliverable(m, 1.0, legal_before);
    settle_book(m, before, 1.0, cause);
    return;
  }
  const double f = trading_now(m);
  if (!m.clearing_due) {  // the day's first measure: the live segment ends today
    book_segment(m, f);
    m.day_book_before = accrue_book(m, f);
    // Only the live segment's orders can run past f: earlier ones were cut at their segment's
    // end. An order cut before its product's launch delivers nothing and its demand was unmet
    // from its placing until today, not until the launch: from today the next segment's
    // order answers for it (deliveries.cpp counts unmet demand up to an order's begin).
    for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i)
      if (Order& o = m.orders[i]; o.end > f) {
        o.begin = std::min(o.begin, f);
        o.end = f;
      }
    clear_segment_book(m);  // every order of the live segment was just cut at f
    if (f != m.segment_start) m.segment_first = m.orders.size();
    m.segment_start = f;
    m.day_cause = cause;
    m.clearing_due = true;
    // One clearing after the day's last measure (phase RECLEAR): a day with several
    // measures is one change to the market, not a clearing per measure whose orders the
    // next cancels the same day.
    schedule(m, m.sched.now(), RECLEAR, Task::of(Task::Kind::RECLEAR, -1));
  }
  cancel_undeliverable(m, f, legal_before);  // each measure's own stops, from its own `before`
}

void clear_day(MarketState& m) {
  if (!m.clearing_due) return;
  m.clearing_due = false;
  clear_segment(m);
  settle_book(m, m.day_book_before, m.segment_start, m.day_cause);
}

void end_trading(MarketState& m) {
  book_segment(m, 1.0);
  accrue_book(m, 1.0);
  m.quarter_open = false;
}

}  // namespace cmsim::market
