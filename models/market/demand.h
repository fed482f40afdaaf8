// Buyers' demand: each buyer's training and inference demand follows a random walk with
// drift (a stochastic trend), its growth converging from the segment's rate to a common
// long-run rate (docs/model.md eq. 1a). Demand shocks in force multiply it at procurement.
#pragma once

#include "models/market/market_state.h"

namespace cmsim::market {

/// Grows every buyer's demand by one quarter (nothing in the horizon's first quarter).
void grow_demand(MarketState& m, engine::Quarter q);

/// The demand shocks in force by buyer kind and workload, looked up once for many buyers.
struct DemandMultipliers {
  double by_kind[4][WORKLOADS];
};
DemandMultipliers demand_multipliers(const MarketState& m);

/// Buyer `bi`'s demand this quarter for workload w, with the demand shocks in force (`x`).
double demand_now(const MarketState& m, std::size_t bi, int w, const DemandMultipliers& x);

}  // namespace cmsim::market
