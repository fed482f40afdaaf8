// Procurement: this quarter's prices (a legal quote per product, with licence fees passed
// on and subsidies, and a grey quote for banned US products the diversion network can
// carry), each buyer's options (legal products, else grey ones), and one buyer's logit
// choice over them for one workload (docs/model.md §5.2).
#pragma once

#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Begins quarter q: its dates, and the market opens for orders.
void open_quarter(MarketState& m, engine::Quarter q);

/// Sets every product's quotes for the quarter, given the grey network's cheapest mark-up.
void quote_products(MarketState& m, const DiversionFlow& grey);

/// Each buyer's options this quarter, from the quotes and legality.
void gather_options(MarketState& m);

/// Which options are closed this round of a clearing, by product · 2 + grey: the product's
/// vendor or licence pool sold out (legal), or the grey network full (grey). Empty when
/// nothing is (a clearing's first round).
using ClosedOptions = std::vector<char>;

/// Buyer `bi`'s logit probabilities for workload w over its menu (choice_weights.h) less
/// what is closed, then deferring (last): scratch.n menu items offered, in scratch.offered
/// (indices from scratch.menu), exp U of each in scratch.weights and the probabilities in
/// scratch.shares (entry n: deferring). Needs m.weights refreshed (weigh_choices).
void choice_probabilities(const MarketState& m, std::size_t bi, int w, const ClosedOptions& closed,
                          ChoiceScratch& scratch);

/// Buyer `bi`'s logit choice for workload w over its menu less what is closed; appends
/// tentative orders for `demand` and adds what the buyer defers, in PFLOPS, to `deferred`.
/// The first round of a clearing is the buyer's decision: contract inertia applies to it,
/// and it is remembered for next quarter.
void choose(MarketState& m, std::size_t bi, int w, const ClosedOptions& closed, double demand, bool first_round,
            ChoiceScratch& scratch, double& deferred);

}  // namespace cmsim::market
