#include "models/calibration/period.h"

#include <charconv>

namespace cmsim::calibration {
namespace {

// One side of a range: "2024" (Q1..Q4), "2023H1" (Q1..Q2), "2025Q2".
std::optional<Period> parse_single(std::string_view t) {
  if (t.size() < 4) return std::nullopt;
  int year = 0;
  const auto [ptr, ec] = std::from_chars(t.data(), t.data() + 4, year);
  if (ec != std::errc{} || ptr != t.data() + 4 || year < engine::Date::MIN_YEAR || year > engine::Date::MAX_YEAR)
    return std::nullopt;
  for (char c : t.substr(0, 4))
    if (c < '0' || c > '9') return std::nullopt;
  const std::string_view rest = t.substr(4);
  Period p;
  p.label = std::string(t);
  if (rest.empty()) {
    p.first = engine::Quarter(year, 1);
    p.last = engine::Quarter(year, 4);
  } else if (rest == "H1" || rest == "H2") {
    const int h = rest[1] - '0';
    p.first = engine::Quarter(year, 2 * h - 1);
    p.last = engine::Quarter(year, 2 * h);
  } else if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    p.first = p.last = engine::Quarter(year, rest[1] - '0');
  } else {
    return std::nullopt;
  }
  return p;
}

}  // namespace

std::optional<Period> parse_period(std::string_view text) {
  const auto dots = text.find("..");
  if (dots == std::string_view::npos) return parse_single(text);
  const auto a = parse_single(text.substr(0, dots));
  const auto b = parse_single(text.substr(dots + 2));
  if (!a || !b || b->last < a->first) return std::nullopt;
  return Period{a->first, b->last, std::string(text)};
}

}  // namespace cmsim::calibration
