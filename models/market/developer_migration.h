// Developers follow the compute: at a quarter's close the developer population
// (models/ecosystem) takes one step given each ecosystem's share of new and of installed
// compute; nothing moves before any compute is installed.
#pragma once

#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Schedules every ecosystem milestone in the horizon on its date (phase POLICY): tooling
/// maturity jumps then, and events.csv gets a "milestone" line.
void schedule_milestones(MarketState& m);

/// Milestone `k` of ecosystem `e`, on its day (a MILESTONE task).
void apply_milestone(MarketState& m, int e, int k);

/// Steps the developers; returns installed compute by ecosystem (PFLOPS).
std::vector<double> step_developers(MarketState& m, const std::vector<double>& new_by_eco);

}  // namespace cmsim::market
