// Which export rules and licence requirements are in force on a date, after lifts,
// replacements and amendments, and whether each restricts a product. The one place that
// decides it: `cmsim rules` asks it about the scenario's own dates, and the market model
// (policy::PolicyRegime) about the events that have happened so far in a replication.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/event_resolution.h"
#include "models/scenario/scenario.h"

namespace cmsim::scenario {

/// An export_rule or licence_requirement in force, with the predicate that applies.
struct RuleInForce {
  const PolicyEvent* rule = nullptr;
  const PolicyEvent* amended_by = nullptr;   ///< the amend_rule whose predicate applies, if any
  const Predicate* predicate = nullptr;      ///< after amendments; null = named products only
  Date effective;                            ///< when the rule took effect
  const Restriction* restriction = nullptr;  ///< the rule's own, or the amendment's when amended
  /// Origins the predicate covers (the amendment's, when amended).
  const std::vector<Origin>& origins() const { return restriction->origins; }
};

/// When each of the scenario's events takes effect (aligned with Scenario::events);
/// nullopt for an event that does not happen (or has not happened yet).
using EventDates = std::vector<std::optional<Date>>;

/// The scenario's own effective dates of the events that happen (resolve_events without
/// draws: every requirement holds), given each event's own predicate.
EventDates scenario_event_dates(const Scenario& s, const EventHappens& happens = {});

/// Rules in force on `date` (effective on or before it, not lifted or replaced by then),
/// in the scenario's event order.
std::vector<RuleInForce> rules_in_force(const Scenario& s, Date date, const EventDates& when);
std::vector<RuleInForce> rules_in_force(const Scenario& s, Date date, const EventHappens& happens = {});

/// Whether a rule restricts a product of this origin: named in it, or matching its
/// predicate for an origin it covers.
bool rule_restricts(const RuleInForce& rule, const Product& product, Origin origin);

/// Whether a rule restricts a product, and why ("tpp 4992 >= 4800", "named in the rule",
/// "origin domestic not covered").
struct RuleVerdict {
  bool restricted = false;
  std::string reason;
};
RuleVerdict apply_rule(const RuleInForce& rule, const Product& product, const Scenario& s);

}  // namespace cmsim::scenario
