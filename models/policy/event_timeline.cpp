#include "models/policy/event_timeline.h"

#include <cmath>
#include <map>
#include <stdexcept>

#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"
#include "sim/engine/random_stream.h"

namespace cmsim::policy {

EventTimeline::EventTimeline(const scenario::Scenario& s, std::uint64_t replication) {
  // Resolve in dependency order by memoised recursion; the loader rejects cycles, the
  // depth guard keeps a bad scenario built in code from recursing forever.
  enum class State { UNSEEN, VISITING, YES, NO };
  std::map<std::string, State> state;
  std::map<std::string, ScheduledEvent> resolved;
  std::map<std::string, std::string> why_not;

  auto resolve = [&](auto& self, const scenario::PolicyEvent& e) -> bool {
    State& st = state[e.id];
    if (st == State::YES) return true;
    if (st == State::NO) return false;
    if (st == State::VISITING) throw std::logic_error("events require each other in a cycle at " + e.id);
    st = State::VISITING;
    ScheduledEvent out{&e, e.announced, e.effective};
    bool ok = true;
    for (const auto& req : e.requires_) {
      const scenario::PolicyEvent* dep = s.find_event(req.event);
      if (!dep || !self(self, *dep)) {
        why_not[e.id] = "requires " + req.event + ", which does not happen";
        ok = false;
        break;
      }
      if (req.probability < 1.0) {
        engine::RandomStream draw({s.seed, replication, EVENT_OCCURRENCE, stable_hash_of(e.id, req.event)});
        if (!(draw.uniform() < req.probability)) {
          why_not[e.id] = "did not follow from " + req.event + " (probability " + std::to_string(req.probability) + ")";
          ok = false;
          break;
        }
      }
      if (req.lag_days) {
        const auto lag = static_cast<std::int32_t>(std::lround(*req.lag_days));
        const engine::Date eff = resolved.at(req.event).effective.plus_days(lag);
        if (eff > out.effective || out.effective == e.effective) {
          out.effective = eff;
          out.announced = eff;
        }
      }
    }
    state[e.id] = ok ? State::YES : State::NO;
    if (ok) resolved.emplace(e.id, out);
    return ok;
  };

  for (const auto& e : s.events) resolve(resolve, e);
  for (const auto& e : s.events) {
    if (state[e.id] == State::YES)
      happening_.push_back(resolved.at(e.id));
    else
      skipped_.emplace_back(e.id, why_not[e.id]);
  }
}

bool EventTimeline::happens(const std::string& id) const { return find(id) != nullptr; }

const ScheduledEvent* EventTimeline::find(const std::string& id) const {
  for (const auto& e : happening_)
    if (e.event->id == id) return &e;
  return nullptr;
}

}  // namespace cmsim::policy
