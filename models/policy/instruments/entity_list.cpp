#include "models/policy/instruments/entity_list.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

bool EntityList::lists_buyer(const std::string& segment) const {
  return std::find(buyers.begin(), buyers.end(), segment) != buyers.end();
}

const InstrumentSpec<EntityList>& EntityList::spec() {
  using K = InstrumentKey<EntityList>;
  static const InstrumentSpec<EntityList> s{
      "the named buyer segments may no longer buy US products; their perceived US risk jumps to 1",
      {},
      {K::ids("buyers", &EntityList::buyers, IdKind::BUYER, "the buyer segments it lists", REQUIRED)}};
  return s;
}

}  // namespace cmsim::scenario
