#include "models/calibration/calibration_loss.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

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
    // A must fact is fitted to the inner part of its band: a fit that parks its median on
    // the edge fails validate-history as soon as Monte Carlo noise or the sampled
    // parameters move it (docs/calibration.md).
    double d = scaled_distance(t, p50[i]);
    if (t.must && t.band_high > t.band_low && !std::isnan(d)) {
      // An edge at the metric's natural bound (0, or 1 for a share) is a one-sided
      // "at most" / "at least": a median on it is as good as it gets, so no margin there.
      const bool share = t.metric.find("share") != std::string::npos;
      Target inner = t;
      const double m = MUST_BAND_MARGIN * (t.band_high - t.band_low);
      if (t.band_low > 0) inner.band_low += m;
      if (!(share && t.band_high >= 1)) inner.band_high -= m;
      d = scaled_distance(inner, p50[i]) * (inner.band_high - inner.band_low) / (t.band_high - t.band_low);
    }
    if (std::isnan(d)) return std::numeric_limits<double>::infinity();
    loss += t.weight * d * d;
  }
  return loss;
}

}  // namespace cmsim::calibration
