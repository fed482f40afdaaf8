#include "models/calibration/target_band.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace cmsim::calibration {

double type7_quantile(std::span<const double> sorted, double p) {
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::pair<std::size_t, std::size_t> median_interval_ranks(std::size_t n) {
  if (n == 0) throw std::invalid_argument("median_interval_ranks: n >= 1 expected");
  // P(B <= i) summed in logs (0.5^n underflows past n ~ 1,074).
  const double dn = static_cast<double>(n);
  const double log_total = std::lgamma(dn + 1) - dn * std::log(2.0);
  double cdf = 0;
  std::size_t j = 1;  // x(1) when no i qualifies
  for (std::size_t i = 0; i < n / 2; ++i) {
    const double di = static_cast<double>(i);
    cdf += std::exp(log_total - std::lgamma(di + 1) - std::lgamma(dn - di + 1));
    if (cdf > 0.025) break;
    j = i + 1;
  }
  return {j, n + 1 - j};
}

TargetBand band_of(const Target& t, std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  std::sort(values.begin(), values.end());
  TargetBand b;
  b.target = &t;
  b.n = values.size();
  b.p05 = type7_quantile(values, 0.05);
  b.p50 = type7_quantile(values, 0.50);
  b.p95 = type7_quantile(values, 0.95);
  b.inside = !std::isnan(b.p50) && b.p50 >= t.band_low && b.p50 <= t.band_high;
  b.failed = t.fails_when_outside() && !b.inside;
  if (values.empty()) {
    b.p50_low = b.p50_high = std::numeric_limits<double>::quiet_NaN();
  } else {
    const auto [j, k] = median_interval_ranks(values.size());
    b.p50_low = values[j - 1];
    b.p50_high = values[k - 1];
    const bool all_inside = b.p50_low >= t.band_low && b.p50_high <= t.band_high;
    const bool all_outside = b.p50_high < t.band_low || b.p50_low > t.band_high;
    b.near_edge = !all_inside && !all_outside;
  }
  return b;
}

std::vector<TargetBand> compute_bands(const TargetSet& set, const std::vector<std::vector<double>>& values) {
  if (values.size() != set.targets.size())
    throw std::invalid_argument("compute_bands: one list of values per target expected");
  std::vector<TargetBand> out;
  for (std::size_t i = 0; i < values.size(); ++i) out.push_back(band_of(set.targets[i], values[i]));
  return out;
}

int history_exit_status(const std::vector<TargetBand>& bands) {
  return std::any_of(bands.begin(), bands.end(), [](const TargetBand& b) { return b.failed; }) ? 1 : 0;
}

}  // namespace cmsim::calibration
