#include "models/market/procurement.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "models/market/choice_weights.h"
#include "models/market/legality.h"

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
    const double fee_share = ps.licence ? ps.licence->as<scenario::LicenceRequirement>().fee_share : 0.0;
    const double price = ps.spec.price_usd * (1.0 + m.p.fee_pass_through * fee_share) * (1.0 - ps.subsidy);
    qt.legal = {static_cast<int>(pi),           false, price, price * (1.0 - fee_share), price * fee_share,
                std::log(price / REF_PRICE_USD)};
    qt.grey_possible = grey.capacity > 0 && divertible(ps);
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
  // The orderable products, once: most of the catalogue is not (launched later, retired).
  // With each, its vendor's captive list (null when it sells to every segment).
  std::vector<std::pair<std::size_t, const std::vector<char>*>> orderable;
  orderable.reserve(np);
  for (std::size_t pi = 0; pi < np; ++pi)
    if (m.quotes[pi].orderable) {
      const auto& serves = m.vendors[static_cast<std::size_t>(m.products[pi].vendor)].serves;
      orderable.emplace_back(pi, serves.empty() ? nullptr : &serves);
    }
  // Each orderable product's legality for a whole segment, once (segment_legality): only a
  // licence or import approval drawn per buyer leaves it to each buyer.
  const std::size_t ns = m.s.buyers.size();
  auto& verdict = m.scratch.segment_verdict;
  verdict.resize(orderable.size() * ns);
  for (std::size_t k = 0; k < orderable.size(); ++k)
    for (std::size_t si = 0; si < ns; ++si) verdict[k * ns + si] = segment_legality(m, orderable[k].first, si);
  // A segment where no buyer's own draw decides (every verdict is the segment's) gives each
  // of its buyers the same options: listed once, and its buyers' memo entries take the
  // verdicts (an entry already set holds the same answer: both are legality's, and
  // refresh_policy clears the memo whenever an answer could change). Its buyers are
  // contiguous (MarketState's constructor makes them segment by segment).
  auto& uniform = m.scratch.segment_uniform;
  auto& listed = m.scratch.segment_options;  // segment si's from listed_from[si] to listed_from[si + 1]
  auto& listed_from = m.scratch.segment_options_from;
  uniform.assign(ns, 1);
  listed.clear();
  listed_from.resize(ns + 1);
  for (std::size_t si = 0; si < ns; ++si) {
    listed_from[si] = listed.size();
    for (std::size_t k = 0; k < orderable.size(); ++k) {
      const auto& [pi, serves] = orderable[k];
      if (serves && !(*serves)[si]) continue;  // captive supply (below)
      const signed char v = verdict[k * ns + si];
      if (v < 0)
        uniform[si] = 0;
      else if (v == 1)
        listed.push_back({static_cast<int>(pi), false});
      else if (m.quotes[pi].grey_possible)
        listed.push_back({static_cast<int>(pi), true});
    }
  }
  listed_from[ns] = listed.size();
  for (std::size_t first = 0; first < nb;) {  // segment by segment: its buyers are [first, end)
    const auto segment = static_cast<std::size_t>(m.buyers[first].segment);
    std::size_t end = first + 1;
    while (end < nb && static_cast<std::size_t>(m.buyers[end].segment) == segment) ++end;
    if (uniform[segment]) {
      for (std::size_t k = 0; k < orderable.size(); ++k) {  // (a captive product's too: legality is the segment's)
        signed char* memo = m.legal_cache.data() + orderable[k].first * nb;
        const signed char v = verdict[k * ns + segment];
        for (std::size_t b = first; b < end; ++b)
          if (memo[b] < 0) memo[b] = v;
      }
      for (std::size_t bi = first; bi < end; ++bi) {
        m.options[bi].reserve(np);  // at most one option per product: no regrowth
        m.options[bi].assign(listed.begin() + static_cast<std::ptrdiff_t>(listed_from[segment]),
                             listed.begin() + static_cast<std::ptrdiff_t>(listed_from[segment + 1]));
      }
    } else {
      for (std::size_t bi = first; bi < end; ++bi) {
        m.options[bi].clear();
        m.options[bi].reserve(np);
        for (std::size_t k = 0; k < orderable.size(); ++k) {
          const auto& [pi, serves] = orderable[k];
          // Captive supply (T-Head for Alibaba, Kunlunxin for Baidu): other segments never see it.
          if (serves && !(*serves)[segment]) continue;
          if (legal_in_segment(m, pi, bi, verdict[k * ns + segment]))
            m.options[bi].push_back({static_cast<int>(pi), false});
          else if (m.quotes[pi].grey_possible)
            m.options[bi].push_back({static_cast<int>(pi), true});
        }
      }
    }
    first = end;
  }
}

