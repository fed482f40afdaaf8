#include "models/market/policy_reactions.h"

#include <algorithm>
#include <cstdio>

#include "models/market/catalogue.h"
#include "models/market/deliveries.h"
#include "models/market/legality.h"
#include "models/market/trading.h"

namespace cmsim::market {

void schedule_policy(MarketState& m) {
  const auto& happening = m.timeline.happening();
  for (std::size_t k = 0; k < happening.size(); ++k) {
    const auto& se = happening[k];
    if (se.effective > m.s.end) continue;
    const engine::Date when = std::max(se.effective, m.s.start);
    schedule(m, when, POLICY, Task::of(Task::Kind::POLICY, static_cast<int>(k)));
    // Announced ahead: buyers see a restriction coming (anticipation.h).
    if (scenario::anticipated(se.event->instrument) && se.announced < se.effective && se.announced >= m.s.start)
      schedule(m, se.announced, POLICY, Task::of(Task::Kind::ANNOUNCEMENT, static_cast<int>(k)));
    // A licence with a processing lag: the market re-opens when the first licences come.
    if (const auto* l = se.event->get_if<scenario::LicenceRequirement>(); l && l->processing_lag_days > 0) {
      const engine::Time from = licences_from(m, *se.event);
      if (from <= m.s.end.start()) schedule(m, from, POLICY, Task::of(Task::Kind::LICENCES_OPEN, static_cast<int>(k)));
    }
  }
}

namespace {

void apply_risk_shock(MarketState& m, const scenario::PolicyEvent& e) {
  const bool restrictive_us = scenario::restricts_us_supply(e.instrument);
  const double shock = e.risk_shock >= 0 ? e.risk_shock : (restrictive_us ? m.p.risk_shock : 0.0);
  if (shock <= 0) return;
  for (auto& b : m.buyers) {
    const bool listed_now =
        std::visit([&](const auto& i) { return i.lists_buyer(m.s.buyers[b.segment].id); }, e.instrument);
    const double jump = listed_now ? 1.0 : shock;
    b.risk += jump * (1.0 - b.risk);
  }
}

/// China-specific finished cards held in stock are stranded when no one may buy them.
void write_down(MarketState& m, ProductState& ps, const std::string& event_id) {
  if (!ps.spec.china_specific || ps.written_down) return;
  const double stranded = ps.inventory;
  const double amount = stranded * ps.unit_cost;
  ps.inventory = 0;
  ps.written_down = true;
  if (amount <= 0) return;
  m.pending_writedown += amount;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s inventory stranded; %.0f units written down, $%.2fB", ps.spec.name.c_str(),
                stranded, amount / 1e9);
  m.log(m.sched.today(), event_id, "writedown", buf);
}

}  // namespace

void on_policy(MarketState& m, const policy::ScheduledEvent& se) {
  const auto& e = *se.event;
  // Which products were legal for someone before, so we can see what this event stops.
  std::vector<char> was_banned(m.products.size());
  for (std::size_t i = 0; i < m.products.size(); ++i) was_banned[i] = banned_for_all(m.products[i]);
  const std::vector<signed char> legal_before = pending_legality(m, trading_now(m));  // what is still to arrive
  m.regime.apply(e, se.effective);
  refresh_policy(m);
  m.log(m.sched.today(), e.id, std::string(e.kind()), e.description);

  apply_risk_shock(m, e);
  reopen_trading(m, e.id, legal_before);  // buyers choose again; what became illegal stops arriving
  for (std::size_t i = 0; i < m.products.size(); ++i) {
    auto& ps = m.products[i];
    if (!ps.exists || was_banned[i] || !banned_for_all(ps)) continue;
    if (!available(ps)) continue;  // not on sale yet (or any more): nothing to strand or redesign
    write_down(m, ps, e.id);
    maybe_redesign(m, static_cast<int>(i), e, se.announced);
  }
}

}  // namespace cmsim::market
