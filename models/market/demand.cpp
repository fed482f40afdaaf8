#include "models/market/demand.h"

#include <cmath>

namespace cmsim::market {

using engine::Quarter;

void grow_demand(MarketState& m, Quarter q) {
  if (q == Quarter::of(m.s.start)) return;
  // Each segment's drift once (an exp and a log1p per segment, not per buyer: a segment's
  // buyers are contiguous).
  int segment = -1;
  double drift = 0;
  for (auto& b : m.buyers) {
    const auto& seg = m.s.buyers[b.segment];
    if (b.segment != segment) {
      segment = b.segment;
      // Log demand follows a random walk with drift: a stochastic trend.
      // Growth converges from the segment's rate to a common long-run rate (eq. 1a).
      double growth = seg.demand_growth_annual;
      if (m.p.demand_growth_convergence_years > 0) {
        const double years = quarters_between(Quarter::of(m.s.start), q) / 4.0;
        growth = m.p.demand_growth_long_run +
                 (growth - m.p.demand_growth_long_run) * std::exp(-years / m.p.demand_growth_convergence_years);
      }
      drift = std::log1p(growth) / 4.0;
    }
    const double shock = b.demand_stream->normal(0.0, seg.demand_growth_sd / 2.0);
    const double g = std::exp(drift + shock);
    b.demand[0] *= g;
    b.demand[1] *= g;
  }
}

namespace {

scenario::Workload workload_of(int w) { return w == 0 ? scenario::Workload::TRAINING : scenario::Workload::INFERENCE; }

}  // namespace

DemandMultipliers demand_multipliers(const MarketState& m) {
  DemandMultipliers x{};
  for (int k = 0; k < 4; ++k)
    for (int w = 0; w < WORKLOADS; ++w)
      x.by_kind[k][w] = m.regime.demand_multiplier(static_cast<scenario::BuyerKind>(k), workload_of(w));
  return x;
}

double demand_now(const MarketState& m, std::size_t bi, int w, const DemandMultipliers& x) {
  const auto& seg = m.s.buyers[m.buyers[bi].segment];
  return m.buyers[bi].demand[w] * x.by_kind[static_cast<int>(seg.kind)][w];
}

}  // namespace cmsim::market