void choice_probabilities(const MarketState& m, std::size_t bi, int w, const ClosedOptions& closed, ChoiceScratch& c) {
  // The buyer's menu less what is closed, plus the outside option (defer), last. The sums run
  // over the items in the menu's order, which is the options' (an option left out of the
  // menu, or closed, has exp U 0 and adds nothing).
  const auto& cw = m.weights;
  const std::size_t at = bi * WORKLOADS + static_cast<std::size_t>(w);
  const std::size_t first = cw.menu_begin[at], items = cw.menu_begin[at + 1] - first;
  c.menu = cw.menu.data() + first;
  // The buffers only grow (a resize per choice would write zeros into what grew back).
  if (c.offered.size() < items) c.offered.resize(items);
  if (c.weights.size() < items + 1) {
    c.weights.resize(items + 1);
    c.shares.resize(items + 1);
  }
  std::size_t n = 0;
  double total = 0;
  const bool any_closed = !closed.empty();  // empty: nothing closed (a clearing's first round)
  for (std::size_t j = 0; j < items; ++j) {
    const MenuItem& it = c.menu[j];
    if (any_closed && closed[static_cast<std::size_t>(it.product) * 2 + it.diverted]) continue;
    c.offered[n] = static_cast<std::uint32_t>(j);
    c.weights[n] = it.weight;
    total += it.weight;
    ++n;
  }
  c.n = n;
  // Deferring is always an option: rationed demand re-offered in later rounds may also be
  // deferred rather than forced onto products the buyer would not otherwise take.
  c.weights[n] = cw.outside;
  total += c.weights[n];
  for (std::size_t k = 0; k <= n; ++k) c.shares[k] = c.weights[k] / total;
}

namespace {

/// Contract inertia (eq. 2b): the buyer keeps a share κ of last quarter's allocation to the
/// options still on offer, less for an option that became worse (× exp(Δu) = the ratio of
/// its weights when its utility fell by Δu: a penalty or a price rise frees what it costs);
/// the rest, and what became unavailable, is chosen afresh.
void keep_contracts(const MarketState& m, const BuyerAgent& b, int w, ChoiceScratch& c) {
  const std::size_t n = c.n;
  const double kappa = m.p.contract_inertia;
  if (c.kept.size() < n) c.kept.resize(n);
  // Last quarter's allocation is matched to the offered options by walking both at once:
  // each lists at most one route per product, in ascending product order (the menu follows
  // the options, and the allocation was recorded in its menu's order; forks renumber
  // products monotonically).
  const auto& last = b.last_allocation[w];
  const std::size_t n_last = last.size();
  std::size_t j = 0;
  double kept_total = 0;
  for (std::size_t k = 0; k < n; ++k) {
    c.kept[k] = 0;
    if (c.weights[k] == 0) continue;
    const MenuItem& it = c.menu[c.offered[k]];
    while (j < n_last && last[j].product < it.product) ++j;
    if (j == n_last || last[j].product != it.product || last[j].diverted != it.diverted) continue;
    // min(1, w / w_last) without the division when the option did not become worse.
    c.kept[k] = last[j].share * (c.weights[k] >= last[j].weight ? 1.0 : c.weights[k] / last[j].weight);
    kept_total += c.kept[k];
  }
  const double fresh = 1.0 - kappa * kept_total;
  for (std::size_t k = 0; k < n; ++k) c.shares[k] = kappa * c.kept[k] + fresh * c.shares[k];
  c.shares[n] *= fresh;
}

/// A procurement mandate m mixes the choice: m · P_domestic-only + (1 − m) · P (§5.5).
void apply_mandate(double mandate, ChoiceScratch& c) {
  const std::size_t n = c.n;
  double dom_total = c.weights[n];  // deferring stays an option
  for (std::size_t k = 0; k < n; ++k)
    if (c.menu[c.offered[k]].domestic) dom_total += c.weights[k];
  for (std::size_t k = 0; k <= n; ++k) {
    const bool domestic = k == n || c.menu[c.offered[k]].domestic;
    const double dom_share = domestic ? c.weights[k] / dom_total : 0.0;
    c.shares[k] = mandate * dom_share + (1.0 - mandate) * c.shares[k];
  }
}

}  // namespace

void choose(MarketState& m, std::size_t bi, int w, const ClosedOptions& closed, double demand, bool first_round,
            ChoiceScratch& c, double& deferred) {
  auto& b = m.buyers[bi];
  const auto& seg = m.s.buyers[b.segment];
  choice_probabilities(m, bi, w, closed, c);
  const std::size_t n = c.n;
  if (first_round && m.p.contract_inertia > 0 && !b.last_allocation[w].empty()) keep_contracts(m, b, w, c);
  const double mandate = m.weights.mandate[static_cast<int>(seg.kind)];
  if (mandate > 0) apply_mandate(mandate, c);
  // The decision is remembered for next quarter's inertia (first round only): the share of
  // each option among those placed, with its weight, in the same pass as its order.
  std::vector<BuyerAgent::Allocation>* chosen = nullptr;
  const double placed_share = 1.0 - c.shares[n];
  if (first_round) {
    chosen = &b.chosen[w];
    chosen->clear();
    chosen->reserve(m.products.size());  // at most one per option, one option per product
    if (!(placed_share > 0)) chosen = nullptr;
  }
  // Read once: push_back may reallocate, so the compiler would reload them per order.
  const double* order_begin = m.weights.order_begin.data();
  const double placed = m.segment_start;
  const double* shares = c.shares.data();
  const double* weights = c.weights.data();
  const MenuItem* menu = c.menu;
  const std::uint32_t* offered = c.offered.data();
  for (std::size_t k = 0; k < n; ++k) {
    if (shares[k] <= 0) continue;
    const MenuItem& it = menu[offered[k]];
    if (chosen) chosen->push_back({it.product, it.diverted, shares[k] / placed_share, weights[k]});
    m.orders.push_back({.buyer = static_cast<int>(bi),
                        .product = it.product,
                        .workload = w,
                        .diverted = it.diverted,
                        .units = demand * shares[k] / it.service,
                        .service_per_card = it.service,
                        .begin = order_begin[it.product],
                        .placed = placed});
  }
  deferred += MarketState::to_pflops(demand * c.shares[n], w);
}

}  // namespace cmsim::market
