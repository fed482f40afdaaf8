#include "models/scenario/rules_in_force.h"

#include <algorithm>

namespace cmsim::scenario {
namespace {

bool targets(const PolicyEvent& e, const std::string& id) {
  return std::find(e.targets.begin(), e.targets.end(), id) != e.targets.end();
}

bool named(const PolicyEvent& e, const Product& p) { return names(e.products, p); }

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
    for (std::size_t j = 0; j < s.events.size(); ++j) {
      const auto& x = s.events[j];
      if (!active(j) || &x == &e || !targets(x, e.id)) continue;
      if (x.kind == EventKind::LIFT) return true;
      if (x.kind == EventKind::LICENCE_REQUIREMENT && e.kind == EventKind::LICENCE_REQUIREMENT) return true;
    }
    return false;
  };
  std::vector<RuleInForce> out;
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const auto& e = s.events[i];
    if (e.kind != EventKind::EXPORT_RULE && e.kind != EventKind::LICENCE_REQUIREMENT) continue;
    if (!active(i) || ended(e)) continue;
    RuleInForce r{&e, nullptr, e.restricts ? &*e.restricts : nullptr, *when[i]};
    // The latest amendment in force wins (ties: the later one in the file).
    Date amended_on;
    for (std::size_t j = 0; j < s.events.size(); ++j) {
      const auto& a = s.events[j];
      if (a.kind != EventKind::AMEND_RULE || !active(j) || ended(a) || !targets(a, e.id) || !a.restricts) continue;
      if (!r.amended_by || *when[j] >= amended_on) {
        r.amended_by = &a;
        r.predicate = &*a.restricts;
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
