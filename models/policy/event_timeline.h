// Which of a scenario's policy events happen in one replication, and when: the one event
// resolver (scenario::resolve_events) with this replication's draws. An event happens only
// if every event it `requires` happens and its probability draw succeeds; with a lag its
// dates follow the required event's effective date. Removing a cause removes its consequences.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/event_resolution.h"
#include "models/scenario/scenario.h"

namespace cmsim::policy {

using ScheduledEvent = scenario::ResolvedEvent;

class EventTimeline {
 public:
  /// Resolves occurrence and dates. Draws come from streams keyed by event id.
  EventTimeline(const scenario::Scenario& s, std::uint64_t replication);

  /// Events that happen, in scenario order.
  const std::vector<ScheduledEvent>& happening() const { return happening_; }
  bool happens(const std::string& id) const;
  const ScheduledEvent* find(const std::string& id) const;
  /// Events that were declared but do not happen in this replication, with the reason.
  const std::vector<std::pair<std::string, std::string>>& skipped() const { return skipped_; }

 private:
  std::vector<ScheduledEvent> happening_;
  std::vector<std::pair<std::string, std::string>> skipped_;
};

}  // namespace cmsim::policy
