#include "models/market/capacity.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cmsim::market {

double capacity_ceiling(const MarketState& m, const VendorState& v) {
  double ceiling = std::numeric_limits<double>::infinity();
  const auto& pts = v.spec->capacity_ceiling;
  if (!pts.empty()) {
    const engine::Date d = m.sched.today();
    if (d <= pts.front().date)
      ceiling = pts.front().units_per_quarter;
    else if (d >= pts.back().date)
      ceiling = pts.back().units_per_quarter;
    else
      for (std::size_t k = 1; k < pts.size(); ++k)
        if (d <= pts[k].date) {
          const double t = static_cast<double>(days_between(pts[k - 1].date, d)) /
                           std::max(1, days_between(pts[k - 1].date, pts[k].date));
          ceiling = pts[k - 1].units_per_quarter + t * (pts[k].units_per_quarter - pts[k - 1].units_per_quarter);
          break;
        }
    ceiling *= v.spec->capacity_scale;
  }
  return ceiling;
}

double vendor_capacity(const MarketState& m, const VendorState& v) {
  const double ceiling = capacity_ceiling(m, v);
  const double base = v.capacity > 0 ? std::min(v.capacity, ceiling)
                                     : (std::isfinite(ceiling) ? ceiling : std::numeric_limits<double>::infinity());
  return base * m.regime.vendor_capacity_multiplier(v.spec->id);
}

void book_capacity_for_launch(MarketState& m, int vendor) {
  if (vendor < 0) return;
  auto& v = m.vendors[vendor];
  if (v.capacity > 0 && !v.spec->capacity_ceiling.empty()) v.capacity = std::max(v.capacity, capacity_ceiling(m, v));
}

void grow_sold_out_capacity(MarketState& m) {
  for (auto& v : m.vendors) {
    const double cap = vendor_capacity(m, v);
    if (v.capacity > 0 && std::isfinite(cap) && v.filled >= 0.9 * cap)
      v.capacity *= 1.0 + v.spec->capacity_growth_per_quarter;
  }
}

}  // namespace cmsim::market
