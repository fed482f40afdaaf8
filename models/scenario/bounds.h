// The allowed range of a number in a scenario file, and the ranges keys share
// (docs/scenarios.md, "Limits"). The reader checks a value against its key's bounds; the
// instruments' key tables and the generated docs name them.
#pragma once

#include <limits>
#include <string>

namespace cmsim::scenario {

inline constexpr double INF = std::numeric_limits<double>::infinity();

/// Allowed range of a number; `what` names it in messages ("a probability").
struct Bounds {
  double lo = -INF;
  double hi = INF;
  bool lo_open = false;
  const char* what = "a number";

  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && x <= hi; }
  /// "a probability in [0, 1]", "a number >= 0", ...
  std::string expected() const;
};

/// A number as messages write it ("%g": 1e+12, 0.5).
std::string num_text(double x);

inline constexpr Bounds PROBABILITY{0, 1, false, "a probability"};
inline constexpr Bounds FRACTION{0, 1, false, "a fraction"};
inline constexpr Bounds ANY{};
inline constexpr Bounds LAG{0, 36500, false, "a number of days"};  // a century: keeps dates in range
// Ceilings that keep every product of the model's arithmetic finite (docs/scenarios.md,
// "Limits"): quantities (cards, PFLOPS, TB/s, developers) at most 10^12, prices and specs
// at most 10^9, multipliers, mark-ups and penalties at most 1000.
inline constexpr Bounds QUANTITY{0, 1e12, false, "a number"};
inline constexpr Bounds SPEC{0, 1e9, false, "a number"};
inline constexpr Bounds FACTOR{0, 1000, false, "a number"};
inline constexpr Bounds GROWTH_PER_QUARTER{0, 1, false, "a growth rate"};
inline constexpr Bounds GROWTH_SD{0, 5, false, "a number"};

}  // namespace cmsim::scenario
