#include "models/policy/instruments/discourage.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

double Discourage::penalty_on(const Product& p, Origin origin, BuyerKind k) const {
  if (!covers_kind(buyer_kinds, k)) return 0.0;
  return selects(products, vendors, origins, p, origin) ? utility_penalty : 0.0;
}

const InstrumentSpec<Discourage>& Discourage::spec() {
  using K = InstrumentKey<Discourage>;
  static const InstrumentSpec<Discourage> s{
      "the utility of every product it selects falls by the penalty for buyers of these kinds (several add up)",
      {"vendors", "origins", "products"},
      {K::ids("vendors", &Discourage::vendors, IdKind::VENDOR, "every product of these vendors"),
       K::ids("products", &Discourage::products, IdKind::PRODUCT, "these products and their derivatives"),
       K::origins("origins", &Discourage::origins, "every product of these origins"),
       K::buyer_kinds("buyer_kinds", &Discourage::buyer_kinds, "the buyers it discourages").absent_means("all kinds"),
       K::number("utility_penalty", &Discourage::utility_penalty, FACTOR, "subtracted from the product's utility")}};
  return s;
}

}  // namespace cmsim::scenario
