#include "models/market/clearing.h"

#include <algorithm>
#include <array>
#include <limits>
#include <span>

#include "models/market/capacity.h"
#include "models/market/choice_weights.h"
#include "models/market/demand.h"
#include "models/market/order_book.h"

namespace cmsim::market {

namespace {

/// The regime's enforcement in force, as the diversion network asks for it.
DiversionFlow route_grey(const MarketState& m, double requested) {
  auto cap_mult = [&m](const std::string& r) { return m.regime.route_capacity_multiplier(r); };
  auto markup = [&m](const std::string& r) { return m.regime.route_markup_add(r); };
  return m.diversion.solve(requested, cap_mult, markup);
}

/// Licences with a volume cap (units per quarter, all buyers): pool k of each product
/// sold under one (−1: none), and each pool's cap.
struct LicencePools {
  std::vector<int> of_product;
  std::vector<double> left;
};

LicencePools licence_pools(const MarketState& m) {
  LicencePools p;
  p.of_product.assign(m.products.size(), -1);
  std::vector<const scenario::PolicyEvent*> events;
  for (std::size_t i = 0; i < m.products.size(); ++i) {
    const auto* e = m.products[i].licence;
    if (!e) continue;
    const double cap = e->as<scenario::LicenceRequirement>().volume_cap_units_per_quarter;
    if (!(cap > 0)) continue;
    auto it = std::find(events.begin(), events.end(), e);
    if (it == events.end()) {
      events.push_back(e);
      p.left.push_back(cap);
      it = events.end() - 1;
    }
    p.of_product[i] = static_cast<int>(it - events.begin());
  }
  return p;
}

}  // namespace

DiversionFlow grey_supply(const MarketState& m) { return route_grey(m, 0); }

namespace {

/// What is left to sell in this trading segment, and what is sold out.
struct Supply {
  std::vector<double> vendor_left;
  std::vector<char> vendor_full;
  double grey_left = 0;
  bool grey_full = false;
  LicencePools pools;  // a licence's volume cap rations like a vendor's capacity (a rate per quarter)
  std::vector<double> vendor_ratio, pool_ratio;  // a round's rationing (ration(); kept to reuse)
  std::vector<int> vendor_of;                    // by product (−1: none), read per order without ProductState
  ClosedOptions closed;                          // what this round does not offer (procurement.h)
  // The segment's grey orders' units after rationing, summed as ration() keeps them (in
  // the order of m.orders; price_grey routes them).
  double grey_kept = 0;
};

/// What is sold out, as the round's choices read it: by product · 2 + grey.
void close_sold_out(const MarketState& m, Supply& supply) {
  const std::size_t np = supply.vendor_of.size();
  supply.closed.resize(2 * np);
  bool any = false;
  for (std::size_t p = 0; p < np; ++p) {
    const int v = supply.vendor_of[p];
    supply.closed[2 * p] =
        (v >= 0 && supply.vendor_full[static_cast<std::size_t>(v)]) || (!m.licence_full.empty() && m.licence_full[p]);
    supply.closed[2 * p + 1] = supply.grey_full;
    any = any || supply.closed[2 * p] || supply.closed[2 * p + 1];
  }
  if (!any) supply.closed.clear();  // nothing closed: the choices skip the look-ups (procurement.h)
}

/// This round's tentative orders, summed by what rations them.
struct Wants {
  std::vector<double> vendor;
  std::vector<double> pool;
  double grey = 0;
};

/// Adds `tentative` to the round's tally `w`. Called on each buyer's orders as they are
/// placed (still in cache): the sums run over the round's orders in the same order.
void tally(std::span<const Order> tentative, const Supply& supply, Wants& w) {
  for (const auto& o : tentative) {
    if (o.diverted) {
      w.grey += o.units;
      continue;
    }
    if (const int v = supply.vendor_of[o.product]; v >= 0) w.vendor[v] += o.units;
    if (const int k = supply.pools.of_product[o.product]; k >= 0) w.pool[k] += o.units;
  }
}

/// Rations the orders from `first` pro rata by vendor, grey network and licence pool, drops
/// those left with nothing, and puts what was cut back into `remaining`. True if any was cut.
bool ration(MarketState& m, std::size_t first, const Wants& want, Supply& supply,
            std::vector<std::array<double, WORKLOADS>>& remaining) {
  for (auto& r : remaining) r = {0, 0};
  // Each rationer's ratio once, not a division per order (the same quotients): a vendor's is
  // 1 when it is not short, a pool's +∞ (it only lowers a vendor's ratio when short).
  auto& vendor_ratio = supply.vendor_ratio;
  vendor_ratio.assign(want.vendor.size(), 1.0);
  for (std::size_t v = 0; v < vendor_ratio.size(); ++v)
    if (want.vendor[v] > supply.vendor_left[v]) vendor_ratio[v] = supply.vendor_left[v] / want.vendor[v];
  auto& pool_ratio = supply.pool_ratio;
  pool_ratio.assign(want.pool.size(), std::numeric_limits<double>::infinity());
  for (std::size_t k = 0; k < pool_ratio.size(); ++k)
    if (want.pool[k] > supply.pools.left[k]) pool_ratio[k] = supply.pools.left[k] / want.pool[k];
  const double grey_ratio = want.grey > supply.grey_left ? supply.grey_left / want.grey : 1.0;
  // Each option's ratio once (a product's vendor's, lowered by its licence pool's; the grey
  // network's), not two look-ups and a branch per order.
  auto& ratio_of = m.scratch.ratio_of;
  ratio_of.resize(2 * supply.vendor_of.size());
  for (std::size_t p = 0; p < supply.vendor_of.size(); ++p) {
    double ratio = 1.0;
    if (const int v = supply.vendor_of[p]; v >= 0) ratio = vendor_ratio[v];
    if (const int k = supply.pools.of_product[p]; k >= 0) ratio = std::min(ratio, pool_ratio[k]);
    ratio_of[2 * p] = ratio;
    ratio_of[2 * p + 1] = grey_ratio;
  }
  bool any_short = false;
  std::size_t kept = first;
  for (std::size_t i = first; i < m.orders.size(); ++i) {
    Order& o = m.orders[i];
    const double ratio = ratio_of[2 * static_cast<std::size_t>(o.product) + o.diverted];
    const double served = o.units * ratio;
    if (ratio < 1.0) {
      any_short = true;
      remaining[o.buyer][o.workload] += (o.units - served) * o.service_per_card;
    }
    o.units = served;
    if (served > 0) {
      add_to_segment_book(m, o);
      if (o.diverted) supply.grey_kept += served;
      if (kept != i) m.orders[kept] = o;
      ++kept;
    }
  }
  m.orders.resize(kept);
  return any_short;
}

/// Takes what the round's orders (from `first`, after rationing) used from the supply, and
/// marks what is sold out so the next rounds do not offer it.
void use_up(MarketState& m, std::size_t first, const Wants& want, Supply& supply) {
  for (std::size_t v = 0; v < supply.vendor_left.size(); ++v) {
    const double used = std::min(want.vendor[v], supply.vendor_left[v]);
    supply.vendor_left[v] -= used;
    if (want.vendor[v] >= supply.vendor_left[v] + used && want.vendor[v] > 0 && supply.vendor_left[v] <= 1e-9)
      supply.vendor_full[v] = 1;
  }
  auto& pools = supply.pools;
  for (std::size_t k = 0; k < pools.left.size(); ++k) {
    // What the pool's orders kept after every ration (a vendor's may have cut them more).
    double kept_units = 0;
    for (std::size_t i = first; i < m.orders.size(); ++i)
      if (!m.orders[i].diverted && pools.of_product[m.orders[i].product] == static_cast<int>(k))
        kept_units += m.orders[i].units;
    pools.left[k] = std::max(0.0, pools.left[k] - kept_units);
    if (pools.left[k] <= 1e-9 && want.pool[k] > 0)
      for (std::size_t i = 0; i < m.products.size(); ++i)
        if (pools.of_product[i] == static_cast<int>(k)) m.licence_full[i] = 1;
  }
  supply.grey_left -= std::min(want.grey, supply.grey_left);
  if (supply.grey_left <= 1e-9 && want.grey > 0) supply.grey_full = true;
}

/// Grey flows: the network's min-cost routing of this segment's grey orders (`grey_units`
/// of them) sets what buyers actually pay.
void price_grey(MarketState& m, double grey_units) {
  if (grey_units <= 0) return;
  const DiversionFlow flow = route_grey(m, grey_units);
  for (auto& qt : m.quotes)
    if (qt.grey_possible) qt.grey.price_paid = m.products[qt.grey.product].spec.price_usd * (1.0 + flow.average_markup);
}

}  // namespace

ClearingResult clear_market(MarketState& m, const DiversionFlow& grey, ChoiceScratch& scratch) {
  const std::size_t nb = m.buyers.size();
  const std::size_t nv = m.vendors.size();
  weigh_choices(m);                          // exp U's factors under this segment's quotes, policy and risk
  m.segment_book.resize(m.products.size());  // a product added since: nothing of it on the book yet
  // Remaining service demand per buyer and workload; rounds of choice and rationing.
  std::vector<std::array<double, WORKLOADS>> remaining(nb);
  const DemandMultipliers shocks = demand_multipliers(m);  // by buyer kind, not per buyer
  for (std::size_t bi = 0; bi < nb; ++bi)
    for (int w = 0; w < WORKLOADS; ++w)
      remaining[bi][w] = std::max(0.0, demand_now(m, bi, w, shocks) - m.buyers[bi].owed[w]);
  Supply supply;
  supply.vendor_left.resize(nv);
  for (std::size_t v = 0; v < nv; ++v) supply.vendor_left[v] = vendor_capacity(m, m.vendors[v]);
  supply.vendor_full.assign(nv, 0);
  supply.grey_left = grey.capacity;
  supply.pools = licence_pools(m);
  supply.vendor_of.resize(m.products.size());
  for (std::size_t i = 0; i < m.products.size(); ++i) supply.vendor_of[i] = m.products[i].vendor;
  m.licence_full.assign(supply.pools.left.empty() ? 0 : m.products.size(), 0);
  double deferred = 0;
  // The segment's grey orders placed before this clearing (a re-opening at the fraction the
  // segment began keeps its orders in the segment): price_grey counts them first.
  for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i)
    if (m.orders[i].diverted) supply.grey_kept += m.orders[i].units;

