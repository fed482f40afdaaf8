// import_approval: China's gate: a product it selects (by id, vendor or origin) is legal for
// a buyer of the given kinds only if that buyer's approval, drawn per buyer and quarter with
// `approval_probability`, succeeds. Ended by a lift.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct ImportApproval : MarketEffects {
  static constexpr std::string_view kind = "import_approval";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = false;
  static const InstrumentSpec<ImportApproval>& spec();

  std::vector<std::string> vendors;
  std::vector<std::string> products;
  std::vector<Origin> origins;
  std::vector<BuyerKind> buyer_kinds;  ///< who needs an approval; empty = all
  double approval_probability = 0;     ///< per buyer and quarter

  bool restricts_us_supply() const { return false; }
  bool gates_import(const Product& p, Origin origin) const { return selects(products, vendors, origins, p, origin); }
  /// Whether buyers of this kind need the approval.
  bool applies_to(BuyerKind k) const { return covers_kind(buyer_kinds, k); }
  bool operator==(const ImportApproval&) const = default;
};

}  // namespace cmsim::scenario
