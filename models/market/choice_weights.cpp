#include "models/market/choice_weights.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/market/legality.h"
#include "models/market/market_state.h"

namespace cmsim::market {

using scenario::Origin;

namespace {

/// Readiness enters value and performance (eq. 2): U carries (β_value + β_perf)·ln r.
double performance_exponent(const scenario::ModelParameters& p) { return p.beta_value + p.beta_performance; }

/// The segment's part of U for product pi by route: everything but readiness and risk.
double segment_utility(const MarketState& m, const scenario::Buyer& seg, int w, const ProductState& ps,
                       const Option& o) {
  const auto& p = m.p;
  double u = performance_exponent(p) * ps.ln_x[w] - p.beta_value * o.ln_price;
  if (ps.origin == Origin::DOMESTIC && seg.state_owned) u += p.beta_state_domestic;
  u -= ps.penalty[static_cast<int>(seg.kind)];
  if (o.diverted) u -= p.diversion_penalty;
  return u;
}

}  // namespace

void ExpMemo::fit(std::size_t n) {
  if (u.size() == n) return;
  u.assign(n, std::numeric_limits<double>::quiet_NaN());
  value.assign(n, 0.0);
}

double ExpMemo::operator()(std::size_t i, double x) {
  if (x != u[i]) {  // the same u gives the same exp, bit for bit
    u[i] = x;
    value[i] = std::exp(x);
  }
  return value[i];
}

void weigh_choices(MarketState& m) {
  auto& cw = m.weights;
  const auto& p = m.p;
  const std::size_t np = m.products.size(), ns = m.s.buyers.size(), nb = m.buyers.size();
  cw.products = np;
  cw.ecosystems = m.s.ecosystems.size();
  cw.option.assign(ns * WORKLOADS * np * 2, 0.0);
  cw.option_exp.fit(cw.option.size());
  for (std::size_t si = 0; si < ns; ++si)
    for (int w = 0; w < WORKLOADS; ++w)
      for (std::size_t pi = 0; pi < np; ++pi) {
        const auto& ps = m.products[pi];
        const auto& qt = m.quotes[pi];
        if (!qt.orderable || !(ps.x[w] > 0)) continue;
        const std::size_t at = ((si * WORKLOADS + static_cast<std::size_t>(w)) * np + pi) * 2;
        cw.option[at] = cw.option_exp(at, segment_utility(m, m.s.buyers[si], w, ps, qt.legal));
        if (qt.grey_possible)
          cw.option[at + 1] = cw.option_exp(at + 1, segment_utility(m, m.s.buyers[si], w, ps, qt.grey));
      }
  const double k = performance_exponent(p);
  cw.readiness.assign(nb * WORKLOADS * cw.ecosystems, 0.0);
  cw.risk.assign(nb, 0.0);
  cw.readiness_exp.fit(cw.readiness.size());
  cw.risk_exp.fit(nb);
  for (std::size_t bi = 0; bi < nb; ++bi) {
    const auto& b = m.buyers[bi];
    for (int w = 0; w < WORKLOADS; ++w)
      for (std::size_t e = 0; e < cw.ecosystems && e < b.ln_readiness[w].size(); ++e)
        if (b.ln_readiness[w][e] != NEG_INF) {
          const std::size_t at = (bi * WORKLOADS + static_cast<std::size_t>(w)) * cw.ecosystems + e;
          cw.readiness[at] = cw.readiness_exp(at, k * b.ln_readiness[w][e]);
        }
    cw.risk[bi] = cw.risk_exp(bi, -p.beta_risk * b.risk);
  }
  cw.outside = std::exp(p.outside_utility);
  cw.order_begin.resize(np);
  for (std::size_t pi = 0; pi < np; ++pi)
    cw.order_begin[pi] = std::max(launch_fraction(m, m.products[pi]), m.segment_start);
  for (int k = 0; k < 4; ++k) cw.mandate[k] = m.regime.domestic_share_min(static_cast<scenario::BuyerKind>(k));
  // The menus: each option's weight and service once per segment, not once per round of
  // choice (an option without performance for the buyer is never chosen: left out). What
  // they read of a product, gathered first (not a ProductState per option).
  struct ProductFacts {
    int eco;
    bool us, domestic;
    double x[WORKLOADS];
  };
  std::vector<ProductFacts> facts(np);
  for (std::size_t pi = 0; pi < np; ++pi) {
    const auto& ps = m.products[pi];
    facts[pi] = {ps.eco, ps.origin == Origin::US, ps.origin == Origin::DOMESTIC, {ps.x[0], ps.x[1]}};
  }
  std::size_t items = 0;
  for (std::size_t bi = 0; bi < nb && bi < m.options.size(); ++bi) items += m.options[bi].size();
  cw.menu.resize(WORKLOADS * items);  // at most; cut to what was written at the end
  MenuItem* out = cw.menu.data();
  cw.menu_begin.assign(nb * WORKLOADS + 1, 0);
  for (std::size_t bi = 0; bi < nb && bi < m.options.size(); ++bi) {
    const auto& b = m.buyers[bi];
    for (int w = 0; w < WORKLOADS; ++w) {
      const auto wi = static_cast<std::size_t>(w);
      cw.menu_begin[bi * WORKLOADS + wi] = static_cast<std::size_t>(out - cw.menu.data());
      const double* by_product = cw.option.data() + (static_cast<std::size_t>(b.segment) * WORKLOADS + wi) * np * 2;
      const double* by_ecosystem = cw.readiness.data() + (bi * WORKLOADS + wi) * cw.ecosystems;
      const double* ready_by_eco = b.readiness[w].data();
      const double unit = w == 0 ? REF_TFLOPS / 1000.0 : REF_TBPS;
      const double risk = cw.risk[bi];
      for (const auto& o : m.options[bi]) {
        const auto& f = facts[static_cast<std::size_t>(o.product)];
        const double ready = f.eco >= 0 ? ready_by_eco[f.eco] : 0.0;
        const double perf = f.x[w] * ready;
        if (!(perf > 0)) continue;
        double x = by_product[static_cast<std::size_t>(o.product) * 2 + o.diverted] * by_ecosystem[f.eco];
        if (f.us) x *= risk;
        *out++ = {o.product, o.diverted, f.domestic, x, perf * unit};
      }
    }
  }
  cw.menu.resize(static_cast<std::size_t>(out - cw.menu.data()));
  cw.menu_begin.back() = cw.menu.size();
}

double option_weight(const MarketState& m, std::size_t bi, int w, const OptionKey& o) {
  const auto& cw = m.weights;
  const auto& ps = m.products[static_cast<std::size_t>(o.product)];
  if (ps.eco < 0) return 0.0;
  const auto seg = static_cast<std::size_t>(m.buyers[bi].segment);
  const auto wi = static_cast<std::size_t>(w);
  double x = cw.option[((seg * WORKLOADS + wi) * cw.products + static_cast<std::size_t>(o.product)) * 2 + o.diverted] *
             cw.readiness[(bi * WORKLOADS + wi) * cw.ecosystems + static_cast<std::size_t>(ps.eco)];
  if (ps.origin == Origin::US) x *= cw.risk[bi];
  return x;
}

double option_utility(const MarketState& m, std::size_t bi, int w, const OptionKey& o) {
  const auto& b = m.buyers[bi];
  const auto& seg = m.s.buyers[static_cast<std::size_t>(b.segment)];
  const auto& ps = m.products[static_cast<std::size_t>(o.product)];
  const auto& p = m.p;
  const double ready = ps.eco >= 0 ? b.readiness[w][static_cast<std::size_t>(ps.eco)] : 0.0;
  if (!(ps.x[w] * ready > 0)) return NEG_INF;
  const double ln_perf = ps.ln_x[w] + b.ln_readiness[w][static_cast<std::size_t>(ps.eco)];  // eq. 2, in logs
  // Written apart from segment_utility on purpose (the reference, and mutants of the
  // production terms must not find their text here).
  const bool us = ps.origin == Origin::US;
  const bool state_domestic = ps.origin == Origin::DOMESTIC && seg.state_owned;
  const auto& quote = m.quotes[static_cast<std::size_t>(o.product)];
  const double ln_price = (o.diverted ? quote.grey : quote.legal).ln_price;
  double u = p.beta_value * (ln_perf - ln_price) + p.beta_performance * ln_perf;
  if (us) u = u - p.beta_risk * b.risk;
  if (state_domestic) u = u + p.beta_state_domestic;
  u = u - ps.penalty[static_cast<std::size_t>(seg.kind)];
  if (o.diverted) u = u - p.diversion_penalty;
  return u;
}

}  // namespace cmsim::market