  for (int round = 0; round < std::max(1, m.p.clearing_rounds); ++round) {
    // This round's tentative orders are appended to m.orders, rationed in place, and those
    // left with nothing are dropped.
    const std::size_t first = m.orders.size();
    close_sold_out(m, supply);
    Wants want{std::vector<double>(nv, 0.0), std::vector<double>(supply.pools.left.size(), 0.0), 0.0};
    for (std::size_t bi = 0; bi < nb; ++bi)
      for (int w = 0; w < WORKLOADS; ++w)
        if (remaining[bi][w] > 0) {
          const std::size_t placed = m.orders.size();
          choose(m, bi, w, supply.closed, remaining[bi][w], round == 0, scratch, deferred);
          tally(std::span<const Order>(m.orders.data() + placed, m.orders.size() - placed), supply, want);
        }
    const bool any_short = ration(m, first, want, supply, remaining);
    use_up(m, first, want, supply);
    if (!any_short) break;
  }
  double unmet = 0;
  for (std::size_t bi = 0; bi < nb; ++bi)
    unmet += MarketState::to_pflops(remaining[bi][0], 0) + MarketState::to_pflops(remaining[bi][1], 1);
  price_grey(m, supply.grey_kept);
  return {unmet, deferred, std::move(supply.vendor_left), supply.grey_left};
}

}  // namespace cmsim::market
