// Buyers' software readiness and perceived risk (docs/model.md §5.7). Readiness for an
// ecosystem moves each quarter toward max(initial, maturity × reach), where reach grows with
// the buyer's exposure (its own installed compute there and the developers' share), at a
// rate per workload; perceived risk of US supply decays geometrically.
#pragma once

#include <span>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Readiness reaches its ecosystem's maturity once a buyer's exposure reaches this share.
constexpr double EXPOSURE_SATURATION = 0.25;

/// One quarter of readiness learning and risk decay, given developers' shares and maturity.
void update_readiness_and_risk(MarketState& m, std::span<const double> dev_share, std::span<const double> maturity);

/// Caches each buyer's log readiness for the quarter's choices.
void refresh_log_readiness(MarketState& m);

}  // namespace cmsim::market
