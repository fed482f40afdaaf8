#include "models/policy/instruments/amend_rule.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

bool AmendRule::amends(const std::string& id) const {
  return std::find(targets.begin(), targets.end(), id) != targets.end();
}

const InstrumentSpec<AmendRule>& AmendRule::spec() {
  using K = InstrumentKey<AmendRule>;
  static const InstrumentSpec<AmendRule> s{
      "replaces the predicate and origins of the export rule it targets, from its effective date",
      {},
      {K::ids("targets", &AmendRule::targets, IdKind::EVENT, "the export rule it amends", REQUIRED)
           .of_kind("export_rule")
           .exactly_one("a list of exactly one rule id"),
       K::restriction("restricts", &AmendRule::restricts,
                      "`{origin: [us], <predicate>}`: the new predicate and origins", REQUIRED)}};
  return s;
}

}  // namespace cmsim::scenario
