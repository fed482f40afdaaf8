// procurement_mandate: buyers of the given kinds must buy at least a share of domestic
// cards (China). The largest mandate in force applies.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct ProcurementMandate : MarketEffects {
  static constexpr std::string_view kind = "procurement_mandate";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<ProcurementMandate>& spec();

  std::vector<BuyerKind> buyer_kinds;  ///< empty = all
  double domestic_share_min = 0;

  bool restricts_us_supply() const { return false; }
  double domestic_share_floor(BuyerKind k) const { return covers_kind(buyer_kinds, k) ? domestic_share_min : 0.0; }
  bool operator==(const ProcurementMandate&) const = default;
};

}  // namespace cmsim::scenario
