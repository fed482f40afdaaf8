// subsidy: the price buyers pay for every product it selects (by id, vendor or origin)
// falls by `price_reduction`. Several multiply.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct Subsidy : MarketEffects {
  static constexpr std::string_view kind = "subsidy";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<Subsidy>& spec();

  std::vector<std::string> vendors;
  std::vector<std::string> products;
  std::vector<Origin> origins;
  double price_reduction = 0;

  bool restricts_us_supply() const { return false; }
  double price_factor(const Product& p, Origin origin) const;
  bool operator==(const Subsidy&) const = default;
};

}  // namespace cmsim::scenario
