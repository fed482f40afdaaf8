#include "models/market/deliveries.h"

#include <algorithm>
#include <cmath>

#include "models/market/legality.h"

namespace cmsim::market {

using scenario::Origin;

namespace {

/// The market's installed compute by origin and its unmet demand, summed in locals while
/// orders are delivered (registers, not a store and reload per order; the same sums).
struct Totals {
  double installed_us, installed_domestic, unmet;
};

/// A product's outcome from `cards` of it arriving at the given prices.
void book_product(ProductState& ps, int workload, bool diverted, double cards, double price_paid, double vendor_net,
                  double fee) {
  const double pflops = cards * ps.spec.tflops_bf16 / 1000.0;
  ps.out.units += cards;
  ps.out.pflops += pflops;
  if (workload == 0) ps.out.training_pflops += pflops;
  if (workload == 0 && !diverted) ps.out.legal_training_pflops += pflops;
  ps.out.spend_usd += cards * price_paid;
  if (!diverted) ps.out.legal_spend_usd += cards * price_paid;
  ps.out.vendor_revenue_usd += cards * vendor_net;
  ps.out.fee_usd += cards * fee;
  if (diverted) ps.out.diverted_units += cards;
}

/// What a delivery reads of a product, gathered once per quarter (not a ProductState per order).
struct ProductFacts {
  int vendor, eco;
  bool us, domestic;
  double lag, tflops;
};

std::vector<ProductFacts> product_facts(const MarketState& m, const std::vector<double>& lag) {
  std::vector<ProductFacts> facts(m.products.size());
  for (std::size_t pi = 0; pi < m.products.size(); ++pi) {
    const auto& ps = m.products[pi];
    facts[pi] = {ps.vendor,          ps.eco, ps.origin == Origin::US, ps.origin == Origin::DOMESTIC, lag[pi],
                 ps.spec.tflops_bf16};
  }
  return facts;
}

/// The buyer's installed compute (`installed`, by ecosystem) and the market's, from `cards`
/// of product f arriving.
[[gnu::always_inline]] inline void book_installed(double* installed, const ProductFacts& f, double cards,
                                                  std::vector<double>& new_by_eco, Totals& t) {
  const double pflops = cards * f.tflops / 1000.0;
  if (f.eco >= 0) {
    installed[f.eco] += pflops;
    new_by_eco[static_cast<std::size_t>(f.eco)] += pflops;
  }
  if (f.us) t.installed_us += pflops;
  if (f.domestic) t.installed_domestic += pflops;
}

const Option& quote_of(const MarketState& m, const Order& o) {
  return o.diverted ? m.quotes[o.product].grey : m.quotes[o.product].legal;
}

std::size_t pair_index(const MarketState& m, int product, int buyer) {
  return static_cast<std::size_t>(product) * m.buyers.size() + static_cast<std::size_t>(buyer);
}

}  // namespace

double delivery_lag(const MarketState& m, const ProductState& ps) {
  if (ps.vendor < 0) return 0.0;
  return m.vendors[static_cast<std::size_t>(ps.vendor)].spec->delivery_lag_days / MEAN_QUARTER_DAYS;
}

bool any_delivery_lag(const MarketState& m) {
  return std::any_of(m.vendors.begin(), m.vendors.end(),
                     [](const VendorState& v) { return v.spec->delivery_lag_days > 0; });
}

std::vector<double> deliver_orders(MarketState& m) {
  const std::size_t n_eco = m.s.ecosystems.size();
  // Installed compute retires exponentially with mean life accelerator_life_years.
  const double keep = std::exp(-0.25 / m.p.accelerator_life_years);
  for (auto& b : m.buyers)
    for (double& x : b.installed) x *= keep;
  m.installed_us *= keep;
  m.installed_domestic *= keep;
  std::vector<double> new_by_eco(n_eco, 0.0);
  const std::vector<double> lag = per_product(m, delivery_lag);  // not a division per order
  for (auto& v : m.vendors) v.filled = 0;
  Totals t{m.installed_us, m.installed_domestic, m.unmet};
  const std::vector<ProductFacts> facts = product_facts(m, lag);
  std::vector<double*> installed_of(m.buyers.size());  // each buyer's, not a BuyerAgent per order
  for (std::size_t bi = 0; bi < m.buyers.size(); ++bi) installed_of[bi] = m.buyers[bi].installed.data();
  for (const auto& sh : m.in_transit) {
    const double cards = sh.units * overlap(sh.from, sh.to, 0.0, 1.0);
    // At the prices of the quarter it was ordered in.
    book_product(m.products[sh.product], sh.workload, sh.diverted, cards, sh.price_paid, sh.vendor_net, sh.fee);
    book_installed(installed_of[static_cast<std::size_t>(sh.buyer)], facts[static_cast<std::size_t>(sh.product)], cards,
                   new_by_eco, t);
  }
  // This quarter's orders pay this quarter's quotes, one per product and route: their cards
  // are summed by product, route and workload and priced once (the sums of a product's
  // outcome in another order than per order: equal to rounding, docs/performance.md).
  std::vector<double> cards_by(m.products.size() * 2 * WORKLOADS, 0.0);  // [(product · 2 + grey) · WORKLOADS + w]
  for (const auto& o : m.orders) {
    const auto& f = facts[static_cast<std::size_t>(o.product)];
    // Between placing and launch nothing arrives: demand unmet. (An order cut when the market
    // re-opened was chosen again for the rest of the quarter.)
    // (Skipped when nothing is: adding +0 leaves m.unmet as it is, and most orders start as placed.)
    if (o.begin != o.placed)
      t.unmet += MarketState::to_pflops(o.units * (o.begin - o.placed) * o.service_per_card, o.workload);
    if (!o.diverted && f.vendor >= 0)
      m.vendors[static_cast<std::size_t>(f.vendor)].filled += o.units * o.ordered_share();
    const double cards = o.units * overlap(o.begin + f.lag, o.end + f.lag, 0.0, 1.0);
    cards_by[(static_cast<std::size_t>(o.product) * 2 + o.diverted) * WORKLOADS +
             static_cast<std::size_t>(o.workload)] += cards;
    book_installed(installed_of[static_cast<std::size_t>(o.buyer)], f, cards, new_by_eco, t);
  }
  for (std::size_t pi = 0; pi < m.products.size(); ++pi)
    for (int grey = 0; grey < 2; ++grey)
      for (int w = 0; w < WORKLOADS; ++w) {
        const double cards =
            cards_by[(pi * 2 + static_cast<std::size_t>(grey)) * WORKLOADS + static_cast<std::size_t>(w)];
        if (cards == 0) continue;
        const Option& q = grey ? m.quotes[pi].grey : m.quotes[pi].legal;
        book_product(m.products[pi], w, grey != 0, cards, q.price_paid, q.vendor_net, q.fee);
      }
  m.installed_us = t.installed_us;
  m.installed_domestic = t.installed_domestic;
  m.unmet = t.unmet;
  return new_by_eco;
}

void carry_undelivered(MarketState& m) {
  std::vector<Shipment> next;
  for (const auto& sh : m.in_transit)
    if (sh.to > 1.0) {
      Shipment c = sh;
      c.from = std::max(sh.from, 1.0) - 1.0;
      c.to = sh.to - 1.0;
      next.push_back(c);
    }
  if (!any_delivery_lag(m)) {  // nothing of this quarter's orders arrives later
    m.in_transit = std::move(next);
    return;
  }
  const std::vector<double> lags = per_product(m, delivery_lag);
  for (const auto& o : m.orders) {
    const double lag = lags[static_cast<std::size_t>(o.product)];
    if (lag <= 0 || o.end <= o.begin || o.end + lag <= 1.0) continue;
    const Option& q = quote_of(m, o);
    next.push_back({o.buyer, o.product, o.workload, o.diverted, o.units, o.service_per_card,
                    std::max(o.begin + lag, 1.0) - 1.0, o.end + lag - 1.0, q.price_paid, q.vendor_net, q.fee});
  }
  m.in_transit = std::move(next);
}

std::vector<signed char> pending_legality(MarketState& m, double t) {
  std::vector<signed char> before;
  if (m.in_transit.empty() && !any_delivery_lag(m)) return before;
  before.assign(m.products.size() * m.buyers.size(), -1);
  const auto note = [&](int product, int buyer) {
    before[pair_index(m, product, buyer)] =
        legal(m, static_cast<std::size_t>(product), static_cast<std::size_t>(buyer));
  };
  const std::vector<double> lag = per_product(m, delivery_lag);
  for (const auto& o : m.orders)
    if (!o.diverted && o.end > o.begin && o.end + lag[static_cast<std::size_t>(o.product)] > t)
      note(o.product, o.buyer);
  for (const auto& sh : m.in_transit)
    if (!sh.diverted && sh.to > t) note(sh.product, sh.buyer);
  return before;
}

void cancel_undeliverable(MarketState& m, double t, const std::vector<signed char>& before) {
  if (before.empty()) return;
  const auto stopped = [&](int product, int buyer) {
    return before[pair_index(m, product, buyer)] == 1 &&
           !legal(m, static_cast<std::size_t>(product), static_cast<std::size_t>(buyer));
  };
  const std::vector<double> lags = per_product(m, delivery_lag);
  for (auto& o : m.orders) {
    const double lag = lags[static_cast<std::size_t>(o.product)];
    if (o.diverted || o.end + lag <= t || !stopped(o.product, o.buyer)) continue;
    const double end = std::max(o.begin, std::min(o.end, t - lag));  // its cards stop arriving at t
    m.unmet += MarketState::to_pflops(o.units * (o.end - end) * o.service_per_card, o.workload);
    o.end = end;
  }
  for (auto& sh : m.in_transit) {
    if (sh.diverted || sh.to <= t || !stopped(sh.product, sh.buyer)) continue;
    const double to = std::max(sh.from, t);
    m.unmet += MarketState::to_pflops(sh.units * (sh.to - to) * sh.service_per_card, sh.workload);
    sh.to = to;
  }
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
