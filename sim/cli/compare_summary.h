// What `cmsim compare` prints when it is done: for each headline metric, the effect of the
// alternative over a period the user chooses (--summary-period: a year, a range of years,
// or the whole horizon), in the metric's own units made readable ($12.3B, 4.2 pp), with the
// paired 90% interval of that period's effect across replications.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/experiment/run_store.h"
#include "sim/output/manifest.h"

namespace cmsim::cli {

/// Whole years [first, last]; nullopt = the whole horizon.
struct SummaryPeriod {
  std::optional<int> first, last;
  std::string label() const;  ///< "2025", "2025-2027", "whole horizon"
};

/// Parses "2025", "2025-2027" or "all"; throws UsageError naming --summary-period.
SummaryPeriod parse_summary_period(const std::string& text);

/// How a metric aggregates over a period: flows (USD, units, PFLOPS bought) are summed,
/// everything else (shares, stocks, indices) is averaged over the period's quarters.
bool is_flow(const std::string& unit, const std::string& metric);

/// A value in readable units: "$12.3B", "-4.2 pp" (a fraction's difference), "1.23M cards".
std::string readable(double value, const std::string& unit, bool difference);

/// Prints the summary of a finished comparison (alt - base) for `metrics` (their units from
/// `series`).
void print_compare_summary(const experiment::RunStore& base, const experiment::RunStore& alt,
                           const std::vector<output::Manifest::Series>& series, const std::vector<std::string>& metrics,
                           const SummaryPeriod& period, const std::string& base_name, const std::string& alt_name);

}  // namespace cmsim::cli
