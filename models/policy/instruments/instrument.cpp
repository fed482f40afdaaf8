#include "models/policy/instruments/instrument.h"

#include <algorithm>

namespace cmsim::scenario {

bool covers_kind(const std::vector<BuyerKind>& kinds, BuyerKind k) {
  return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
}

bool selects(const std::vector<std::string>& products, const std::vector<std::string>& vendors,
             const std::vector<Origin>& origins, const Product& p, Origin origin) {
  const bool by_vendor = std::find(vendors.begin(), vendors.end(), p.vendor) != vendors.end();
  const bool by_origin = std::find(origins.begin(), origins.end(), origin) != origins.end();
  return names(products, p) || by_vendor || by_origin;
}

}  // namespace cmsim::scenario
