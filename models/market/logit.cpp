#include "models/market/logit.h"

#include <cmath>
#include <limits>

namespace cmsim::market {

void logit_probabilities(std::span<const double> u, std::span<double> shares) {
  double max_u = -std::numeric_limits<double>::infinity();
  for (double x : u) max_u = std::max(max_u, x);
  if (!std::isfinite(max_u)) {
    for (double& s : shares) s = 0.0;
    return;
  }
  double total = 0.0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    shares[i] = u[i] == -std::numeric_limits<double>::infinity() ? 0.0 : std::exp(u[i] - max_u);
    total += shares[i];
  }
  for (double& s : shares) s /= total;
}

}  // namespace cmsim::market
