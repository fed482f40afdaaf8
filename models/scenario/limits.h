// Ceilings on what a scenario may ask for, so every accepted file loads quickly and runs in
// bounded memory and time, with finite arithmetic (docs/scenarios.md, "Limits"). The
// reader's own limits (file size, nesting, aliases) are in yaml_reader.h.
#pragma once

#include <cstddef>

#include "sim/engine/date.h"

namespace cmsim::scenario {

/// Most items in any list (products, events, ids in an event, requirements, ...) and most
/// keys in a map of ecosystems.
inline constexpr std::size_t MAX_LIST_ITEMS = 10'000;
/// Most buyer agents, summed over all segments (a buyer-quarter costs ~5 µs).
inline constexpr long long MAX_BUYER_AGENTS = 100'000;
/// Most developer agents (each costs memory for its network links).
inline constexpr long long MAX_DEVELOPER_AGENTS = 1'000'000;
/// Most links of a small-world network (agents × degree): ~70 bytes each.
inline constexpr long long MAX_NETWORK_LINKS = 20'000'000;
/// Longest horizon: keeps compounding growth (≤ 100 a year) finite.
inline constexpr int MAX_HORIZON_YEARS = 100;
inline constexpr int MAX_HORIZON_DAYS = MAX_HORIZON_YEARS * 366;
/// Last horizon end the engine supports: the calendar ends in 2199 and a run also needs the
/// first day of the quarter after its last one.
inline const engine::Date MAX_HORIZON_END{2199, 9, 30};
/// Largest product of the multipliers of all demand shocks (or all supply controls).
inline constexpr double MAX_COMPOUND_MULTIPLIER = 1e6;

}  // namespace cmsim::scenario
