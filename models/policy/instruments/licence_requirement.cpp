#include "models/policy/instruments/licence_requirement.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

bool LicenceRequirement::replaces(const std::string& id) const {
  return std::find(targets.begin(), targets.end(), id) != targets.end();
}

const InstrumentSpec<LicenceRequirement>& LicenceRequirement::spec() {
  using K = InstrumentKey<LicenceRequirement>;
  static const InstrumentSpec<LicenceRequirement> s{
      "the products it names, and with `restricts` every product of a covered origin that matches the predicate, "
      "need a licence: drawn per buyer and quarter; the exporting government takes a share of the revenue",
      {"products", "restricts"},
      {K::ids("products", &LicenceRequirement::products, IdKind::PRODUCT, "products (and their derivatives) it names"),
       K::restriction("restricts", &LicenceRequirement::restricts,
                      "`{origin: [us], <predicate>}`: also every product of these origins matching the predicate"),
       K::number("grant_probability", &LicenceRequirement::grant_probability, PROBABILITY,
                 "chance a buyer gets a licence, drawn per buyer and quarter"),
       K::number("fee_share", &LicenceRequirement::fee_share, FRACTION,
                 "share of the revenue paid to the exporting government"),
       K::ids("targets", &LicenceRequirement::targets, IdKind::EVENT, "licence requirements it replaces")
           .of_kind("licence_requirement"),
       K::number("processing_lag_days", &LicenceRequirement::processing_lag_days, LAG,
                 "days from the effective date to the first licence granted (a distribution samples it)"),
       K::number("volume_cap_units_per_quarter", &LicenceRequirement::volume_cap_units_per_quarter, QUANTITY,
                 "most cards sold under it per quarter, all buyers and products together (0: no cap); "
                 "clearing rations buyers pro rata when it binds")}};
  return s;
}

}  // namespace cmsim::scenario
