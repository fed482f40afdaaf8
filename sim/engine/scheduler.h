// The simulation clock and its event loop. One Scheduler per replication: no globals,
// so replications can run side by side on threads.
#pragma once

#include <cstdint>
#include <stdexcept>

#include "sim/engine/date.h"
#include "sim/engine/event_queue.h"

namespace cmsim::engine {

/// Thrown when a model asks for something the engine forbids (e.g. scheduling in the past).
class SchedulingError : public std::logic_error {
 public:
  using std::logic_error::logic_error;
};

class Scheduler {
 public:
  using Action = EventQueue::Action;

  explicit Scheduler(Time start = Time{}) : now_(start) {}

  Time now() const { return now_; }
  Date today() const { return Date::of(now_); }

  /// Schedules an action at an absolute time; throws SchedulingError if it is in the past.
  EventHandle at(Time when, int priority, Action action);
  /// Schedules an action at 00:00 of a calendar day.
  EventHandle at(Date day, int priority, Action action) { return at(day.start(), priority, std::move(action)); }
  /// Schedules an action `delay` seconds from now (delay >= 0).
  EventHandle after(std::int64_t delay_seconds, int priority, Action action);
  bool cancel(EventHandle h) { return queue_.cancel(h); }
  bool is_pending(EventHandle h) const { return queue_.is_pending(h); }

  /// Runs events in order while their time is <= horizon (inclusive); the clock then
  /// stands at the last event run (or is unchanged). Returns the number of events run.
  std::uint64_t run_until(Time horizon);
  /// Makes run_until return after the current event.
  void stop() { stop_requested_ = true; }

  std::size_t pending() const { return queue_.size(); }
  std::uint64_t executed() const { return executed_; }

 private:
  EventQueue queue_;
  Time now_;
  std::uint64_t executed_ = 0;
  bool stop_requested_ = false;
};

}  // namespace cmsim::engine
