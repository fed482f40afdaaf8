#include "models/market/readiness.h"

#include <algorithm>
#include <cmath>
#include <limits>

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
  const std::size_t n_eco = m.s.ecosystems.size();
  // Readiness held at its floor (the initial value) repeats quarter after quarter: the same
  // value gives the same log, bit for bit. NaN (the first time) equals nothing.
  if (m.ln_taken_of.size() != m.buyers.size() * WORKLOADS * n_eco)
    m.ln_taken_of.assign(m.buyers.size() * WORKLOADS * n_eco, std::numeric_limits<double>::quiet_NaN());
  double* taken = m.ln_taken_of.data();
  for (auto& b : m.buyers)
    for (int w = 0; w < WORKLOADS; ++w, taken += n_eco) {
      b.ln_readiness[w].resize(n_eco);
      for (std::size_t e = 0; e < n_eco; ++e) {
        const double r = b.readiness[w][e];
        if (r == taken[e]) continue;
        taken[e] = r;
        b.ln_readiness[w][e] = r > 0 ? std::log(r) : NEG_INF;
      }
    }
}

}  // namespace cmsim::market
