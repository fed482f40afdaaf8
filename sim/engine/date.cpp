#include "sim/engine/date.h"

#include <charconv>
#include <cstdio>
#include <stdexcept>

namespace cmsim::engine {
namespace {

// Howard Hinnant's civil-calendar algorithms (public domain,
// http://howardhinnant.github.io/date_algorithms.html).
constexpr std::int32_t days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Civil {
  int y;
  unsigned m;
  unsigned d;
};

constexpr Civil civil_from_days(std::int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

constexpr bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int days_in_month(int y, int m) {
  constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : lengths[m - 1];
}

bool parse_digits(std::string_view s, int& out) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && ptr == s.data() + s.size();
}

}  // namespace

Date::Date(int year, int month, int day) {
  if (year < MIN_YEAR || year > MAX_YEAR)
    throw std::invalid_argument("year " + std::to_string(year) + " outside " + std::to_string(MIN_YEAR) + ".." +
                                std::to_string(MAX_YEAR));
  if (month < 1 || month > 12) throw std::invalid_argument("month " + std::to_string(month) + " outside 1..12");
  if (day < 1 || day > days_in_month(year, month))
    throw std::invalid_argument("day " + std::to_string(day) + " does not exist in " + std::to_string(year) + "-" +
                                (month < 10 ? "0" : "") + std::to_string(month));
  days_ = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::optional<Date> Date::parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  if (!parse_digits(t.substr(0, 4), y) || !parse_digits(t.substr(5, 2), m) || !parse_digits(t.substr(8, 2), d))
    return std::nullopt;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m)) return std::nullopt;
  return Date(y, m, d);
}

int Date::year() const { return civil_from_days(days_).y; }
int Date::month() const { return static_cast<int>(civil_from_days(days_).m); }
int Date::day() const { return static_cast<int>(civil_from_days(days_).d); }

std::string Date::iso() const {
  const Civil c = civil_from_days(days_);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", c.y, c.m, c.d);
  return buf;
}

Date Date::of(Time t) {
  std::int64_t days = t.seconds / Time::SECONDS_PER_DAY;
  if (t.seconds < 0 && t.seconds % Time::SECONDS_PER_DAY != 0) --days;  // floor, not truncate
  return from_days_since_epoch(static_cast<std::int32_t>(days));
}

std::optional<Quarter> Quarter::parse(std::string_view t) {
  if (t.size() != 6 || t[4] != 'Q' || t[5] < '1' || t[5] > '4') return std::nullopt;
  int y = 0;
  if (!parse_digits(t.substr(0, 4), y) || y < Date::MIN_YEAR || y > Date::MAX_YEAR) return std::nullopt;
  return Quarter(y, t[5] - '0');
}

std::string Quarter::label() const { return std::to_string(year()) + "Q" + std::to_string(number()); }

}  // namespace cmsim::engine
