#include "models/policy/instruments/import_approval.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

const InstrumentSpec<ImportApproval>& ImportApproval::spec() {
  using K = InstrumentKey<ImportApproval>;
  static const InstrumentSpec<ImportApproval> s{
      "China's gate: a product it selects is legal for a buyer only if the buyer's approval, drawn per buyer and "
      "quarter, succeeds; ended by a lift",
      {"vendors", "origins", "products"},
      {K::ids("vendors", &ImportApproval::vendors, IdKind::VENDOR, "every product of these vendors"),
       K::ids("products", &ImportApproval::products, IdKind::PRODUCT, "these products and their derivatives"),
       K::origins("origins", &ImportApproval::origins, "every product of these origins"),
       K::buyer_kinds("buyer_kinds", &ImportApproval::buyer_kinds, "the buyers who need an approval")
           .absent_means("all kinds"),
       K::number("approval_probability", &ImportApproval::approval_probability, PROBABILITY,
                 "chance a buyer's approval succeeds, drawn per buyer and quarter")}};
  return s;
}

}  // namespace cmsim::scenario
