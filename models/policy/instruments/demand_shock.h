// demand_shock: multiplies the demand growth path of one workload (or both) for buyers of
// the given kinds. Several multiply.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct DemandShock : MarketEffects {
  static constexpr std::string_view kind = "demand_shock";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<DemandShock>& spec();

  std::optional<Workload> workload;    ///< empty = both
  std::vector<BuyerKind> buyer_kinds;  ///< empty = all
  double demand_multiplier = 1.0;

  bool restricts_us_supply() const { return false; }
  double demand_factor(BuyerKind k, Workload w) const;
  bool operator==(const DemandShock&) const = default;
};

}  // namespace cmsim::scenario
