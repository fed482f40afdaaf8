#include "models/policy/event_timeline.h"

#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"
#include "models/scenario/event_resolution.h"
#include "sim/engine/random_stream.h"

namespace cmsim::policy {

EventTimeline::EventTimeline(const scenario::Scenario& s, std::uint64_t replication) {
  // A probabilistic requirement's draw comes from a stream keyed by the event's and the
  // required event's ids: the same in every scenario where both exist.
  const auto draw = [&s, replication](const scenario::PolicyEvent& e, const scenario::Requirement& req) {
    engine::RandomStream stream({s.seed, replication, EVENT_OCCURRENCE, stable_hash_of(e.id, req.event)});
    return stream.uniform() < req.probability;
  };
  auto resolved = scenario::resolve_events(s, draw);
  for (const auto& r : resolved.events)
    if (r) happening_.push_back(*r);
  skipped_ = std::move(resolved.skipped);
}

bool EventTimeline::happens(const std::string& id) const { return find(id) != nullptr; }

const ScheduledEvent* EventTimeline::find(const std::string& id) const {
  for (const auto& e : happening_)
    if (e.event->id == id) return &e;
  return nullptr;
}

}  // namespace cmsim::policy
