#include "models/policy/policy_regime.h"

#include <algorithm>

namespace cmsim::policy {

using scenario::EventKind;
using scenario::Origin;

PolicyRegime::PolicyRegime(const scenario::Scenario& s) : scenario_(s) {
  for (const auto& b : s.buyers)
    if (b.entity_listed) entity_listed_.insert(b.id);
}

bool PolicyRegime::origin_in(const std::vector<Origin>& origins, Origin o) {
  return origins.empty() || std::find(origins.begin(), origins.end(), o) != origins.end();
}

bool PolicyRegime::kind_matches(const std::vector<scenario::BuyerKind>& kinds, scenario::BuyerKind k) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

void PolicyRegime::apply(const scenario::PolicyEvent& e) {
  auto remove_targets = [&](const std::vector<std::string>& targets) {
    auto targeted = [&](const std::string& id) {
      return std::find(targets.begin(), targets.end(), id) != targets.end();
    };
    std::erase_if(rules_, [&](const Rule& r) { return targeted(r.event->id); });
    for (std::size_t i = licences_.size(); i-- > 0;)
      if (targeted(licences_[i]->id)) {
        licences_.erase(licences_.begin() + static_cast<std::ptrdiff_t>(i));
        licence_terms_.erase(licence_terms_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    std::erase_if(others_, [&](const scenario::PolicyEvent* o) { return targeted(o->id); });
  };
  switch (e.kind) {
    case EventKind::EXPORT_RULE:
      if (e.restricts) rules_.push_back({&e, *e.restricts});
      break;
    case EventKind::AMEND_RULE:
      for (auto& r : rules_)
        if (std::find(e.targets.begin(), e.targets.end(), r.event->id) != e.targets.end() && e.restricts)
          r.predicate = *e.restricts;
      break;
    case EventKind::LICENCE_REQUIREMENT:
      remove_targets(e.targets);
      licences_.push_back(&e);
      licence_terms_.push_back({e.id, e.grant_probability, e.fee_share});
      break;
    case EventKind::LIFT:
      remove_targets(e.targets);
      // Entity listings are lifted by naming the listing event.
      for (const auto& t : e.targets)
        if (const auto* listed = scenario_.find_event(t); listed && listed->kind == EventKind::ENTITY_LIST)
          for (const auto& b : listed->buyers) entity_listed_.erase(b);
      break;
    case EventKind::ENTITY_LIST:
      entity_listed_.insert(e.buyers.begin(), e.buyers.end());
      others_.push_back(&e);
      break;
    default:
      others_.push_back(&e);
  }
}

std::string PolicyRegime::banning_rule(const scenario::Product& p, Origin origin) const {
  for (const auto& r : rules_)
    if (origin_in(r.event->origins, origin) && scenario::matches(r.predicate, p)) return r.event->id;
  return "";
}

bool PolicyRegime::export_banned(const scenario::Product& p, Origin origin) const {
  return !banning_rule(p, origin).empty();
}

const LicenceTerms* PolicyRegime::licence_for(const scenario::Product& p, Origin origin) const {
  // The latest requirement covering the product wins.
  for (std::size_t i = licences_.size(); i-- > 0;) {
    const auto& e = *licences_[i];
    const bool named = std::find(e.products.begin(), e.products.end(), p.id) != e.products.end();
    const bool by_metric = e.restricts && origin_in(e.origins, origin) && scenario::matches(*e.restricts, p);
    if (named || by_metric) return &licence_terms_[i];
  }
  return nullptr;
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
    const bool named = std::find(e->products.begin(), e->products.end(), p.id) != e->products.end();
    const bool by_origin =
        std::find(e->penalised_origins.begin(), e->penalised_origins.end(), origin) != e->penalised_origins.end();
    if (named || by_origin) pen += e->utility_penalty;
  }
  return pen;
}

double PolicyRegime::price_reduction(const scenario::Product& p, Origin origin) const {
  double keep = 1.0;
  for (const auto* e : others_) {
    if (e->kind != EventKind::SUBSIDY) continue;
    const bool by_vendor = std::find(e->vendors.begin(), e->vendors.end(), p.vendor) != e->vendors.end();
    const bool by_origin =
        std::find(e->penalised_origins.begin(), e->penalised_origins.end(), origin) != e->penalised_origins.end();
    const bool named = std::find(e->products.begin(), e->products.end(), p.id) != e->products.end();
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

std::vector<const scenario::Predicate*> PolicyRegime::restrictive_predicates(Origin origin) const {
  std::vector<const scenario::Predicate*> out;
  for (const auto& r : rules_)
    if (origin_in(r.event->origins, origin)) out.push_back(&r.predicate);
  for (std::size_t i = 0; i < licences_.size(); ++i)
    if (licences_[i]->restricts && licence_terms_[i].grant_probability < 1.0 &&
        origin_in(licences_[i]->origins, origin))
      out.push_back(&*licences_[i]->restricts);
  return out;
}

}  // namespace cmsim::policy
