// discourage: China's guidance against foreign cards: the utility of every product it
// selects (by id, vendor or origin) falls by `utility_penalty` for buyers of the given
// kinds. Several add up.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct Discourage : MarketEffects {
  static constexpr std::string_view kind = "discourage";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<Discourage>& spec();

  std::vector<std::string> vendors;
  std::vector<std::string> products;
  std::vector<Origin> origins;
  std::vector<BuyerKind> buyer_kinds;  ///< empty = all
  double utility_penalty = 0;

  bool restricts_us_supply() const { return false; }
  double penalty_on(const Product& p, Origin origin, BuyerKind k) const;
  bool operator==(const Discourage&) const = default;
};

}  // namespace cmsim::scenario
