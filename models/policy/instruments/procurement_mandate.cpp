#include "models/policy/instruments/procurement_mandate.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

const InstrumentSpec<ProcurementMandate>& ProcurementMandate::spec() {
  using K = InstrumentKey<ProcurementMandate>;
  static const InstrumentSpec<ProcurementMandate> s{
      "buyers of these kinds must buy at least a share of domestic cards (the largest mandate in force applies)",
      {},
      {K::buyer_kinds("buyer_kinds", &ProcurementMandate::buyer_kinds, "the buyers it binds").absent_means("all kinds"),
       K::number("domestic_share_min", &ProcurementMandate::domestic_share_min, FRACTION,
                 "least share of their purchases that is domestic")}};
  return s;
}

}  // namespace cmsim::scenario
