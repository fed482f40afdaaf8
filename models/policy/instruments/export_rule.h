// export_rule: products of the covered origins that match a predicate may not be sold here
// (the US rules of October 2022 and 2023). In force until a lift ends it; an amend_rule
// replaces its predicate (scenario::rules_in_force decides which rules are in force).
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct ExportRule : MarketEffects {
  static constexpr std::string_view kind = "export_rule";
  static constexpr InstrumentRole role = InstrumentRole::RULE;
  static constexpr bool anticipated = true;  // buyers buy ahead of an announced ban
  static const InstrumentSpec<ExportRule>& spec();

  Restriction restricts;  ///< `restricts:` (required)

  bool restricts_us_supply() const { return true; }
  /// A rule restricts the products it names; an export rule names none.
  bool names_product(const Product&) const { return false; }
  /// Whether it ends the rule `id` (a licence requirement replaces the ones it targets).
  bool replaces(const std::string&) const { return false; }
  bool operator==(const ExportRule&) const = default;
};

}  // namespace cmsim::scenario
