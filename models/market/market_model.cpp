// The market model: wiring. One replication's shared state (market_state.h) and the
// processes that act on it, scheduled on the engine (docs/architecture.md has the picture):
//   on each policy event's effective day (POLICY): policy_reactions — the regime, risk,
//     trading re-opens (orders the vendors' books lose are cancelled and, for China-specific
//     cards, written down: order_book), stranded inventory, redesigns (catalogue); on a restriction's announcement
//     day trading re-opens too;
//   on launch and end-of-sale days (LAUNCH): catalogue — products on and off sale, capacity
//     booked at launch (capacity);
//   on a quarter's first day (PROCUREMENT): trading opens — demand, then procurement (quotes,
//     options) and clearing (rounds of logit choice and rationing, grey prices), and buying
//     ahead of announced restrictions (anticipation); it re-opens on any day policy changes;
//   on an ecosystem milestone's day (POLICY): developer_migration — tooling maturity jumps;
//   at a quarter's last second (CLOSE): deliveries and the installed base, capacity growth,
//     China-specific inventory, developers, readiness and risk, then the quarter's report.
// What is scheduled is data (market_state.h's Task), run by dispatch(), so that a run can
// be forked (market_checkpoint.cpp). Equations and parameters: docs/model.md.
#include "models/market/market_model.h"

#include <algorithm>

#include "models/market/capacity.h"
#include "models/market/catalogue.h"
#include "models/market/clearing.h"
#include "models/market/deliveries.h"
#include "models/market/demand.h"
#include "models/market/developer_migration.h"
#include "models/market/legality.h"
#include "models/market/market_checkpoint.h"
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

void schedule_quarter(MarketState& m, Quarter q) {
  const Date first = std::max(q.first_day(), m.s.start);
  if (first > m.s.end) return;
  schedule(m, first, PROCUREMENT, Task::of(Task::Kind::PROCURE, q));
  const Date last = std::min(q.last_day(), m.s.end);
  schedule(m, last.start() + (engine::Time::SECONDS_PER_DAY - 1), CLOSE, Task::of(Task::Kind::CLOSE, q));
}

void close(MarketState& m, Quarter q) {
  end_trading(m);
  const auto new_by_eco = deliver_orders(m);
  remember_allocations(m);
  grow_sold_out_capacity(m);
  stock_china_inventory(m);
  const auto installed_by_eco = step_developers(m, new_by_eco);
  const auto dev_share = m.developers.shares();
  const auto maturity = m.developers.maturity();
  update_readiness_and_risk(m, dev_share, maturity);
  record_quarter(m, q, installed_by_eco, dev_share, maturity);
}

engine::Time horizon_end(const MarketState& m) { return m.s.end.start() + engine::Time::SECONDS_PER_DAY; }

}  // namespace

void dispatch(MarketState& m, std::size_t slot) {
  const Task& t = m.tasks[slot];  // copied below where the task list may grow
  const int i = t.index;
  switch (t.kind) {
    case Task::Kind::POLICY: {
      const auto se = m.timeline.happening()[static_cast<std::size_t>(i)];
      m.applied_events.push_back(se.event->id);
      on_policy(m, se);
      break;
    }
    case Task::Kind::ANNOUNCEMENT:
      reopen_trading(m, m.timeline.happening()[static_cast<std::size_t>(i)].event->id);
      break;
    case Task::Kind::LICENCES_OPEN:  // the first licences after a processing lag
      refresh_policy(m);
      reopen_trading(m, m.timeline.happening()[static_cast<std::size_t>(i)].event->id);
      break;
    case Task::Kind::LAUNCH:
      launch_product(m, i);
      break;
    case Task::Kind::RETIRE:
      m.products[static_cast<std::size_t>(i)].retired = true;
      break;
    case Task::Kind::REDESIGN: {
      const std::string event_id = t.event_id;
      const scenario::Redesign rd = t.redesign;
      launch_redesign(m, i, event_id, rd);
      break;
    }
    case Task::Kind::MILESTONE:
      apply_milestone(m, i, t.item);
      break;
    case Task::Kind::RECLEAR:
      clear_day(m);
      break;
    case Task::Kind::PROCURE:
      begin_trading(m, t.quarter);
      break;
    case Task::Kind::CLOSE: {
      const Quarter q = t.quarter;
      close(m, q);
      schedule_quarter(m, q.next());
      break;
    }
  }
}

MarketRun::MarketRun(const scenario::Scenario& s, std::uint64_t replication, RunRows rows)
    : m_(std::make_unique<MarketState>(s, replication)), reached_(s.start.start()) {
  m_->keep_rows = rows == RunRows::ALL;
  m_->tasks.reserve(2 * (s.events.size() + s.products.size()) + 16);
  schedule_policy(*m_);
  schedule_milestones(*m_);
  for (std::size_t i = 0; i < m_->products.size(); ++i) schedule_product(*m_, static_cast<int>(i));
  schedule_quarter(*m_, Quarter::of(m_->s.start));
  m_->construction_tasks = m_->tasks.size();
}

MarketRun::~MarketRun() = default;

void MarketRun::run_before(engine::Time t) {
  t = std::min(t, horizon_end(*m_));
  if (t <= reached_) return;
  m_->sched.run_until(t + (-1));
  reached_ = t;
}

std::unique_ptr<MarketRun> MarketRun::fork(const scenario::Scenario& other) const {
  std::unique_ptr<MarketRun> copy(new MarketRun());
  copy->m_ = fork_state(*m_, other, reached_);
  copy->reached_ = reached_;
  return copy;
}

RunResult MarketRun::finish() {
  run_before(horizon_end(*m_));
  for (const auto& e : m_->timeline.skipped())
    m_->log(m_->s.start, e.first, "skipped", "does not happen in this scenario: " + e.second);
  std::stable_sort(m_->result.events.begin(), m_->result.events.end(),
                   [](const EventLogEntry& a, const EventLogEntry& b) { return a.date < b.date; });
  return std::move(m_->result);
}

RunResult run_market(const scenario::Scenario& scenario, std::uint64_t replication, RunRows rows) {
  return MarketRun(scenario, replication, rows).finish();
}

}  // namespace cmsim::market
