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

/// Buyer `bi`'s logit probabilities for workload w over `opts` then deferring (last), into
/// scratch.shares, with exp U per option in scratch.weights (0 for one not offered: its
/// vendor or the grey network is full, or it has no performance for the buyer) and the
/// service per card in scratch.service. Needs m.weights refreshed (choice_weights.h).
void choice_probabilities(const MarketState& m, std::size_t bi, int w, const std::vector<Option>& opts,
                          const std::vector<char>& vendor_full, bool grey_full, ChoiceScratch& scratch);

/// Buyer `bi`'s logit choice for workload w over `opts` (vendors or the grey network that are
/// full are not offered); appends tentative orders for `demand` and adds what the buyer
/// defers, in PFLOPS, to `deferred`. The first round of a clearing is the buyer's decision:
/// contract inertia applies to it, and it is remembered for next quarter.
void choose(MarketState& m, std::size_t bi, int w, const std::vector<Option>& opts,
            const std::vector<char>& vendor_full, bool grey_full, double demand, bool first_round,
            ChoiceScratch& scratch, double& deferred);

}  // namespace cmsim::market
