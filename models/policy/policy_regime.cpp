#include "models/policy/policy_regime.h"

#include <algorithm>

namespace cmsim::policy {

using scenario::EventKind;
using scenario::Origin;

PolicyRegime::PolicyRegime(const scenario::Scenario& s) : scenario_(s), applied_(s.events.size()) {
  for (const auto& b : s.buyers)
    if (b.entity_listed) entity_listed_.insert(b.id);
}

bool PolicyRegime::kind_matches(const std::vector<scenario::BuyerKind>& kinds, scenario::BuyerKind k) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

void PolicyRegime::apply(const scenario::PolicyEvent& e, engine::Date effective) {
  const auto index = static_cast<std::size_t>(&e - scenario_.events.data());
  if (index < applied_.size()) applied_[index] = effective;
  switch (e.kind) {
    case EventKind::EXPORT_RULE:
    case EventKind::AMEND_RULE:
    case EventKind::LICENCE_REQUIREMENT:
      refresh_rules();
      break;
    case EventKind::LIFT: {
      refresh_rules();
      const auto& t = e.targets;
      std::erase_if(others_,
                    [&](const scenario::PolicyEvent* o) { return std::find(t.begin(), t.end(), o->id) != t.end(); });
      // Entity listings are lifted by naming the listing event.
      for (const auto& id : t)
        if (const auto* listed = scenario_.find_event(id); listed && listed->kind == EventKind::ENTITY_LIST)
          for (const auto& b : listed->buyers) entity_listed_.erase(b);
      break;
    }
    case EventKind::ENTITY_LIST:
      entity_listed_.insert(e.buyers.begin(), e.buyers.end());
      others_.push_back(&e);
      break;
    default:
      others_.push_back(&e);
  }
}

void PolicyRegime::refresh_rules() {
  rules_.clear();
  licences_.clear();
  engine::Date latest;
  for (const auto& d : applied_)
    if (d && *d > latest) latest = *d;
  for (const auto& r : scenario::rules_in_force(scenario_, latest, applied_))
    (r.rule->kind == EventKind::EXPORT_RULE ? rules_ : licences_).push_back(r);
}

std::string PolicyRegime::banning_rule(const scenario::Product& p, Origin origin) const {
  for (const auto& r : rules_)
    if (scenario::rule_restricts(r, p, origin)) return r.rule->id;
  return "";
}

bool PolicyRegime::export_banned(const scenario::Product& p, Origin origin) const {
  return !banning_rule(p, origin).empty();
}

const scenario::PolicyEvent* PolicyRegime::licence_for(const scenario::Product& p, Origin origin) const {
  // The latest requirement covering the product wins (ties: the later one in the file).
  const scenario::RuleInForce* best = nullptr;
  for (const auto& r : licences_)
    if (scenario::rule_restricts(r, p, origin) && (!best || r.effective >= best->effective)) best = &r;
  return best ? best->rule : nullptr;
}

double PolicyRegime::vendor_capacity_multiplier(const std::string& vendor) const {
  double m = 1.0;
  for (const auto* e : others_)
    if (e->kind == EventKind::SUPPLY_CONTROL &&
        std::find(e->vendors.begin(), e->vendors.end(), vendor) != e->vendors.end())
      m *= e->capacity_multiplier;
  return m;
}

double PolicyRegime::route_capacity_multiplier(const std::string& route) const {
  double m = 1.0;
  for (const auto* e : others_)
    if (e->kind == EventKind::ENFORCEMENT &&
        (e->routes.empty() || std::find(e->routes.begin(), e->routes.end(), route) != e->routes.end()))
      m *= e->capacity_multiplier;
  return m;
}

double PolicyRegime::route_markup_add(const std::string& route) const {
  double a = 0.0;
  for (const auto* e : others_)
    if (e->kind == EventKind::ENFORCEMENT &&
        (e->routes.empty() || std::find(e->routes.begin(), e->routes.end(), route) != e->routes.end()))
      a += e->markup_add;
  return a;
}

double PolicyRegime::domestic_share_min(scenario::BuyerKind kind) const {
  double m = 0.0;
  for (const auto* e : others_)
    if (e->kind == EventKind::PROCUREMENT_MANDATE && kind_matches(e->buyer_kinds, kind))
      m = std::max(m, e->domestic_share_min);
  return m;
}

double PolicyRegime::utility_penalty(const scenario::Product& p, Origin origin, scenario::BuyerKind kind) const {
  double pen = 0.0;
  for (const auto* e : others_) {
    if (e->kind != EventKind::DISCOURAGE || !kind_matches(e->buyer_kinds, kind)) continue;
    const bool named = scenario::names(e->products, p);
    const bool by_vendor = std::find(e->vendors.begin(), e->vendors.end(), p.vendor) != e->vendors.end();
    const bool by_origin = std::find(e->by_origins.begin(), e->by_origins.end(), origin) != e->by_origins.end();
    if (named || by_vendor || by_origin) pen += e->utility_penalty;
  }
  return pen;
}

double PolicyRegime::price_reduction(const scenario::Product& p, Origin origin) const {
  double keep = 1.0;
  for (const auto* e : others_) {
    if (e->kind != EventKind::SUBSIDY) continue;
    const bool by_vendor = std::find(e->vendors.begin(), e->vendors.end(), p.vendor) != e->vendors.end();
    const bool by_origin = std::find(e->by_origins.begin(), e->by_origins.end(), origin) != e->by_origins.end();
    const bool named = scenario::names(e->products, p);
    if (by_vendor || by_origin || named) keep *= 1.0 - e->price_reduction;
  }
  return 1.0 - keep;
}

double PolicyRegime::demand_multiplier(scenario::BuyerKind kind, scenario::Workload w) const {
  double m = 1.0;
  for (const auto* e : others_)
    if (e->kind == EventKind::DEMAND_SHOCK && kind_matches(e->buyer_kinds, kind) && (!e->workload || *e->workload == w))
      m *= e->demand_multiplier;
  return m;
}

std::vector<const scenario::PolicyEvent*> PolicyRegime::import_gates(const scenario::Product& p, Origin origin) const {
  std::vector<const scenario::PolicyEvent*> out;
  for (const auto* e : others_) {
    if (e->kind != EventKind::IMPORT_APPROVAL) continue;
    const bool by_vendor = std::find(e->vendors.begin(), e->vendors.end(), p.vendor) != e->vendors.end();
    const bool by_origin = std::find(e->by_origins.begin(), e->by_origins.end(), origin) != e->by_origins.end();
    const bool named = scenario::names(e->products, p);
    if (by_vendor || by_origin || named) out.push_back(e);
  }
  return out;
}

std::vector<const scenario::Predicate*> PolicyRegime::restrictive_predicates(Origin origin) const {
  const auto covered = [origin](const scenario::RuleInForce& r) {
    return r.predicate && std::find(r.origins().begin(), r.origins().end(), origin) != r.origins().end();
  };
  std::vector<const scenario::Predicate*> out;
  for (const auto& r : rules_)
    if (covered(r)) out.push_back(r.predicate);
  for (const auto& r : licences_)
    if (covered(r) && r.rule->grant_probability < 1.0) out.push_back(r.predicate);
  return out;
}

}  // namespace cmsim::policy
