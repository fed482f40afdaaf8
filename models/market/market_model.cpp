// The market model: wiring. One replication's shared state (market_state.h) and the
// processes that act on it, scheduled on the engine (docs/architecture.md has the picture):
//   on each policy event's effective day (POLICY): policy_reactions — the regime, risk,
//     trading re-opens, write-downs, redesigns (catalogue); on a restriction's announcement
//     day trading re-opens too;
//   on launch and end-of-sale days (LAUNCH): catalogue — products on and off sale, capacity
//     booked at launch (capacity);
//   on a quarter's first day (PROCUREMENT): trading opens — demand, then procurement (quotes,
//     options) and clearing (rounds of logit choice and rationing, grey prices), and buying
//     ahead of announced restrictions (anticipation); it re-opens on any day policy changes;
//   on an ecosystem milestone's day (POLICY): developer_migration — tooling maturity jumps;
//   at a quarter's last second (CLOSE): deliveries and the installed base, capacity growth,
//     China-specific pipelines, developers, readiness and risk, then the quarter's report.
// Equations and parameters: docs/model.md.
#include "models/market/market_model.h"

#include <algorithm>

#include "models/market/capacity.h"
#include "models/market/catalogue.h"
#include "models/market/clearing.h"
#include "models/market/deliveries.h"
#include "models/market/demand.h"
#include "models/market/developer_migration.h"
#include "models/market/legality.h"
#include "models/market/market_state.h"
#include "models/market/policy_reactions.h"
#include "models/market/procurement.h"
#include "models/market/quarter_report.h"
#include "models/market/readiness.h"
#include "models/market/trading.h"

namespace cmsim::market {
namespace {

using engine::Date;
using engine::Quarter;

class MarketModel {
 public:
  MarketModel(const scenario::Scenario& s, std::uint64_t replication, RunRows rows) : m_(s, replication) {
    m_.keep_rows = rows == RunRows::ALL;
  }

  RunResult run() {
    schedule_policy(m_);
    schedule_milestones(m_);
    for (std::size_t i = 0; i < m_.products.size(); ++i) schedule_product(m_, static_cast<int>(i));
    schedule_quarter(Quarter::of(m_.s.start));
    m_.sched.run_until(m_.s.end.start() + (engine::Time::SECONDS_PER_DAY - 1));
    for (const auto& e : m_.timeline.skipped())
      m_.log(m_.s.start, e.first, "skipped", "does not happen in this scenario: " + e.second);
    std::stable_sort(m_.result.events.begin(), m_.result.events.end(),
                     [](const EventLogEntry& a, const EventLogEntry& b) { return a.date < b.date; });
    return std::move(m_.result);
  }

 private:
  void schedule_quarter(Quarter q) {
    const Date first = std::max(q.first_day(), m_.s.start);
    if (first > m_.s.end) return;
    m_.sched.at(first, PROCUREMENT, [this, q] { procure(q); });
    const Date last = std::min(q.last_day(), m_.s.end);
    m_.sched.at(last.start() + (engine::Time::SECONDS_PER_DAY - 1), CLOSE, [this, q] {
      close(q);
      schedule_quarter(q.next());
    });
  }

  void procure(Quarter q) { begin_trading(m_, q); }

  void close(Quarter q) {
    end_trading(m_);
    const auto new_by_eco = deliver_orders(m_);
    remember_allocations(m_);
    grow_sold_out_capacity(m_);
    build_china_pipelines(m_);
    const auto installed_by_eco = step_developers(m_, new_by_eco);
    const auto dev_share = m_.developers.shares();
    const auto maturity = m_.developers.maturity();
    update_readiness_and_risk(m_, dev_share, maturity);
    record_quarter(m_, q, installed_by_eco, dev_share, maturity);
  }

  MarketState m_;
};

}  // namespace

RunResult run_market(const scenario::Scenario& scenario, std::uint64_t replication, RunRows rows) {
  return MarketModel(scenario, replication, rows).run();
}

}  // namespace cmsim::market
