// An outcome: one number per run, reduced from one recorded series over a period of
// quarters, written METRIC:PERIOD:REDUCTION (e.g. "nvidia_share_units:2025:mean",
// "domestic_revenue_usd:2025Q1..2026Q4:sum", "nvidia_share_units:2023Q1..2030Q4:first<0.2").
// Domain-free: it sees series names and quarters, nothing of what they measure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/engine/date.h"

namespace cmsim::analysis {

enum class Reduction { MEAN, SUM, VALUE, MAX, MIN, FIRST_CROSSING };

/// first>x, first>=x, first<x, first<=x: the first quarter whose value satisfies it.
enum class Comparison { GREATER, GREATER_EQUAL, LESS, LESS_EQUAL };

struct OutcomeSpec {
  std::string text;    ///< as written; the outcome's name in output files
  std::string metric;  ///< a series name, e.g. "nvidia_share_units"
  engine::Quarter first, last;
  Reduction reduction = Reduction::MEAN;
  Comparison comparison = Comparison::GREATER;  ///< FIRST_CROSSING only
  double threshold = 0;                         ///< FIRST_CROSSING only
};

/// Parses METRIC:PERIOD:REDUCTION. PERIOD is a year (2025 = 2025Q1..2025Q4), a quarter
/// (2030Q4) or a range (2025Q1..2026Q4); REDUCTION is mean, sum, value (a single quarter
/// only), max, min, or first>X / first>=X / first<X / first<=X. Throws engine::InputError
/// whose message starts with `where` (a flag or key, e.g. "--outcome") and names the part
/// that is wrong.
OutcomeSpec parse_outcome(std::string_view text, const std::string& where);

/// The outcome of one run: `values` holds the metric's series starting at quarter `first`.
/// FIRST_CROSSING gives the crossing quarter as a decimal year (2027Q2 -> 2027.25), and
/// NaN when the period never crosses. Any other reduction over a period holding NaN is
/// NaN. Throws engine::InputError (naming `where`) when the period is outside the series.
double evaluate(const OutcomeSpec& spec, std::span<const double> values, engine::Quarter first,
                const std::string& where);

/// A quarter as a decimal year: 2027Q2 -> 2027.25.
double decimal_year(engine::Quarter q);

}  // namespace cmsim::analysis
