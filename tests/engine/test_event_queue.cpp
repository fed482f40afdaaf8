#include "sim/engine/event_queue.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using cmsim::engine::EventQueue;
using cmsim::engine::Time;

TEST_CASE("Events pop in (time, priority, insertion) order", "[event_queue]") {
  EventQueue q;
  std::vector<std::string> order;
  auto add = [&](std::int64_t t, int prio, std::string tag) {
    q.push(Time{t}, prio, [&order, tag] { order.push_back(tag); });
  };
  add(10, 1, "t10-p1-first");
  add(5, 2, "t5-p2");
  add(10, 0, "t10-p0");
  add(10, 1, "t10-p1-second");
  add(5, 1, "t5-p1");
  add(10, 1, "t10-p1-third");
  while (auto e = q.pop()) e->action();
  CHECK(order == std::vector<std::string>{"t5-p1", "t5-p2", "t10-p0", "t10-p1-first", "t10-p1-second", "t10-p1-third"});
}

TEST_CASE("Many ties keep insertion order", "[event_queue]") {
  EventQueue q;
  std::vector<int> order;
  for (int i = 0; i < 1000; ++i) q.push(Time{42}, 3, [&order, i] { order.push_back(i); });
  while (auto e = q.pop()) e->action();
  REQUIRE(order.size() == 1000);
  for (int i = 0; i < 1000; ++i) REQUIRE(order[i] == i);
}

TEST_CASE("Cancelled events never run, and cancel reports what it did", "[event_queue]") {
  EventQueue q;
  int ran = 0;
  auto a = q.push(Time{1}, 0, [&] { ran += 1; });
  auto b = q.push(Time{2}, 0, [&] { ran += 10; });
  auto c = q.push(Time{3}, 0, [&] { ran += 100; });
  CHECK(q.size() == 3);
  CHECK(q.cancel(b));
  CHECK_FALSE(q.cancel(b));  // already cancelled
  CHECK(q.size() == 2);
  CHECK_FALSE(q.is_pending(b));
  CHECK(q.is_pending(c));
  auto first = q.pop();
  first->action();
  CHECK(first->handle == a);
  CHECK_FALSE(q.cancel(a));  // already ran
  CHECK(q.next_time() == Time{3});
  while (auto e = q.pop()) e->action();
  CHECK(ran == 101);
  CHECK(q.empty());
  CHECK_FALSE(q.cancel(cmsim::engine::EventHandle{}));
  CHECK_FALSE(q.cancel(cmsim::engine::EventHandle{999}));
}

TEST_CASE("Cancelling the head event exposes the next one", "[event_queue]") {
  EventQueue q;
  auto h = q.push(Time{1}, 0, [] {});
  q.push(Time{7}, 0, [] {});
  q.cancel(h);
  CHECK(q.next_time() == Time{7});
  CHECK(q.size() == 1);
}
