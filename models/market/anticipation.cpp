#include "models/market/anticipation.h"

#include <algorithm>
#include <span>

#include "models/market/legality.h"
#include "models/market/order_book.h"

namespace cmsim::market {

using scenario::Origin;

void anticipate(MarketState& m, ClearingResult& cleared) {
  if (m.p.anticipation_pull_forward <= 0) return;
  const engine::Date today = m.sched.today();
  // The policy once every announced, not yet effective, event is in force.
  std::optional<policy::PolicyRegime> future;
  for (const auto& se : m.timeline.happening())
    if (se.announced <= today && today < se.effective) {
      if (!future) future.emplace(m.regime);
      future->apply(*se.event, se.effective);
    }
  if (!future) return;
  const std::size_t np = m.products.size();
  std::vector<char> ends(np, 0);  // legal for someone now, for no one then
  for (std::size_t pi = 0; pi < np; ++pi) {
    const auto& ps = m.products[pi];
    if (banned_for_all(ps)) continue;
    const auto* licence = future->licence_for(ps.spec, ps.origin);
    ends[pi] = licence ? licence->as<scenario::LicenceRequirement>().grant_probability <= 0.0
                       : future->export_banned(ps.spec, ps.origin);
  }
  std::vector<char> listed_then(m.s.buyers.size(), 0);  // by segment: entity-listed then, not now
  for (std::size_t si = 0; si < m.s.buyers.size(); ++si)
    listed_then[si] = !m.segment_listed[si] && future->entity_listed(m.s.buyers[si].id);
  const auto stops = [&](const Order& o) {
    if (ends[o.product]) return true;
    return m.products[o.product].origin == Origin::US && listed_then[m.buyers[o.buyer].segment];
  };
  // A vendor's products the rules may stop at all (ended, or US while a listing is coming):
  // the pass below reads a byte per order, not the order's ProductState.
  const bool any_listed = std::find(listed_then.begin(), listed_then.end(), char{1}) != listed_then.end();
  std::vector<char> may_stop(np, 0);
  for (std::size_t pi = 0; pi < np; ++pi)
    may_stop[pi] = m.products[pi].vendor >= 0 && (ends[pi] || (any_listed && m.products[pi].origin == Origin::US));
  // What buyers would add, by vendor, then within what each vendor has left.
  const std::size_t segment_begin = segment_orders_begin(m);
  const std::size_t segment_end = m.orders.size();
  const std::size_t nv = m.vendors.size();
  std::vector<double> want_and_ratio(2 * nv, 0.0);  // one allocation: what is wanted, then each vendor's ratio
  const std::span<double> want(want_and_ratio.data(), nv), ratio_of(want_and_ratio.data() + nv, nv);
  std::vector<std::size_t> stopped;  // the orders the rules stop (few): the second pass visits only them
  for (std::size_t i = segment_begin; i < segment_end; ++i) {
    const auto& o = m.orders[i];
    if (!may_stop[o.product] || o.placed != m.segment_start || o.diverted || !stops(o)) continue;
    want[m.products[o.product].vendor] += m.p.anticipation_pull_forward * o.units;
    stopped.push_back(i);
  }
  for (std::size_t v = 0; v < nv; ++v)  // each vendor's ratio once, not a division per order
    ratio_of[v] = want[v] > cleared.vendor_left[v] ? cleared.vendor_left[v] / want[v] : 1.0;
  for (const std::size_t i : stopped) {
    const Order o = m.orders[i];  // a copy: the vector grows below
    const double ratio = ratio_of[m.products[o.product].vendor];
    Order extra = o;
    extra.units = m.p.anticipation_pull_forward * o.units * ratio;
    extra.advance = true;
    if (extra.units > 0) {
      m.orders.push_back(extra);
      m.any_advance = true;
      add_to_segment_book(m, extra);
    }
  }
  for (std::size_t v = 0; v < m.vendors.size(); ++v)
    cleared.vendor_left[v] -= std::min(want[v], cleared.vendor_left[v]);
}

}  // namespace cmsim::market
