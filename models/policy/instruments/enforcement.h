// enforcement: tighter policing of the diversion routes: multiplies their capacity and adds
// to their mark-up (all routes when none are named).
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct Enforcement : MarketEffects {
  static constexpr std::string_view kind = "enforcement";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<Enforcement>& spec();

  std::vector<std::string> routes;  ///< empty = every diversion route
  double capacity_multiplier = 1.0;
  double markup_add = 0;

  bool restricts_us_supply() const { return false; }
  double route_capacity_factor(const std::string& route) const;
  double route_markup_add(const std::string& route) const;

  bool operator==(const Enforcement&) const = default;

 private:
  bool covers(const std::string& route) const;
};

}  // namespace cmsim::scenario
