// Shared by the libFuzzer harnesses: what counts as a finding and the capped run.
#pragma once

#include <cstdint>
#include <string>

#include "models/market/market_model.h"
#include "models/scenario/scenario.h"

namespace cmsim::fuzz {

/// Runs one replication of an accepted scenario if it is small enough to keep the fuzzer
/// fast (at most 200 buyer agents, 2000 developer agents, 80 quarters). Any exception other
/// than InputError escapes and is a finding: validated input must never fail internally.
inline void short_run(const scenario::Scenario& s) {
  long long buyers = 0;
  for (const auto& b : s.buyers) buyers += b.count;
  const int quarters = engine::Quarter::of(s.end).index() - engine::Quarter::of(s.start).index() + 1;
  if (buyers > 200 || s.developers.agents > 2000 || quarters > 80) return;
  (void)market::run_market(s, 0);
}

}  // namespace cmsim::fuzz
