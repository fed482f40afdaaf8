#include "sim/cli/compare_summary.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sim/cli/cli.h"
#include "sim/experiment/quantile.h"

namespace cmsim::cli {

std::string SummaryPeriod::label() const {
  if (!first) return "whole horizon";
  return *first == *last ? std::to_string(*first) : std::to_string(*first) + "-" + std::to_string(*last);
}

SummaryPeriod parse_summary_period(const std::string& text) {
  if (text == "all") return {};
  const auto dash = text.find('-');
  const auto year = [&](const std::string& t) {
    return static_cast<int>(parse_unsigned("--summary-period (a year)", t, 1900, 2199));
  };
  SummaryPeriod p;
  p.first = year(text.substr(0, dash));
  p.last = dash == std::string::npos ? p.first : year(text.substr(dash + 1));
  if (*p.last < *p.first) throw UsageError("--summary-period: expected FIRST-LAST with FIRST <= LAST, got " + text);
  return p;
}

bool is_flow(const std::string& unit, const std::string& metric) {
  if (metric.find("cumulative") != std::string::npos || metric.rfind("installed_", 0) == 0) return false;
  return unit == "USD" || unit == "cards" || unit == "PFLOPS" || unit == "PFLOPS-equivalent";
}

std::string readable(double v, const std::string& unit, bool difference) {
  if (std::isnan(v)) return "n/a";
  if (unit == "fraction" && std::abs(v) < 0.0005) v = 0;  // no "-0.0 pp"
  const char* sign = difference && v > 0 ? "+" : "";
  if (unit == "fraction")
    return difference ? fmt::format("{}{:.1f} pp", sign, v * 100) : fmt::format("{:.1f}%", v * 100);
  const double a = std::abs(v);
  const char* scale = a >= 1e12 ? "T" : a >= 1e9 ? "B" : a >= 1e6 ? "M" : a >= 1e3 ? "k" : "";
  const double d = a >= 1e12 ? 1e12 : a >= 1e9 ? 1e9 : a >= 1e6 ? 1e6 : a >= 1e3 ? 1e3 : 1;
  if (unit == "USD") return fmt::format("{}${:.3g}{}", v < 0 ? "-" : sign, a / d, scale);
  return fmt::format("{}{:.3g}{} {}", sign, v / d, scale, unit == "PFLOPS-equivalent" ? "PFLOPS" : unit);
}

namespace {

/// Per replication: the metric aggregated over the period's quarters (sum or mean).
std::vector<double> period_values(const experiment::RunStore& store, std::size_t metric, const SummaryPeriod& p,
                                  bool flow) {
  const auto& h = store.header();
  std::vector<double> out;
  for (std::size_t s = 0; s < store.replications().size(); ++s) {
    double sum = 0;
    int n = 0;
    for (std::size_t q = 0; q < h.quarters; ++q) {
      const int year = engine::Quarter::from_index(h.first_quarter.index() + static_cast<std::int32_t>(q)).year();
      if (p.first && (year < *p.first || year > *p.last)) continue;
      const double v = store.values(s)[q * h.metrics.size() + metric];
      if (!std::isnan(v)) sum += v, ++n;
    }
    out.push_back(n == 0 ? std::nan("") : flow ? sum : sum / n);
  }
  return out;
}

double median(std::vector<double> v) {
  std::erase_if(v, [](double x) { return std::isnan(x); });
  std::sort(v.begin(), v.end());
  return experiment::quantile_sorted(v, 0.5);
}

}  // namespace

void print_compare_summary(const experiment::RunStore& base, const experiment::RunStore& alt,
                           const std::vector<output::Manifest::Series>& series, const std::vector<std::string>& metrics,
                           const SummaryPeriod& period, const std::string& base_name, const std::string& alt_name) {
  const auto& hb = base.header();
  const auto& ha = alt.header();
  fmt::print(
      "effect of {} vs {} over {} (alt - base: mean [paired 90% interval]; base -> alt medians;\n"
      "money and units summed over the period, shares and stocks averaged over its quarters):\n",
      alt_name, base_name, period.label());
  for (const auto& m : metrics) {
    const auto mb = std::find(hb.metrics.begin(), hb.metrics.end(), m);
    const auto ma = std::find(ha.metrics.begin(), ha.metrics.end(), m);
    if (mb == hb.metrics.end() || ma == ha.metrics.end()) continue;
    std::string unit;
    for (const auto& s : series)
      if (s.name == m) unit = s.unit;
    const bool flow = is_flow(unit, m);
    const auto b = period_values(base, static_cast<std::size_t>(mb - hb.metrics.begin()), period, flow);
    const auto a = period_values(alt, static_cast<std::size_t>(ma - ha.metrics.begin()), period, flow);
    std::vector<double> diff;
    double sum = 0;
    for (std::size_t i = 0; i < b.size() && i < a.size(); ++i)
      if (!std::isnan(a[i]) && !std::isnan(b[i])) diff.push_back(a[i] - b[i]), sum += a[i] - b[i];
    if (diff.empty()) continue;
    const double mean = sum / static_cast<double>(diff.size());
    std::sort(diff.begin(), diff.end());
    fmt::print("  {:<26} {:<6} {:>10}  [{}, {}]   ({} -> {})\n", m, flow ? "total" : "mean", readable(mean, unit, true),
               readable(experiment::quantile_sorted(diff, 0.05), unit, true),
               readable(experiment::quantile_sorted(diff, 0.95), unit, true), readable(median(b), unit, false),
               readable(median(a), unit, false));
  }
}

}  // namespace cmsim::cli
