// supply_control: multiplies the capacity of the named vendors for this market (e.g. HBM
// controls on domestic vendors). Several multiply.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct SupplyControl : MarketEffects {
  static constexpr std::string_view kind = "supply_control";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<SupplyControl>& spec();

  std::vector<std::string> vendors;
  double capacity_multiplier = 1.0;

  bool restricts_us_supply() const { return false; }
  double vendor_capacity_factor(const std::string& vendor) const;
  bool operator==(const SupplyControl&) const = default;
};

}  // namespace cmsim::scenario
