#include "models/scenario/rules_in_force.h"

#include <algorithm>

namespace cmsim::scenario {
namespace {

/// The rule part of an export rule, licence requirement or amendment: what it restricts by
/// threshold (nullptr for other kinds).
const Restriction* restriction_of(const PolicyEvent& e) {
  return std::visit(
      [](const auto& i) -> const Restriction* {
        using T = std::decay_t<decltype(i)>;
        if constexpr (T::role == InstrumentRole::RULE || T::role == InstrumentRole::AMENDMENT)
          return &i.restricts;
        else
          return nullptr;
      },
      e.instrument);
}

/// Whether `x` ends the rule or amendment `e`: a lift that targets it, or a rule of the same
/// kind that replaces it (a licence requirement targeting another).
bool ends(const PolicyEvent& x, const PolicyEvent& e) {
  return std::visit(
      [&](const auto& i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (T::role == InstrumentRole::LIFT)
          return i.ends(e.id);
        else if constexpr (T::role == InstrumentRole::RULE)
          return e.is<T>() && i.replaces(e.id);
        else
          return false;
      },
      x.instrument);
}

/// Whether `a` is an amendment of rule `id`.
bool amends(const PolicyEvent& a, const std::string& id) {
  return std::visit(
      [&](const auto& i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (T::role == InstrumentRole::AMENDMENT)
          return i.amends(id);
        else
          return false;
      },
      a.instrument);
}

/// Whether a rule names the product (a licence requirement's products, a product's family too).
bool named(const PolicyEvent& rule, const Product& p) {
  return std::visit(
      [&](const auto& i) {
        using T = std::decay_t<decltype(i)>;
        if constexpr (T::role == InstrumentRole::RULE)
          return i.names_product(p);
        else
          return false;
      },
      rule.instrument);
}

bool covers(const std::vector<Origin>& origins, Origin o) {
  return std::find(origins.begin(), origins.end(), o) != origins.end();
}

}  // namespace

EventDates scenario_event_dates(const Scenario& s, const EventHappens& happens) {
  const auto resolved = resolve_events(s, {}, happens);
  EventDates when(s.events.size());
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (resolved.events[i]) when[i] = resolved.events[i]->effective;
  return when;
}

std::vector<RuleInForce> rules_in_force(const Scenario& s, Date date, const EventDates& when) {
  const auto active = [&](std::size_t i) { return i < when.size() && when[i] && *when[i] <= date; };
  // An event is ended by a lift, or (licences) by a replacing licence requirement.
  const auto ended = [&](const PolicyEvent& e) {
    for (std::size_t j = 0; j < s.events.size(); ++j)
      if (active(j) && &s.events[j] != &e && ends(s.events[j], e)) return true;
    return false;
  };
  std::vector<RuleInForce> out;
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const auto& e = s.events[i];
    if (role(e.instrument) != InstrumentRole::RULE) continue;
    if (!active(i) || ended(e)) continue;
    const Restriction* own = restriction_of(e);
    RuleInForce r{&e, nullptr, own->predicate ? &*own->predicate : nullptr, *when[i], own};
    // The latest amendment in force wins (ties: the later one in the file).
    Date amended_on;
    for (std::size_t j = 0; j < s.events.size(); ++j) {
      const auto& a = s.events[j];
      if (!amends(a, e.id) || !active(j) || ended(a)) continue;
      const Restriction* amended = restriction_of(a);
      if (!amended->predicate) continue;
      if (!r.amended_by || *when[j] >= amended_on) {
        r.amended_by = &a;
        r.restriction = amended;
        r.predicate = &*amended->predicate;
        amended_on = *when[j];
      }
    }
    out.push_back(r);
  }
  return out;
}

std::vector<RuleInForce> rules_in_force(const Scenario& s, Date date, const EventHappens& happens) {
  return rules_in_force(s, date, scenario_event_dates(s, happens));
}

bool rule_restricts(const RuleInForce& rule, const Product& product, Origin origin) {
  if (named(*rule.rule, product)) return true;
  return rule.predicate && covers(rule.origins(), origin) && matches(*rule.predicate, product);
}

RuleVerdict apply_rule(const RuleInForce& rule, const Product& product, const Scenario& s) {
  if (named(*rule.rule, product)) return {true, "named in the rule"};
  if (!rule.predicate) return {false, "not named"};
  const Vendor* v = s.find_vendor(product.vendor);
  const Origin origin = v ? v->origin : Origin::OTHER;
  if (!covers(rule.origins(), origin)) return {false, std::string("origin ") + to_string(origin) + " not covered"};
  if (matches(*rule.predicate, product)) return {true, explain_match(*rule.predicate, product)};
  return {false, "below the thresholds"};
}

}  // namespace cmsim::scenario
