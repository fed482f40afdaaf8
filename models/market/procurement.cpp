#include "models/market/procurement.h"

#include <algorithm>
#include <cmath>

#include "models/market/legality.h"
#include "models/market/logit.h"

namespace cmsim::market {

using scenario::Origin;

void open_quarter(MarketState& m, engine::Quarter q) {
  m.current_quarter = q;
  m.quarter_first_day = q.first_day();
  m.quarter_last_day = q.last_day();
  m.quarter_days = days_between(m.quarter_first_day, m.quarter_last_day) + 1;
  m.quarter_open = true;
}

void quote_products(MarketState& m, const DiversionFlow& grey) {
  const std::size_t np = m.products.size();
  m.quotes.resize(np);
  for (std::size_t pi = 0; pi < np; ++pi) {
    const auto& ps = m.products[pi];
    auto& qt = m.quotes[pi];
    qt.orderable = orderable(m, ps);
    if (!qt.orderable) continue;
    const double fee_share = ps.licence ? ps.licence->fee_share : 0.0;
    const double price = ps.spec.price_usd * (1.0 + m.p.fee_pass_through * fee_share) * (1.0 - ps.subsidy);
    qt.legal = {static_cast<int>(pi),           false, price, price * (1.0 - fee_share), price * fee_share,
                std::log(price / REF_PRICE_USD)};
    qt.grey_possible = ps.origin == Origin::US && grey.capacity > 0 && ps.spec.tpp() > 0;
    if (qt.grey_possible) {
      const double grey_price = ps.spec.price_usd * (1.0 + grey.cheapest_markup);
      qt.grey = {static_cast<int>(pi), true, grey_price, 0.0, 0.0, std::log(grey_price / REF_PRICE_USD)};
    }
  }
}

void gather_options(MarketState& m) {
  const std::size_t np = m.products.size();
  const std::size_t nb = m.buyers.size();
  m.options.resize(nb);
  for (std::size_t bi = 0; bi < nb; ++bi) {
    m.options[bi].clear();
    for (std::size_t pi = 0; pi < np; ++pi) {
      const auto& qt = m.quotes[pi];
      if (!qt.orderable) continue;
      if (legal(m, pi, bi))
        m.options[bi].push_back(qt.legal);
      else if (qt.grey_possible)
        m.options[bi].push_back(qt.grey);
    }
  }
}

void choose(MarketState& m, std::size_t bi, int w, const std::vector<Option>& opts,
            const std::vector<char>& vendor_full, bool grey_full, double demand, bool first_round, ChoiceScratch& c,
            double& deferred) {
  auto& b = m.buyers[bi];
  const auto& seg = m.s.buyers[b.segment];
  const auto& p = m.p;
  const std::size_t n = opts.size();
  // Options plus the outside option (defer), last.
  c.utilities.assign(n + 1, NEG_INF);
  c.domestic_only.assign(n + 1, NEG_INF);
  c.service.assign(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    const auto& o = opts[k];
    const auto& ps = m.products[o.product];
    if (o.diverted ? grey_full : (ps.vendor >= 0 && vendor_full[ps.vendor])) continue;
    const double ready = ps.eco >= 0 ? b.readiness[w][ps.eco] : 0.0;
    const double perf = ps.x[w] * ready;
    if (!(perf > 0)) continue;
    c.service[k] = perf * (w == 0 ? REF_TFLOPS / 1000.0 : REF_TBPS);
    const double ln_perf = ps.ln_x[w] + b.ln_readiness[w][ps.eco];  // eq. 2, in logs
    double u = p.beta_value * (ln_perf - o.ln_price) + p.beta_performance * ln_perf;
    if (ps.origin == Origin::US) u -= p.beta_risk * b.risk;
    if (ps.origin == Origin::DOMESTIC && seg.state_owned) u += p.beta_state_domestic;
    u -= ps.penalty[static_cast<int>(seg.kind)];
    if (o.diverted) u -= p.diversion_penalty;
    c.utilities[k] = u;
    if (ps.origin == Origin::DOMESTIC) c.domestic_only[k] = u;
  }
  // Deferring is always an option: rationed demand re-offered in later rounds may also be
  // deferred rather than forced onto products the buyer would not otherwise take.
  c.utilities[n] = p.outside_utility;
  c.domestic_only[n] = c.utilities[n];
  c.shares.assign(n + 1, 0.0);
  logit_probabilities(c.utilities, c.shares);
  // Contract inertia (eq. 2b): the buyer keeps a share κ of last quarter's allocation to the
  // options still on offer, less for an option that became worse (× exp(Δu) when its
  // utility fell by Δu: a penalty or a price rise frees what it costs); the rest, and what
  // became unavailable, is chosen afresh.
  if (first_round && p.contract_inertia > 0 && !b.last_allocation[w].empty()) {
    c.kept.assign(n, 0.0);
    // Last quarter's allocation by (product, legal/grey), looked up in O(1): a product
    // appears at most once per route in it, as in the options.
    const auto& last = b.last_allocation[w];
    if (c.allocation_of.size() < 2 * m.products.size()) c.allocation_of.assign(2 * m.products.size(), -1);
    for (std::size_t j = 0; j < last.size(); ++j)
      c.allocation_of[2 * static_cast<std::size_t>(last[j].product) + last[j].diverted] = static_cast<int>(j);
    double kept_total = 0;
    for (std::size_t k = 0; k < n; ++k) {
      if (c.utilities[k] == NEG_INF) continue;
      const int j = c.allocation_of[2 * static_cast<std::size_t>(opts[k].product) + opts[k].diverted];
      if (j >= 0) c.kept[k] = last[j].share * std::min(1.0, std::exp(c.utilities[k] - last[j].utility));
      kept_total += c.kept[k];
    }
    for (const auto& a : last) c.allocation_of[2 * static_cast<std::size_t>(a.product) + a.diverted] = -1;
    const double fresh = 1.0 - p.contract_inertia * kept_total;
    for (std::size_t k = 0; k < n; ++k) c.shares[k] = p.contract_inertia * c.kept[k] + fresh * c.shares[k];
    c.shares[n] *= fresh;
  }
  const double mandate = m.regime.domestic_share_min(seg.kind);
  if (mandate > 0) {
    c.dom_shares.assign(n + 1, 0.0);
    logit_probabilities(c.domestic_only, c.dom_shares);
    double dom_total = 0;
    for (double x : c.dom_shares) dom_total += x;
    if (dom_total > 0)
      for (std::size_t k = 0; k <= n; ++k) c.shares[k] = mandate * c.dom_shares[k] + (1.0 - mandate) * c.shares[k];
  }
  if (first_round) {  // the decision, remembered for next quarter's inertia
    auto& chosen = b.chosen[w];
    chosen.clear();
    const double placed = 1.0 - c.shares[n];
    for (std::size_t k = 0; k < n && placed > 0; ++k)
      if (c.shares[k] > 0 && c.service[k] > 0)
        chosen.push_back({opts[k].product, opts[k].diverted, c.shares[k] / placed, c.utilities[k]});
  }
  for (std::size_t k = 0; k < n; ++k) {
    if (c.shares[k] <= 0 || c.service[k] <= 0) continue;
    const auto& o = opts[k];
    Order& ord = m.orders.emplace_back();  // filled in place: no temporary to copy
    ord.buyer = static_cast<int>(bi);
    ord.product = o.product;
    ord.workload = w;
    ord.service_per_card = c.service[k];
    ord.units = demand * c.shares[k] / c.service[k];
    ord.diverted = o.diverted;
    ord.begin = std::max(launch_fraction(m, m.products[o.product]), m.segment_start);
    ord.placed = m.segment_start;
  }
  deferred += MarketState::to_pflops(demand * c.shares[n], w);
}

}  // namespace cmsim::market
