// What a policy event does on its effective day: it enters the regime, buyers' perceived
// risk of US supply jumps (restrictive US events), orders that became illegal stop being
// delivered, China-specific inventory of products now banned for everyone is written down,
// and their vendors may start a compliant derivative.
#pragma once

#include "models/market/market_state.h"

namespace cmsim::market {

/// Schedules every event that happens in this replication on its effective day.
void schedule_policy(MarketState& m);

/// The event's effects, on its day (scheduled by schedule_policy).
void on_policy(MarketState& m, const policy::ScheduledEvent& se);

}  // namespace cmsim::market
