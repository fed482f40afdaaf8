// Simulated time: an integer count of seconds since 1970-01-01T00:00 (no time zone).
// Integer time gives a total, platform-independent event order; calendar dates and
// quarters are views on it (see date.h).
#pragma once

#include <compare>
#include <cstdint>

namespace cmsim::engine {

/// A point in simulated time, in whole seconds since 1970-01-01T00:00.
struct Time {
  std::int64_t seconds = 0;

  static constexpr std::int64_t SECONDS_PER_DAY = 86400;

  static constexpr Time from_days(double days) {
    return Time{static_cast<std::int64_t>(days * SECONDS_PER_DAY + (days >= 0 ? 0.5 : -0.5))};
  }
  constexpr double as_days() const { return static_cast<double>(seconds) / SECONDS_PER_DAY; }

  friend constexpr auto operator<=>(Time, Time) = default;
  friend constexpr Time operator+(Time t, std::int64_t s) { return Time{t.seconds + s}; }
};

}  // namespace cmsim::engine
