// The one event resolver: which of a scenario's policy events happen, and when. An event
// happens when its own predicate allows it, every event it `requires` happens, and each
// probabilistic requirement's draw succeeds; with `lag_days` its dates follow the latest
// (required effective date + lag). The checks (dates of lagged events), `cmsim rules`
// (rules_in_force on the scenario's own dates), the market's timeline in a replication
// (policy::EventTimeline, Philox draws) and the run's events.csv ("skipped" rows) all ask it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::scenario {

struct ResolvedEvent {
  const PolicyEvent* event = nullptr;
  Date announced;
  Date effective;
};

/// Whether an event follows from a requirement with probability < 1 (one draw). Without
/// one, every requirement holds: the scenario's own dates.
using RequirementDraw = std::function<bool(const PolicyEvent& event, const Requirement& requirement)>;

/// Whether an event's own draw succeeds (e.g. a test leaving an event out). Without one,
/// every event may happen.
using EventHappens = std::function<bool(const PolicyEvent&)>;

struct EventResolution {
  std::vector<std::optional<ResolvedEvent>> events;          ///< aligned with Scenario::events
  std::vector<std::pair<std::string, std::string>> skipped;  ///< (id, why not), scenario order
};

/// Resolves occurrence and dates. Unknown required ids and cycles make the events involved
/// not happen (the checks report them to the user); nothing throws.
EventResolution resolve_events(const Scenario& s, const RequirementDraw& draw = {}, const EventHappens& happens = {});

}  // namespace cmsim::scenario
