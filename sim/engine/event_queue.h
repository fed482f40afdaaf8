// A priority queue of timed actions with a total order and cancellation by handle.
// Order is (time, priority, insertion sequence): ties at one instant are broken by a
// priority the model chooses (e.g. policy before procurement) and then by the order in
// which events were scheduled, so every run replays the same sequence.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/engine/sim_time.h"

namespace cmsim::engine {

/// Identifies one scheduled event; a default-constructed handle refers to nothing.
struct EventHandle {
  std::uint64_t id = 0;
  constexpr bool valid() const { return id != 0; }
  friend constexpr bool operator==(EventHandle, EventHandle) = default;
};

class EventQueue {
 public:
  using Action = std::function<void()>;

  struct Popped {
    Time time;
    int priority;
    EventHandle handle;
    Action action;
  };

  /// Adds an action; lower priority values run first at equal times.
  EventHandle push(Time time, int priority, Action action);
  /// Cancels a pending event. Returns false if it already ran, was cancelled, or is unknown.
  bool cancel(EventHandle handle);
  /// Whether the event is still waiting to run.
  bool is_pending(EventHandle handle) const;
  /// Removes and returns the next pending event, skipping cancelled ones.
  std::optional<Popped> pop();
  /// Time of the next pending event, if any.
  std::optional<Time> next_time();

  std::size_t size() const { return pending_; }
  bool empty() const { return pending_ == 0; }

 private:
  struct Entry {
    Time time;
    int priority;
    std::uint64_t seq;
    Action action;
  };
  static bool later(const Entry& a, const Entry& b);
  void drop_cancelled_top();

  enum class State : std::uint8_t { PENDING, DONE, CANCELLED };
  std::vector<Entry> heap_;
  std::vector<State> state_{State::DONE};  // indexed by seq; seq 0 is never issued
  std::size_t pending_ = 0;
};

}  // namespace cmsim::engine
