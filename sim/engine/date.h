// Calendar dates (proleptic Gregorian, day resolution) and calendar quarters.
// Scenario files speak in ISO dates; the engine's clock is Time (sim_time.h).
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/sim_time.h"

namespace cmsim::engine {

/// A calendar day, stored as days since 1970-01-01. Valid years: 1900..2199.
class Date {
 public:
  static constexpr int MIN_YEAR = 1900;
  static constexpr int MAX_YEAR = 2199;

  constexpr Date() = default;
  /// Throws std::invalid_argument for a day that does not exist or a year out of range.
  Date(int year, int month, int day);

  /// Parses strict ISO `YYYY-MM-DD`; nullopt for anything else (including 2023-02-29).
  static std::optional<Date> parse(std::string_view text);
  static constexpr Date from_days_since_epoch(std::int32_t days) { return Date(days, 0); }

  int year() const;
  int month() const;
  int day() const;
  constexpr std::int32_t days_since_epoch() const { return days_; }
  std::string iso() const;  ///< "2022-10-07"

  /// Start of this day (00:00) on the simulation clock.
  constexpr Time start() const { return Time{std::int64_t{days_} * Time::SECONDS_PER_DAY}; }
  /// The day containing a point in time.
  static Date of(Time t);

  constexpr Date plus_days(std::int32_t n) const { return Date(days_ + n, 0); }
  friend constexpr std::int32_t days_between(Date a, Date b) { return b.days_ - a.days_; }
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr Date(std::int32_t days, int) : days_(days) {}
  std::int32_t days_ = 0;
};

/// A calendar quarter, e.g. 2022Q4, stored as year * 4 + (quarter - 1).
class Quarter {
 public:
  constexpr Quarter() = default;
  constexpr Quarter(int year, int q) : index_(year * 4 + (q - 1)) {}
  static constexpr Quarter from_index(std::int32_t index) {
    Quarter q;
    q.index_ = index;
    return q;
  }
  static Quarter of(Date d) { return Quarter(d.year(), (d.month() - 1) / 3 + 1); }
  /// Parses "2022Q4"; nullopt otherwise.
  static std::optional<Quarter> parse(std::string_view text);

  constexpr int year() const { return index_ / 4; }
  constexpr int number() const { return index_ % 4 + 1; }  ///< 1..4
  constexpr std::int32_t index() const { return index_; }
  Date first_day() const { return Date(year(), (number() - 1) * 3 + 1, 1); }
  Date last_day() const { return next().first_day().plus_days(-1); }
  constexpr Quarter next() const { return from_index(index_ + 1); }
  std::string label() const;  ///< "2022Q4"

  friend constexpr auto operator<=>(Quarter, Quarter) = default;
  /// Number of quarters from a to b (b - a).
  friend constexpr std::int32_t quarters_between(Quarter a, Quarter b) { return b.index_ - a.index_; }

 private:
  std::int32_t index_ = 0;
};

}  // namespace cmsim::engine
