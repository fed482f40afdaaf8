#include "models/policy/instruments/lift.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

bool Lift::ends(const std::string& id) const { return std::find(targets.begin(), targets.end(), id) != targets.end(); }

const InstrumentSpec<Lift>& Lift::spec() {
  using K = InstrumentKey<Lift>;
  static const InstrumentSpec<Lift> s{
      "ends the events it targets from its effective date",
      {},
      {K::ids("targets", &Lift::targets, IdKind::EVENT, "the events it ends", REQUIRED)}};
  return s;
}

}  // namespace cmsim::scenario
