#include "models/market/deliveries.h"

#include <algorithm>
#include <cmath>

#include "models/market/legality.h"

namespace cmsim::market {

using scenario::Origin;

std::vector<double> deliver_orders(MarketState& m) {
  const std::size_t n_eco = m.s.ecosystems.size();
  // Installed compute retires exponentially with mean life accelerator_life_years.
  const double keep = std::exp(-0.25 / m.p.accelerator_life_years);
  for (auto& b : m.buyers)
    for (double& x : b.installed) x *= keep;
  m.installed_us *= keep;
  m.installed_domestic *= keep;
  std::vector<double> new_by_eco(n_eco, 0.0);
  for (auto& v : m.vendors) v.delivered = 0;
  for (const auto& o : m.orders) {
    auto& ps = m.products[o.product];
    const double cards = o.units * o.delivered_share();
    // Between placing and launch nothing arrives: demand unmet. (An order cut when the market
    // re-opened was chosen again for the rest of the quarter.)
    m.unmet += MarketState::to_pflops(o.units * (o.begin - o.placed) * o.service_per_card, o.workload);
    const double pflops = cards * ps.spec.tflops_bf16 / 1000.0;
    ps.out.units += cards;
    ps.out.pflops += pflops;
    if (o.workload == 0) ps.out.training_pflops += pflops;
    if (o.workload == 0 && !o.diverted) ps.out.legal_training_pflops += pflops;
    const Option& quote = o.diverted ? m.quotes[o.product].grey : m.quotes[o.product].legal;
    ps.out.spend_usd += cards * quote.price_paid;
    if (!o.diverted) ps.out.legal_spend_usd += cards * quote.price_paid;
    ps.out.vendor_revenue_usd += cards * quote.vendor_net;
    ps.out.fee_usd += cards * quote.fee;
    if (o.diverted) ps.out.diverted_units += cards;
    if (!o.diverted && ps.vendor >= 0) m.vendors[ps.vendor].delivered += cards;
    if (ps.eco >= 0) {
      m.buyers[o.buyer].installed[ps.eco] += pflops;
      new_by_eco[ps.eco] += pflops;
    }
    if (ps.origin == Origin::US) m.installed_us += pflops;
    if (ps.origin == Origin::DOMESTIC) m.installed_domestic += pflops;
  }
  return new_by_eco;
}

void remember_allocations(MarketState& m) {
  for (auto& b : m.buyers)
    for (int w = 0; w < WORKLOADS; ++w) std::swap(b.last_allocation[w], b.chosen[w]);
}

void stock_china_inventory(MarketState& m) {
  for (auto& ps : m.products) {
    const double legal_cards = ps.out.units - ps.out.diverted_units;
    if (legal_cards > 0) ps.shipped_legally = true;
    ps.inventory = (ps.spec.china_specific && available(ps) && !banned_for_all(ps))
                       ? m.p.inventory_cover_quarters * legal_cards
                       : 0.0;
    if (ps.inventory > 0) ps.written_down = false;
  }
}

}  // namespace cmsim::market
