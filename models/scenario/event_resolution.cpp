#include "models/scenario/event_resolution.h"

#include <cmath>
#include <map>

namespace cmsim::scenario {

EventResolution resolve_events(const Scenario& s, const RequirementDraw& draw, const EventHappens& happens) {
  // Memoised recursion in dependency order.
  enum class State { UNSEEN, VISITING, YES, NO };
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < s.events.size(); ++i) index.emplace(s.events[i].id, i);
  std::vector<State> state(s.events.size(), State::UNSEEN);
  EventResolution out;
  out.events.resize(s.events.size());
  std::vector<std::string> why_not(s.events.size());

  auto resolve = [&](auto& self, std::size_t i) -> bool {
    if (state[i] == State::YES) return true;
    if (state[i] == State::NO) return false;
    const PolicyEvent& e = s.events[i];
    if (state[i] == State::VISITING) {
      why_not[i] = "requires itself through a cycle";
      return false;
    }
    state[i] = State::VISITING;
    ResolvedEvent r{&e, e.announced, e.effective};
    bool ok = !happens || happens(e);
    if (!ok) why_not[i] = "left out";
    for (const auto& req : e.requires_) {
      if (!ok) break;
      const auto it = index.find(req.event);
      if (it == index.end() || !self(self, it->second)) {
        why_not[i] = "requires " + req.event + ", which does not happen";
        ok = false;
        break;
      }
      if (req.probability < 1.0 && draw && !draw(e, req)) {
        why_not[i] = "did not follow from " + req.event + " (probability " + std::to_string(req.probability) + ")";
        ok = false;
        break;
      }
      if (req.lag_days) {
        const auto lag = static_cast<std::int32_t>(std::lround(*req.lag_days));
        const Date eff = out.events[it->second]->effective.plus_days(lag);
        if (eff > r.effective || r.effective == e.effective) {
          r.effective = eff;
          r.announced = eff;
        }
      }
    }
    state[i] = ok ? State::YES : State::NO;
    if (ok) out.events[i] = r;
    return ok;
  };
  for (std::size_t i = 0; i < s.events.size(); ++i) resolve(resolve, i);
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (!out.events[i]) out.skipped.emplace_back(s.events[i].id, why_not[i]);
  return out;
}

}  // namespace cmsim::scenario
