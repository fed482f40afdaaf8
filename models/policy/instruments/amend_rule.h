// amend_rule: replaces the predicate (and covered origins) of the export rule it targets
// from its effective date; the latest amendment in force wins (scenario::rules_in_force).
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct AmendRule : MarketEffects {
  static constexpr std::string_view kind = "amend_rule";
  static constexpr InstrumentRole role = InstrumentRole::AMENDMENT;
  static constexpr bool anticipated = true;
  static const InstrumentSpec<AmendRule>& spec();

  std::vector<std::string> targets;  ///< exactly one export rule
  Restriction restricts;             ///< the new predicate and origins (required)

  bool restricts_us_supply() const { return true; }
  bool amends(const std::string& id) const;
  bool operator==(const AmendRule&) const = default;
};

}  // namespace cmsim::scenario
