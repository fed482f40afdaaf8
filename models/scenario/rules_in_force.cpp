#include "models/scenario/rules_in_force.h"

#include <algorithm>
#include <map>

namespace cmsim::scenario {
namespace {

bool targets(const PolicyEvent& e, const std::string& id) {
  return std::find(e.targets.begin(), e.targets.end(), id) != e.targets.end();
}

bool named(const PolicyEvent& e, const Product& p) {
  return std::find(e.products.begin(), e.products.end(), p.id) != e.products.end();
}

bool covers(const std::vector<Origin>& origins, Origin o) {
  return std::find(origins.begin(), origins.end(), o) != origins.end();
}

}  // namespace

EventDates scenario_event_dates(const Scenario& s, const EventHappens& happens) {
  // Events that happen: own draw, and every required event happens (a fixed point, so
  // chains of any length and unknown ids are handled without recursion).
  std::vector<bool> on(s.events.size());
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    on[i] = !happens || happens(s.events[i]);
    index.emplace(s.events[i].id, i);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (std::size_t i = 0; i < s.events.size(); ++i) {
      if (!on[i]) continue;
      for (const auto& r : s.events[i].requires_) {
        const auto it = index.find(r.event);
        if (it == index.end() || !on[it->second]) {
          on[i] = false;
          changed = true;
          break;
        }
      }
    }
  }
  EventDates when(s.events.size());
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (on[i]) when[i] = s.events[i].effective;
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
