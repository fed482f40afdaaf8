// Trading within a quarter. The market opens on the quarter's first day; whenever something
// changes buyers' options or utilities during the quarter (a policy event on its effective
// day, an announced restriction, a derivative's launch) it re-opens: every order still
// delivering is cut at that day (what was delivered stays), and each buyer's demand rate is
// chosen again for the rest of the quarter against the policy now in force (docs/model.md
// §5.3). Each trading segment's unmet and deferred demand count for the part of the quarter
// it ran.
#pragma once

#include <string>
#include <vector>

#include "models/market/market_state.h"

namespace cmsim::market {

/// Opens quarter q: demand grows, last quarter's advance purchases are owed, the market clears.
void begin_trading(MarketState& m, engine::Quarter q);

/// Now as a fraction of the quarter, for trading: today, but not before the current
/// segment's start; 1 (the last quarter's end) between quarters, when the market is closed.
double trading_now(const MarketState& m);

/// Re-opens the market today (between quarters, when it is closed, nobody orders): the
/// first measure of a day cuts the live segment's orders and schedules the day's clearing
/// (clear_day, after the day's last measure). With `legal_before` (deliveries.h's
/// pending_legality before a policy event), what the event made illegal stops arriving today.
void reopen_trading(MarketState& m, const std::string& cause, const std::vector<signed char>& legal_before = {});

/// The day's clearing, once however many measures re-opened the market: buyers choose for
/// the rest of the quarter; orders the vendors' books lost over the day are cancelled, and
/// written down under the day's first measure (order_book.h).
void clear_day(MarketState& m);

/// At the quarter's close: books the last segment's unmet and deferred demand, and the
/// order books' horizon moves to the quarter's end.
void end_trading(MarketState& m);

}  // namespace cmsim::market
