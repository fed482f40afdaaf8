// Checkpoint and restore within the process: a replication's whole state at a time (the
// market state, the engine's pending events, the random streams, the series recorded so
// far) copied onto another scenario that shares its history up to that time, so that the
// copy continues exactly as a run of the other scenario from the start would. What "shares
// its history" means is fork.h's divergence(); MarketRun::fork (market_model.h) is the API.
#pragma once

#include <memory>

#include "models/market/market_state.h"

namespace cmsim::market {

/// `from`'s state at time `at` (every event before `at` has run, none after) as a state of
/// scenario `to`: pointers into `from`'s scenario are re-bound to `to`'s events and
/// vendors by id; the regime is rebuilt by applying `to`'s versions of the events applied
/// so far, in the same order; products of `from` that `to` does not have (removed with an
/// event by `remove_events`) are dropped, and product indices renumbered; the pending
/// events are `to`'s own policy events and launches from `at` on, then `from`'s pending
/// quarter, redesign and end-of-sale events, in their order. Throws std::logic_error when
/// `to` cannot continue `from` (a product of `to` that `from` lacks, or one dropped that
/// the state still uses): fork.h decides when forking is allowed.
std::unique_ptr<MarketState> fork_state(const MarketState& from, const scenario::Scenario& to, engine::Time at);

}  // namespace cmsim::market
