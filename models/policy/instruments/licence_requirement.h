// licence_requirement: named products (and, with `restricts`, every product of a covered
// origin matching the predicate) need a licence. Each buyer segment's licence is drawn per
// quarter with `grant_probability`; the exporting government takes `fee_share` of the
// revenue. A licence requirement that `targets` others replaces them.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct LicenceRequirement : MarketEffects {
  static constexpr std::string_view kind = "licence_requirement";
  static constexpr InstrumentRole role = InstrumentRole::RULE;
  static constexpr bool anticipated = true;
  static const InstrumentSpec<LicenceRequirement>& spec();

  std::vector<std::string> products;        ///< named products (and their derivatives)
  Restriction restricts;                    ///< optional: `restricts.predicate` unset when not given
  double grant_probability = 0;             ///< per buyer segment and quarter
  double fee_share = 0;                     ///< revenue share to the exporting government
  std::vector<std::string> targets;         ///< licence requirements it replaces
  double processing_lag_days = 0;           ///< no licence is granted before effective + this
  double volume_cap_units_per_quarter = 0;  ///< most cards licensed per quarter, all buyers (0 = no cap)

  /// A licence that some buyer may not get raises perceived US-supply risk.
  bool restricts_us_supply() const { return grant_probability < 1.0; }
  bool names_product(const Product& p) const { return names(products, p); }
  bool replaces(const std::string& id) const;
  bool operator==(const LicenceRequirement&) const = default;
};

}  // namespace cmsim::scenario
