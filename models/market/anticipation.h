// Buying ahead of an announced restriction (docs/model.md §5.3). While an event that has
// been announced has not yet taken effect, buyers look at the policy it will put in force:
// for every product they buy now that it will stop them buying, they add
// anticipation_pull_forward × their current order, within what the vendor has left this
// quarter, and owe the service delivered that way from their next quarter's demand.
#pragma once

#include "models/market/clearing.h"
#include "models/market/market_state.h"

namespace cmsim::market {

/// Adds the advance purchases to the current trading segment's orders (none when nothing
/// restrictive is announced).
void anticipate(MarketState& m, ClearingResult& cleared);

}  // namespace cmsim::market
