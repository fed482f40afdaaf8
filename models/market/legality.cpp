#include "models/market/legality.h"

#include <cmath>

#include <algorithm>

#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"

namespace cmsim::market {

using scenario::BuyerKind;
using scenario::Origin;

double launch_fraction(const MarketState& m, const ProductState& ps) {
  if (ps.launched) return 0.0;
  return std::clamp(days_between(m.quarter_first_day, ps.spec.launch) / m.quarter_days, 0.0, 1.0);
}

double quarter_elapsed_fraction(const MarketState& m) {
  const engine::Date today = m.sched.today();
  const double elapsed = std::max(0, days_between(std::max(m.quarter_first_day, m.s.start), today));
  return std::clamp(elapsed / m.quarter_days, 0.0, 1.0);
}

void refresh_policy(MarketState& m) {
  // The legality memo is kept when nothing it reads changed: the quarter (licence draws are
  // keyed by it), each product's licence, gates, ban and whether its licences are open yet,
  // and the entity listings (a policy event that moves only prices, penalties or demand).
  bool keep =
      m.legal_quarter == m.current_quarter.index() && m.legal_cache.size() == m.products.size() * m.buyers.size();
  // The gates in force are listed into a buffer kept per thread and copied into the product
  // only when they changed: no allocation per refresh (refresh_policy is not re-entered).
  static thread_local std::vector<const scenario::PolicyEvent*> gates;
  // What the regime says of a product changes only when an event is applied (the regime
  // has no clock), and each answer only with its own kind of event (a discourage measure
  // moves no licence, a rule no penalty): asked again for every product when that kind was
  // applied or lifted, else only for the products added since. A quarter's opening after
  // no event asks nothing.
  const std::size_t rules = m.regime.rules_changed(), gates_in_force = m.regime.measures_changed(scenario::IMPORT_GATE);
  const std::size_t penalties = m.regime.measures_changed(scenario::PENALTY);
  const std::size_t prices = m.regime.measures_changed(scenario::PRICE);
  const std::size_t known = m.policy_seen_products;
  const bool rules_changed = rules != m.policy_seen_rules, gates_changed = gates_in_force != m.policy_seen_gates;
  const bool penalties_changed = penalties != m.policy_seen_penalties, prices_changed = prices != m.policy_seen_prices;
  m.policy_seen_products = m.products.size();
  m.policy_seen_rules = rules;
  m.policy_seen_gates = gates_in_force;
  m.policy_seen_penalties = penalties;
  m.policy_seen_prices = prices;
  for (std::size_t pi = 0; pi < m.products.size(); ++pi) {
    auto& ps = m.products[pi];
    const bool fresh = pi >= known;
    if (rules_changed || fresh) {
      const auto* licence = m.regime.licence_for(ps.spec, ps.origin);
      const bool banned = m.regime.export_banned(ps.spec, ps.origin);
      keep = keep && licence == ps.licence && banned == ps.export_banned;
      ps.licence = licence;
      ps.export_banned = banned;
    }
    if (gates_changed || fresh) {
      m.regime.import_gates(ps.spec, ps.origin, gates);
      keep = keep && gates == ps.gates;
      if (gates != ps.gates) ps.gates = gates;
    }
    if (prices_changed || fresh) ps.subsidy = m.regime.price_reduction(ps.spec, ps.origin);
    if (penalties_changed || fresh)
      for (int k = 0; k < 4; ++k)
        ps.penalty[k] = m.regime.utility_penalty(ps.spec, ps.origin, static_cast<BuyerKind>(k));
    const bool open = ps.licence && m.sched.now() >= licences_from(m, *ps.licence);  // the clock: always
    keep = keep && open == ps.licence_open;
    ps.licence_open = open;
  }
  for (std::size_t si = 0; si < m.s.buyers.size(); ++si) {
    const char listed = m.regime.entity_listed(m.s.buyers[si].id);
    keep = keep && m.segment_listed[si] == listed;
    m.segment_listed[si] = listed;
  }
  m.legal_quarter = m.current_quarter.index();
  if (!keep) m.legal_cache.assign(m.products.size() * m.buyers.size(), -1);
}

engine::Time licences_from(const MarketState& m, const scenario::PolicyEvent& e) {
  const auto& l = e.as<scenario::LicenceRequirement>();
  const auto* resolved = m.timeline.find(e.id);  // its dates in this replication (lags, requires)
  const engine::Date effective = resolved ? resolved->effective : e.effective;
  return effective.start() + engine::Time::from_days(l.processing_lag_days).seconds;
}

namespace {

/// A per-buyer, per-quarter draw for a permission (a US licence, a Chinese import
/// approval): a counter-based stream keyed by the event's id, the buyer and the quarter, so
/// it is the same in every scenario where that event and buyer exist. 1 granted, 0 refused;
/// −1 when it hangs on the draw and no buyer is given (a segment's verdict, below).
int permitted(const MarketState& m, const scenario::PolicyEvent& e, double probability, policy::StreamPurpose purpose,
              const BuyerAgent* b) {
  if (probability >= 1.0) return 1;
  if (probability <= 0.0) return 0;
  if (!b) return -1;
  const std::uint64_t key = policy::stable_hash(
      e.id, b->id_hash ^ (static_cast<std::uint64_t>(m.current_quarter.index()) * 0x9E3779B97F4A7C15ULL));
  engine::RandomStream draw({m.s.seed, m.rep, purpose, key});
  return draw.uniform() < probability ? 1 : 0;
}

int licence_granted(const MarketState& m, const scenario::PolicyEvent& t, const BuyerAgent* b) {
  const auto& l = t.as<scenario::LicenceRequirement>();
  if (m.sched.now() < licences_from(m, t)) return 0;  // still in processing
  return permitted(m, t, l.grant_probability, policy::LICENCE_GRANT, b);
}

/// Gates apply to the buyer kinds they name (all when none).
int import_approved(const MarketState& m, const scenario::PolicyEvent& gate, std::size_t segment, const BuyerAgent* b) {
  if (!policy::PolicyRegime::gate_applies(gate, m.s.buyers[segment].kind)) return 1;
  return permitted(m, gate, gate.as<scenario::ImportApproval>().approval_probability, policy::IMPORT_APPROVAL, b);
}

/// Whether buyer b of `segment` may buy ps: 1 or 0. With no buyer given, the answer for
/// every buyer of the segment, or −1 when it hangs on a buyer's own draw. (The draws are
/// pure functions of their keys, so the gates and the licence combine as an AND in any order.)
int legality(const MarketState& m, const ProductState& ps, std::size_t segment, const BuyerAgent* b) {
  if (ps.origin == Origin::US && m.segment_listed[segment]) return 0;
  // China's gates and the exporter's rules both have to let it through.
  int verdict = 1;
  for (const auto* gate : ps.gates) {
    const int approved = import_approved(m, *gate, segment, b);
    if (approved == 0) return 0;
    verdict = std::min(verdict, approved);
  }
  const int exported = ps.licence ? licence_granted(m, *ps.licence, b) : (ps.export_banned ? 0 : 1);
  if (exported == 0) return 0;
  return std::min(verdict, exported);
}

}  // namespace

bool legal_memoised(MarketState& m, std::size_t pi, std::size_t bi) {
  const BuyerAgent& b = m.buyers[bi];
  auto& c = m.legal_cache[pi * m.buyers.size() + bi];
  c = legality(m, m.products[pi], static_cast<std::size_t>(b.segment), &b) == 1 ? 1 : 0;
  return c != 0;
}

signed char segment_legality(const MarketState& m, std::size_t pi, std::size_t segment) {
  return static_cast<signed char>(legality(m, m.products[pi], segment, nullptr));
}

}  // namespace cmsim::market
