#include "models/policy/instruments/subsidy.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

double Subsidy::price_factor(const Product& p, Origin origin) const {
  return selects(products, vendors, origins, p, origin) ? 1.0 - price_reduction : 1.0;
}

const InstrumentSpec<Subsidy>& Subsidy::spec() {
  using K = InstrumentKey<Subsidy>;
  static const InstrumentSpec<Subsidy> s{
      "the price buyers pay for every product it selects falls by this fraction (several subsidies multiply)",
      {"vendors", "origins", "products"},
      {K::ids("vendors", &Subsidy::vendors, IdKind::VENDOR, "every product of these vendors"),
       K::ids("products", &Subsidy::products, IdKind::PRODUCT, "these products and their derivatives"),
       K::origins("origins", &Subsidy::origins, "every product of these origins"),
       K::number("price_reduction", &Subsidy::price_reduction, FRACTION, "share of the price the state pays")}};
  return s;
}

}  // namespace cmsim::scenario
