#include "sim/analysis/outcome.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

#include "sim/engine/input_error.h"

namespace cmsim::analysis {

namespace {

[[noreturn]] void fail(const std::string& where, std::string_view text, const std::string& what) {
  throw engine::InputError(where + ": \"" + engine::printable_text(text) + "\": " + what);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

// A year (2025), a quarter (2025Q3) or a range of either (2025..2026Q2).
std::optional<std::pair<engine::Quarter, engine::Quarter>> parse_period_part(std::string_view p) {
  if (const auto q = engine::Quarter::parse(p)) return std::pair{*q, *q};
  int year = 0;
  const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), year);
  if (ec != std::errc() || end != p.data() + p.size() || p.size() != 4) return std::nullopt;
  return std::pair{engine::Quarter(year, 1), engine::Quarter(year, 4)};
}

void parse_period(OutcomeSpec& spec, std::string_view period, const std::string& where) {
  const auto dots = period.find("..");
  const auto a = parse_period_part(period.substr(0, dots));
  const auto b = dots == std::string_view::npos ? a : parse_period_part(period.substr(dots + 2));
  if (!a || !b)
    fail(where, spec.text,
         "period \"" + std::string(period) + "\" is not a year (2025), a quarter (2025Q3) or a range (2025Q1..2026Q4)");
  spec.first = a->first;
  spec.last = b->second;
  if (spec.last < spec.first) fail(where, spec.text, "period \"" + std::string(period) + "\" ends before it starts");
}

void parse_reduction(OutcomeSpec& spec, std::string_view r, const std::string& where) {
  static const std::pair<std::string_view, Reduction> plain[] = {{"mean", Reduction::MEAN},
                                                                 {"sum", Reduction::SUM},
                                                                 {"value", Reduction::VALUE},
                                                                 {"max", Reduction::MAX},
                                                                 {"min", Reduction::MIN}};
  for (const auto& [name, kind] : plain) {
    if (r == name) {
      spec.reduction = kind;
      if (kind == Reduction::VALUE && spec.first != spec.last)
        fail(where, spec.text, "reduction value needs a single quarter (e.g. 2030Q4), not a period");
      return;
    }
  }
  static const std::pair<std::string_view, Comparison> ops[] = {{"first>=", Comparison::GREATER_EQUAL},
                                                                {"first<=", Comparison::LESS_EQUAL},
                                                                {"first>", Comparison::GREATER},
                                                                {"first<", Comparison::LESS}};
  for (const auto& [prefix, cmp] : ops) {
    if (!r.starts_with(prefix)) continue;
    const auto number = r.substr(prefix.size());
    double x = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), x);
    if (number.empty() || ec != std::errc() || end != number.data() + number.size() || !std::isfinite(x))
      fail(where, spec.text, "threshold \"" + std::string(number) + "\" is not a finite number");
    spec.reduction = Reduction::FIRST_CROSSING;
    spec.comparison = cmp;
    spec.threshold = x;
    return;
  }
  fail(where, spec.text,
       "reduction \"" + std::string(r) +
           "\" is not one of mean, sum, value, max, min, first>X, first>=X, "
           "first<X, first<=X");
}

bool crosses(Comparison c, double v, double x) {
  switch (c) {
    case Comparison::GREATER:
      return v > x;
    case Comparison::GREATER_EQUAL:
      return v >= x;
    case Comparison::LESS:
      return v < x;
    case Comparison::LESS_EQUAL:
      return v <= x;
  }
  return false;
}

}  // namespace

OutcomeSpec parse_outcome(std::string_view text, const std::string& where) {
  OutcomeSpec spec;
  spec.text = std::string(text);
  const auto parts = split(text, ':');
  if (parts.size() != 3)
    fail(where, text,
         "expected METRIC:PERIOD:REDUCTION (e.g. nvidia_share_units:2025:mean), got " + std::to_string(parts.size()) +
             " part(s)");
  if (parts[0].empty()) fail(where, text, "the metric name is empty");
  spec.metric = std::string(parts[0]);
  parse_period(spec, parts[1], where);
  parse_reduction(spec, parts[2], where);
  return spec;
}

double decimal_year(engine::Quarter q) { return q.year() + (q.number() - 1) / 4.0; }

double evaluate(const OutcomeSpec& spec, std::span<const double> values, engine::Quarter first,
                const std::string& where) {
  const auto from = quarters_between(first, spec.first);
  const auto to = quarters_between(first, spec.last);
  if (from < 0 || to >= static_cast<std::int32_t>(values.size())) {
    const auto last = engine::Quarter::from_index(first.index() + static_cast<std::int32_t>(values.size()) - 1);
    fail(where, spec.text,
         "period " + spec.first.label() + ".." + spec.last.label() + " is outside the recorded quarters " +
             first.label() + ".." + last.label());
  }
  const auto span = values.subspan(static_cast<std::size_t>(from), static_cast<std::size_t>(to - from + 1));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (spec.reduction == Reduction::FIRST_CROSSING) {
    for (std::size_t i = 0; i < span.size(); ++i)
      if (crosses(spec.comparison, span[i], spec.threshold))
        return decimal_year(engine::Quarter::from_index(spec.first.index() + static_cast<std::int32_t>(i)));
    return nan;
  }
  double acc = spec.reduction == Reduction::MAX   ? -std::numeric_limits<double>::infinity()
               : spec.reduction == Reduction::MIN ? std::numeric_limits<double>::infinity()
                                                  : 0.0;
  for (const double v : span) {
    if (std::isnan(v)) return nan;
    if (spec.reduction == Reduction::MAX)
      acc = std::max(acc, v);
    else if (spec.reduction == Reduction::MIN)
      acc = std::min(acc, v);
    else
      acc += v;
  }
  if (spec.reduction == Reduction::MEAN) acc /= static_cast<double>(span.size());
  return acc;
}

}  // namespace cmsim::analysis
