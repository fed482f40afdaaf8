#include "models/policy/instruments/supply_control.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

double SupplyControl::vendor_capacity_factor(const std::string& vendor) const {
  return std::find(vendors.begin(), vendors.end(), vendor) != vendors.end() ? capacity_multiplier : 1.0;
}

const InstrumentSpec<SupplyControl>& SupplyControl::spec() {
  using K = InstrumentKey<SupplyControl>;
  static const InstrumentSpec<SupplyControl> s{
      "multiplies the named vendors' capacity for this market (several multiply)",
      {},
      {K::ids("vendors", &SupplyControl::vendors, IdKind::VENDOR, "the vendors it constrains", REQUIRED),
       K::number("capacity_multiplier", &SupplyControl::capacity_multiplier, FACTOR, "multiplies their capacity")
           .compounding()}};
  return s;
}

}  // namespace cmsim::scenario
