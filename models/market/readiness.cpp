#include "models/market/readiness.h"

#include <algorithm>
#include <cmath>

namespace cmsim::market {

void update_readiness_and_risk(MarketState& m, std::span<const double> dev_share, std::span<const double> maturity) {
  const std::size_t n_eco = m.s.ecosystems.size();
  const auto& p = m.p;
  for (auto& b : m.buyers) {
    double total = 0;
    for (double x : b.installed) total += x;
    for (std::size_t e = 0; e < n_eco; ++e) {
      const double own = total > 0 ? b.installed[e] / total : 0.0;
      const double exposure = p.readiness_purchase_weight * own + (1.0 - p.readiness_purchase_weight) * dev_share[e];
      const double reach = std::min(1.0, exposure / EXPOSURE_SATURATION);
      for (int w = 0; w < WORKLOADS; ++w) {
        const double target = std::max(b.initial_readiness[w][e], maturity[e] * reach);
        const double rate = w == 0 ? p.readiness_rate_training : p.readiness_rate_inference;
        b.readiness[w][e] += rate * (target - b.readiness[w][e]);
      }
    }
    b.risk *= 1.0 - p.risk_decay_per_quarter;
  }
}

void refresh_log_readiness(MarketState& m) {
  for (auto& b : m.buyers)
    for (int w = 0; w < WORKLOADS; ++w) {
      b.ln_readiness[w].resize(b.readiness[w].size());
      for (std::size_t e = 0; e < b.readiness[w].size(); ++e)
        b.ln_readiness[w][e] = b.readiness[w][e] > 0 ? std::log(b.readiness[w][e]) : NEG_INF;
    }
}

}  // namespace cmsim::market
