#include "sim/experiment/quantile.h"

#include <cmath>
#include <limits>

namespace cmsim::experiment {

double quantile_sorted(std::span<const double> sorted, double p) {
  const std::size_t n = sorted.size();
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(n - 1) * p;
  const double lo_f = std::floor(h);
  const auto lo = static_cast<std::size_t>(lo_f);
  if (lo + 1 >= n) return sorted[n - 1];
  const double g = h - lo_f;
  // Equal neighbours give that value exactly (no 0 * inf or rounding from the product).
  if (g == 0 || sorted[lo] == sorted[lo + 1]) return sorted[lo];
  return sorted[lo] + g * (sorted[lo + 1] - sorted[lo]);
}

}  // namespace cmsim::experiment
