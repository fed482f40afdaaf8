#include "sim/engine/event_queue.h"

#include <algorithm>
#include <utility>

namespace cmsim::engine {

bool EventQueue::later(const Entry& a, const Entry& b) {
  if (a.time != b.time) return a.time > b.time;
  if (a.priority != b.priority) return a.priority > b.priority;
  return a.seq > b.seq;
}

EventHandle EventQueue::push(Time time, int priority, Action action) {
  const std::uint64_t seq = state_.size();
  state_.push_back(State::PENDING);
  heap_.push_back(Entry{time, priority, seq, std::move(action)});
  std::push_heap(heap_.begin(), heap_.end(), later);
  ++pending_;
  return EventHandle{seq};
}

bool EventQueue::is_pending(EventHandle h) const {
  return h.id < state_.size() && h.id != 0 && state_[h.id] == State::PENDING;
}

bool EventQueue::cancel(EventHandle h) {
  if (!is_pending(h)) return false;
  state_[h.id] = State::CANCELLED;
  --pending_;
  return true;
}

void EventQueue::drop_cancelled_top() {
  while (!heap_.empty() && state_[heap_.front().seq] == State::CANCELLED) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    heap_.pop_back();
  }
}

std::optional<Time> EventQueue::next_time() {
  drop_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  return heap_.front().time;
}

std::optional<EventQueue::Popped> EventQueue::pop() {
  drop_cancelled_top();
  if (heap_.empty()) return std::nullopt;
  std::pop_heap(heap_.begin(), heap_.end(), later);
  Entry e = std::move(heap_.back());
  heap_.pop_back();
  state_[e.seq] = State::DONE;
  --pending_;
  return Popped{e.time, e.priority, EventHandle{e.seq}, std::move(e.action)};
}

}  // namespace cmsim::engine
