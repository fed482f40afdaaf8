// The policy in force at one moment of a replication: which export rules, licence
// requirements, entity listings, supply controls, enforcement, and Chinese measures are
// active. Events are applied in date order. Which export rules and licences are in force
// (after lifts, amendments and replacements) is decided by scenario::rules_in_force over
// the events applied so far, the same function `cmsim rules` uses, so the two agree.
#pragma once

#include <array>
#include <bit>
#include <set>
#include <string>
#include <vector>

#include "models/scenario/rules_in_force.h"
#include "models/scenario/scenario.h"

namespace cmsim::policy {

class PolicyRegime {
 public:
  explicit PolicyRegime(const scenario::Scenario& s);

  /// Puts an event into force (or, for lift/amend, changes those in force) as of
  /// `effective`, its effective date in this replication. `e` must be one of the
  /// scenario's events.
  void apply(const scenario::PolicyEvent& e, engine::Date effective);
  /// How often the measures in force with effect e have changed (one put into force or
  /// lifted): that effect's answers (utility_penalty for PENALTY, …) change only when this does.
  std::size_t measures_changed(scenario::Effect e) const { return changes_[effect_slot(e)]; }
  /// How often the export rules and licence requirements in force were worked out again (a
  /// rule, amendment or lift applied): export_banned and licence_for change only when this does.
  std::size_t rules_changed() const { return rules_changes_; }

  /// An export rule in force matches the product (licences are checked separately).
  bool export_banned(const scenario::Product& p, scenario::Origin origin) const;
  /// The id of the first export rule in force that restricts the product, or "".
  std::string banning_rule(const scenario::Product& p, scenario::Origin origin) const;
  /// The licence requirement in force covering the product (the latest to take effect),
  /// or nullptr. Its terms are the event's scenario::LicenceRequirement.
  const scenario::PolicyEvent* licence_for(const scenario::Product& p, scenario::Origin origin) const;
  bool entity_listed(const std::string& buyer_segment) const { return entity_listed_.count(buyer_segment) > 0; }

  // The market effects of the measures in force (scenario::MarketEffects), combined.
  double vendor_capacity_multiplier(const std::string& vendor) const;
  double route_capacity_multiplier(const std::string& route) const;
  double route_markup_add(const std::string& route) const;
  double domestic_share_min(scenario::BuyerKind kind) const;
  double utility_penalty(const scenario::Product& p, scenario::Origin origin, scenario::BuyerKind kind) const;
  double price_reduction(const scenario::Product& p, scenario::Origin origin) const;
  double demand_multiplier(scenario::BuyerKind kind, scenario::Workload w) const;
  /// China's import approvals in force that cover the product (by id, vendor or origin).
  /// Into `out`, cleared first (its capacity is reused: called per product and quarter).
  void import_gates(const scenario::Product& p, scenario::Origin origin,
                    std::vector<const scenario::PolicyEvent*>& out) const;
  /// Whether a gate applies to buyers of this kind (empty buyer_kinds: all).
  static bool gate_applies(const scenario::PolicyEvent& gate, scenario::BuyerKind kind) {
    return gate.as<scenario::ImportApproval>().applies_to(kind);
  }

  /// Export rules and licence requirements with a predicate in force (for redesigns).
  std::vector<const scenario::Predicate*> restrictive_predicates(scenario::Origin origin) const;

 private:
  void refresh_rules();  // rules_ and licences_ from rules_in_force over applied_
  void lift(const scenario::Lift& l);

  const scenario::Scenario& scenario_;
  scenario::EventDates applied_;                 // effective dates of the events applied so far
  std::vector<scenario::RuleInForce> rules_;     // export rules in force
  std::vector<scenario::RuleInForce> licences_;  // licence requirements in force
  // The measures in force (role MEASURE), in the order applied, by market effect (bit k of
  // scenario::Effect: the measures that have it): a question visits only those.
  std::array<std::vector<const scenario::PolicyEvent*>, scenario::EFFECT_COUNT> by_effect_;
  std::array<std::size_t, scenario::EFFECT_COUNT> changes_{};  // by effect: measures_changed
  std::size_t rules_changes_ = 0;                              // rules_changed
  static std::size_t effect_slot(scenario::Effect e) {
    return static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(e)));
  }
  const std::vector<const scenario::PolicyEvent*>& in_force(scenario::Effect e) const {
    return by_effect_[effect_slot(e)];
  }
  std::set<std::string> entity_listed_;
};

}  // namespace cmsim::policy
