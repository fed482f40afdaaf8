#include "models/policy/instruments/export_rule.h"

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

const InstrumentSpec<ExportRule>& ExportRule::spec() {
  using K = InstrumentKey<ExportRule>;
  static const InstrumentSpec<ExportRule> s{
      "products of the covered origins that match the predicate may not be sold",
      {},
      {K::restriction("restricts", &ExportRule::restricts,
                      "`{origin: [us], <predicate>}`: the origins it covers (default [us]) and the predicate",
                      REQUIRED)}};
  return s;
}

}  // namespace cmsim::scenario
