#include "models/policy/instruments/demand_shock.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

double DemandShock::demand_factor(BuyerKind k, Workload w) const {
  return covers_kind(buyer_kinds, k) && (!workload || *workload == w) ? demand_multiplier : 1.0;
}

const InstrumentSpec<DemandShock>& DemandShock::spec() {
  using K = InstrumentKey<DemandShock>;
  static const InstrumentSpec<DemandShock> s{
      "multiplies the demand of buyers of these kinds for one workload or both (several multiply)",
      {},
      {K::workload("workload", &DemandShock::workload, "the workload whose demand it multiplies").absent_means("both"),
       K::buyer_kinds("buyer_kinds", &DemandShock::buyer_kinds, "the buyers whose demand it multiplies")
           .absent_means("all kinds"),
       K::number("demand_multiplier", &DemandShock::demand_multiplier, FACTOR, "multiplies their demand")
           .compounding()}};
  return s;
}

}  // namespace cmsim::scenario
