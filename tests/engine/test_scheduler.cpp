#include "sim/engine/scheduler.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace cmsim::engine;

TEST_CASE("Events may schedule further events, and the clock follows them", "[scheduler]") {
  Scheduler s(Date(2022, 1, 1).start());
  std::vector<std::string> log;
  s.at(Date(2022, 10, 7), 0, [&] {
    log.push_back("rule " + s.today().iso());
    // A ban schedules a redesign 90 days later, which schedules a launch.
    s.after(90 * Time::SECONDS_PER_DAY, 0, [&] {
      log.push_back("redesign " + s.today().iso());
      s.after(0, 1, [&] { log.push_back("launch " + s.today().iso()); });
    });
  });
  const auto ran = s.run_until(Date(2030, 1, 1).start());
  CHECK(ran == 3);
  CHECK(log == std::vector<std::string>{"rule 2022-10-07", "redesign 2023-01-05", "launch 2023-01-05"});
}

TEST_CASE("run_until stops at the horizon, inclusive, and resumes", "[scheduler]") {
  Scheduler s;
  int count = 0;
  for (int day = 1; day <= 10; ++day) s.at(Time{day * Time::SECONDS_PER_DAY}, 0, [&] { ++count; });
  CHECK(s.run_until(Time{5 * Time::SECONDS_PER_DAY}) == 5);
  CHECK(count == 5);
  CHECK(s.pending() == 5);
  CHECK(s.run_until(Time{100 * Time::SECONDS_PER_DAY}) == 5);
  CHECK(s.executed() == 10);
}

TEST_CASE("Scheduling in the past is rejected", "[scheduler]") {
  Scheduler s(Time{1000});
  CHECK_THROWS_AS(s.at(Time{999}, 0, [] {}), SchedulingError);
  CHECK_THROWS_AS(s.after(-1, 0, [] {}), SchedulingError);
  CHECK_NOTHROW(s.at(Time{1000}, 0, [] {}));
}

TEST_CASE("A cancelled event does not run and stop() ends the loop", "[scheduler]") {
  Scheduler s;
  int ran = 0;
  auto h = s.at(Time{10}, 0, [&] { ran += 1; });
  s.at(Time{5}, 0, [&] { s.cancel(h); });
  s.at(Time{20}, 0, [&] {
    ran += 10;
    s.stop();
  });
  s.at(Time{30}, 0, [&] { ran += 100; });
  s.run_until(Time{100});
  CHECK(ran == 10);
  CHECK(s.pending() == 1);
}
