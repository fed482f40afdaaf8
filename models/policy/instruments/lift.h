// lift: ends the events it targets from its effective date (a rule, a licence requirement,
// an entity listing, a measure).
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct Lift : MarketEffects {
  static constexpr std::string_view kind = "lift";
  static constexpr InstrumentRole role = InstrumentRole::LIFT;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<Lift>& spec();

  std::vector<std::string> targets;  ///< the events it ends

  bool restricts_us_supply() const { return false; }
  bool ends(const std::string& id) const;
  bool operator==(const Lift&) const = default;
};

}  // namespace cmsim::scenario
