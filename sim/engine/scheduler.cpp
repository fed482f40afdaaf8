#include "sim/engine/scheduler.h"

#include <string>
#include <utility>

namespace cmsim::engine {

EventHandle Scheduler::at(Time when, int priority, Action action) {
  if (when < now_)
    throw SchedulingError("cannot schedule an event at t=" + std::to_string(when.seconds) +
                          "s, before the current time t=" + std::to_string(now_.seconds) + "s");
  return queue_.push(when, priority, std::move(action));
}

EventHandle Scheduler::after(std::int64_t delay_seconds, int priority, Action action) {
  if (delay_seconds < 0) throw SchedulingError("negative delay " + std::to_string(delay_seconds) + "s");
  return at(now_ + delay_seconds, priority, std::move(action));
}

std::uint64_t Scheduler::run_until(Time horizon) {
  stop_requested_ = false;
  std::uint64_t ran = 0;
  while (!stop_requested_) {
    const auto next = queue_.next_time();
    if (!next || *next > horizon) break;
    auto ev = queue_.pop();
    now_ = ev->time;
    ev->action();
    ++ran;
    ++executed_;
  }
  return ran;
}

}  // namespace cmsim::engine
