// Trading within a quarter. The market opens on the quarter's first day; whenever something
// changes buyers' options or utilities during the quarter (a policy event on its effective
// day, an announced restriction, a derivative's launch) it re-opens: every order still
// delivering is cut at that day (what was delivered stays), and each buyer's demand rate is
// chosen again for the rest of the quarter against the policy now in force (docs/model.md
// §5.3). Each trading segment's unmet and deferred demand count for the part of the quarter
// it ran.
#pragma once

#include "models/market/market_state.h"

namespace cmsim::market {

/// Opens quarter q: demand grows, last quarter's advance purchases are owed, the market clears.
void begin_trading(MarketState& m, engine::Quarter q);

/// Re-opens the market today (nothing happens between quarters, when it is closed).
void reopen_trading(MarketState& m);

/// At the quarter's close: books the last segment's unmet and deferred demand.
void end_trading(MarketState& m);

}  // namespace cmsim::market
