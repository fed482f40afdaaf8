// Which export rules and licence requirements are in force on a date, after lifts,
// replacements and amendments, and whether each restricts a product. Used by
// `cmsim rules` and by the market model.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::scenario {

/// An export_rule or licence_requirement in force, with the predicate that applies.
struct RuleInForce {
  const PolicyEvent* rule = nullptr;
  const PolicyEvent* amended_by = nullptr;  ///< the amend_rule whose predicate applies, if any
  const Predicate* predicate = nullptr;     ///< after amendments; null = named products only
};

/// Whether an event's own draw succeeds (e.g. a probabilistic requirement). The default
/// treats every event as happening; an event also needs all its required events to happen.
using EventHappens = std::function<bool(const PolicyEvent&)>;

/// Rules in force on `date` (effective on or before it, not lifted or replaced by then),
/// in the scenario's event order.
std::vector<RuleInForce> rules_in_force(const Scenario& s, Date date, const EventHappens& happens = {});

/// Whether a rule restricts a product, and why ("tpp 4992 >= 4800", "named in the rule",
/// "origin domestic not covered").
struct RuleVerdict {
  bool restricted = false;
  std::string reason;
};
RuleVerdict apply_rule(const RuleInForce& rule, const Product& product, const Scenario& s);

}  // namespace cmsim::scenario
