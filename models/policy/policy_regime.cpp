#include "models/policy/policy_regime.h"

#include <algorithm>

namespace cmsim::policy {

using scenario::InstrumentRole;
using scenario::Origin;

namespace {

/// Combines one market effect over the measures in force: `f(instrument)` for each, folded
/// by `op` from `init`. Every instrument type answers every effect (neutral by default).
template <class F, class Op>
double combine(const std::vector<const scenario::PolicyEvent*>& measures, double init, F f, Op op) {
  // Only measures that have the effect are in the list; the others would answer neutrally.
  double acc = init;
  for (const auto* e : measures) acc = op(acc, std::visit(f, e->instrument));
  return acc;
}

const auto times = [](double a, double b) { return a * b; };
const auto plus = [](double a, double b) { return a + b; };

}  // namespace

PolicyRegime::PolicyRegime(const scenario::Scenario& s) : scenario_(s), applied_(s.events.size()) {
  for (const auto& b : s.buyers)
    if (b.entity_listed) entity_listed_.insert(b.id);
}

void PolicyRegime::apply(const scenario::PolicyEvent& e, engine::Date effective) {
  const auto index = static_cast<std::size_t>(&e - scenario_.events.data());
  if (index < applied_.size()) applied_[index] = effective;
  switch (scenario::role(e.instrument)) {
    case InstrumentRole::RULE:
    case InstrumentRole::AMENDMENT:
      refresh_rules();
      break;
    case InstrumentRole::LIFT:
      refresh_rules();
      lift(e.as<scenario::Lift>());
      break;
    case InstrumentRole::MEASURE:
      if (const auto* listing = e.get_if<scenario::EntityList>())
        entity_listed_.insert(listing->buyers.begin(), listing->buyers.end());
      for (int k = 0; k < scenario::EFFECT_COUNT; ++k)
        if (scenario::effects(e.instrument) & (1u << k)) {
          by_effect_[static_cast<std::size_t>(k)].push_back(&e);
          ++changes_[static_cast<std::size_t>(k)];
        }
      break;
  }
}

void PolicyRegime::lift(const scenario::Lift& l) {
  for (std::size_t k = 0; k < by_effect_.size(); ++k)
    if (std::erase_if(by_effect_[k], [&](const scenario::PolicyEvent* o) { return l.ends(o->id); }) > 0) ++changes_[k];
  // Entity listings are lifted by naming the listing event.
  for (const auto& id : l.targets)
    if (const auto* event = scenario_.find_event(id))
      if (const auto* listing = event->get_if<scenario::EntityList>())
        for (const auto& b : listing->buyers) entity_listed_.erase(b);
}

void PolicyRegime::refresh_rules() {
  ++rules_changes_;
  rules_.clear();
  licences_.clear();
  engine::Date latest;
  for (const auto& d : applied_)
    if (d && *d > latest) latest = *d;
  for (const auto& r : scenario::rules_in_force(scenario_, latest, applied_))
    (r.rule->is<scenario::LicenceRequirement>() ? licences_ : rules_).push_back(r);
}

std::string PolicyRegime::banning_rule(const scenario::Product& p, Origin origin) const {
  for (const auto& r : rules_)
    if (scenario::rule_restricts(r, p, origin)) return r.rule->id;
  return "";
}

bool PolicyRegime::export_banned(const scenario::Product& p, Origin origin) const {
  // banning_rule(p, origin) is not empty, without building the id (called per product and
  // quarter).
  return std::any_of(rules_.begin(), rules_.end(),
                     [&](const scenario::RuleInForce& r) { return scenario::rule_restricts(r, p, origin); });
}

const scenario::PolicyEvent* PolicyRegime::licence_for(const scenario::Product& p, Origin origin) const {
  // The latest requirement covering the product wins (ties: the later one in the file).
  const scenario::RuleInForce* best = nullptr;
  for (const auto& r : licences_)
    if (scenario::rule_restricts(r, p, origin) && (!best || r.effective >= best->effective)) best = &r;
  return best ? best->rule : nullptr;
}

double PolicyRegime::vendor_capacity_multiplier(const std::string& vendor) const {
  return combine(
      in_force(scenario::VENDOR_CAPACITY), 1.0, [&](const auto& i) { return i.vendor_capacity_factor(vendor); }, times);
}

double PolicyRegime::route_capacity_multiplier(const std::string& route) const {
  return combine(
      in_force(scenario::ROUTE_CAPACITY), 1.0, [&](const auto& i) { return i.route_capacity_factor(route); }, times);
}

double PolicyRegime::route_markup_add(const std::string& route) const {
  return combine(
      in_force(scenario::ROUTE_MARKUP), 0.0, [&](const auto& i) { return i.route_markup_add(route); }, plus);
}

double PolicyRegime::domestic_share_min(scenario::BuyerKind kind) const {
  return combine(
      in_force(scenario::SHARE_FLOOR), 0.0, [&](const auto& i) { return i.domestic_share_floor(kind); },
      [](double a, double b) { return std::max(a, b); });
}

double PolicyRegime::utility_penalty(const scenario::Product& p, Origin origin, scenario::BuyerKind kind) const {
  return combine(
      in_force(scenario::PENALTY), 0.0, [&](const auto& i) { return i.penalty_on(p, origin, kind); }, plus);
}

double PolicyRegime::price_reduction(const scenario::Product& p, Origin origin) const {
  return 1.0 - combine(
                   in_force(scenario::PRICE), 1.0, [&](const auto& i) { return i.price_factor(p, origin); }, times);
}

double PolicyRegime::demand_multiplier(scenario::BuyerKind kind, scenario::Workload w) const {
  return combine(
      in_force(scenario::DEMAND), 1.0, [&](const auto& i) { return i.demand_factor(kind, w); }, times);
}

void PolicyRegime::import_gates(const scenario::Product& p, Origin origin,
                                std::vector<const scenario::PolicyEvent*>& out) const {
  out.clear();
  for (const auto* e : in_force(scenario::IMPORT_GATE))
    if (std::visit([&](const auto& i) { return i.gates_import(p, origin); }, e->instrument)) out.push_back(e);
}

std::vector<const scenario::Predicate*> PolicyRegime::restrictive_predicates(Origin origin) const {
  const auto covered = [origin](const scenario::RuleInForce& r) {
    return r.predicate && std::find(r.origins().begin(), r.origins().end(), origin) != r.origins().end();
  };
  std::vector<const scenario::Predicate*> out;
  for (const auto& r : rules_)
    if (covered(r)) out.push_back(r.predicate);
  for (const auto& r : licences_)
    if (covered(r) && r.rule->as<scenario::LicenceRequirement>().grant_probability < 1.0) out.push_back(r.predicate);
  return out;
}

}  // namespace cmsim::policy
