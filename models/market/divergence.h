// When two scenarios' runs of one replication part: the first day on which anything in
// them may differ, so that the shared history before it is run once and forked
// (market_checkpoint.h, shared_runs.h). Conservative by design: a fork at a wrong date
// would silently change results, a missed one only costs time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "models/policy/event_timeline.h"
#include "models/scenario/scenario.h"
#include "sim/engine/sim_time.h"

namespace cmsim::market {

/// Days before a scripted product's launch from which its existence can change a run: a
/// vendor does not redesign a banned product when a scripted answer launches within a year
/// (catalogue.cpp, maybe_redesign), so a product removed with its event acts a year early.
inline constexpr int SCRIPTED_LAUNCH_LOOKAHEAD_DAYS = 366;

struct Divergence {
  engine::Date date;   ///< first day the runs may differ (<= start: from the start; > end: never)
  std::string reason;  ///< what differs then, in words
};

/// The first day on which replication `replication` of `a` and of `b` may differ:
///  - the start, if anything but policy events and scripted products differs (dates,
///    seed, parameters, ecosystems, vendors, buyers, developers, routes, metrics), a
///    product both have differs, or the events or products both have are in another order;
///  - else the earliest announced or effective date (as declared and as resolved in this
///    replication, lags and `requires` included) of every event that is in one scenario
///    only, differs, happens in one only or on other dates, or names such an event in its
///    `targets` or `requires` (transitively);
///  - and the earliest of: each product in one scenario only, or existing in one only (its
///    launch_requires), SCRIPTED_LAUNCH_LOOKAHEAD_DAYS before its launch, and the dates of
///    the events it requires.
/// Names, descriptions, file paths and the sampled-parameter list are not compared: a run
/// reads none of them (each replication applies its sampled values before it runs).
Divergence divergence(const scenario::Scenario& a, const scenario::Scenario& b, std::uint64_t replication);

/// A scenario with its events resolved for one replication, for many divergence() calls.
struct PreparedScenario {
  PreparedScenario(const scenario::Scenario& s, std::uint64_t replication);
  const scenario::Scenario& scenario;
  policy::EventTimeline timeline;
};

/// divergence() of two prepared scenarios; `same_statics` skips comparing what is not
/// events or products (the caller knows it is equal: static_difference() was "").
Divergence divergence(const PreparedScenario& a, const PreparedScenario& b, bool same_statics = false);

/// What differs in everything but events and products ("" when nothing; the first thing
/// divergence() checks).
std::string static_difference(const scenario::Scenario& a, const scenario::Scenario& b);

/// Whether `to`'s products are `from`'s in the same order with some left out (what a fork
/// of a run of `from` onto `to` can do: market_checkpoint.h).
bool products_nest(const scenario::Scenario& from, const scenario::Scenario& to);

/// When a run of `from` can be forked onto `to` (the first second of the quarter of their
/// divergence, or past the horizon when they never differ), or nullopt when they share no
/// quarter (or `to` has products `from` lacks).
std::optional<engine::Time> fork_time(const scenario::Scenario& from, const scenario::Scenario& to,
                                      std::uint64_t replication);
std::optional<engine::Time> fork_time(const PreparedScenario& from, const PreparedScenario& to,
                                      bool same_statics = false);

}  // namespace cmsim::market
