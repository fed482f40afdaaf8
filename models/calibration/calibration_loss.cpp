#include "models/calibration/calibration_loss.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace cmsim::calibration {

double scaled_distance(const Target& t, double v) {
  if (std::isnan(v)) return v;
  const double gap = v < t.band_low ? t.band_low - v : v > t.band_high ? v - t.band_high : 0.0;
  if (gap == 0) return 0;
  double scale = t.band_high - t.band_low;
  if (scale <= 0) scale = t.target ? std::fabs(*t.target) : 0.0;
  if (scale <= 0) scale = 1;
  return gap / scale;
}

double calibration_loss(const TargetSet& set, const std::vector<double>& p50) {
  if (p50.size() != set.targets.size()) throw std::invalid_argument("calibration_loss: one p50 per target expected");
  double loss = 0;
  for (std::size_t i = 0; i < p50.size(); ++i) {
    const Target& t = set.targets[i];
    if (!t.in_loss()) continue;
    const double d = scaled_distance(t, p50[i]);
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    loss += t.weight * d * d;
  }
  return loss;
}

}  // namespace cmsim::calibration
