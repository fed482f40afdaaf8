#include "models/market/market_checkpoint.h"

#include <algorithm>
#include <stdexcept>

#include "models/market/catalogue.h"
#include "models/market/order_book.h"
#include "models/market/policy_reactions.h"

namespace cmsim::market {
namespace {

// A member added to MarketState must be copied by the fork constructor below: this stops
// compiling (wrong number of bindings) until the list, and the constructor, are updated.
[[maybe_unused]] void every_member_is_copied(const MarketState& m) {
  [[maybe_unused]] const auto& [s, p, rep, sched, timeline, regime, diversion, developers, result, keep_rows, metrics,
                                vendors, products, buyers, segment_listed, licence_full, orders, any_advance,
                                in_transit, current_quarter, quarter_first_day, quarter_last_day, quarter_days,
                                ln_taken_of, legal_cache, legal_quarter, policy_seen_products, policy_seen_rules,
                                policy_seen_gates, policy_seen_penalties, policy_seen_prices, quarter_open,
                                pending_writedown, unmet, deferred, installed_us, installed_domestic, segment_start,
                                segment_first, segment_book, book_time, segment_unmet_rate, segment_deferred_rate,
                                clearing_due, day_book_before, day_cause, scratch, weights, quotes, options, tasks,
                                construction_tasks, schedule_from, applied_events] = m;
}

[[noreturn]] void cannot_fork(const std::string& why) { throw std::logic_error("cannot fork the run: " + why); }

/// from.products index -> index in the fork (-1: dropped). `from`'s scenario products come
/// first, in scenario order; `to`'s must be a subsequence of them, each the same product;
/// derived products (redesigns, appended at run time) are kept, after them.
std::vector<int> product_map(const MarketState& from, const scenario::Scenario& to) {
  const std::size_t declared = from.s.products.size();
  std::vector<int> map(from.products.size(), -1);
  std::size_t j = 0;
  for (std::size_t i = 0; i < declared; ++i)
    if (j < to.products.size() && to.products[j].id == from.products[i].spec.id) {
      if (!(to.products[j] == from.products[i].spec)) cannot_fork("product " + to.products[j].id + " differs");
      map[i] = static_cast<int>(j++);
    }
  if (j != to.products.size()) cannot_fork("product " + to.products[j].id + " is not in the forked run");
  for (std::size_t i = declared; i < from.products.size(); ++i) map[i] = static_cast<int>(j++);
  return map;
}

int remapped(const std::vector<int>& map, int i) {
  const int k = map.at(static_cast<std::size_t>(i));
  if (k < 0) cannot_fork("a dropped product is still in use");
  return k;
}

std::size_t kept_count(const std::vector<int>& map) {
  std::size_t n = 0;
  for (const int k : map) n += k >= 0;
  return n;
}

/// Per-product rows of `stride` entries each, renumbered (dropped rows left out). A table
/// last sized before products were added has fewer rows than `map`: the ones it has.
template <class T>
std::vector<T> remap_rows(const std::vector<T>& v, const std::vector<int>& map, std::size_t stride) {
  if (stride == 0 || v.size() % stride != 0 || v.size() / stride > map.size()) return v;
  const std::size_t rows = v.size() / stride;
  std::vector<T> out;
  out.reserve(v.size());
  for (std::size_t i = 0; i < rows; ++i)
    if (map[i] >= 0)
      out.insert(out.end(), v.begin() + static_cast<std::ptrdiff_t>(i * stride),
                 v.begin() + static_cast<std::ptrdiff_t>((i + 1) * stride));
  return out;  // kept rows stay in order: renumbering preserves it
}

const scenario::PolicyEvent* rebound(const scenario::Scenario& to, const scenario::PolicyEvent* e) {
  if (!e) return nullptr;
  const auto* same = to.find_event(e->id);
  if (!same) cannot_fork("event " + e->id + " in force is not in the forked scenario");
  return same;
}

void remap_option(Option& o, const std::vector<int>& map) { o.product = remapped(map, o.product); }

/// The fork's products: `from`'s kept ones, renumbered, with `to`'s policy events and
/// launch conditions.
void copy_products(MarketState& m, const MarketState& from, const std::vector<int>& map) {
  const std::size_t declared = from.s.products.size();
  m.products.resize(kept_count(map));
  for (std::size_t i = 0; i < map.size(); ++i) {
    if (map[i] < 0) continue;
    auto& ps = m.products[static_cast<std::size_t>(map[i])];
    ps = from.products[i];
    if (i < declared) {  // a launch_requires event may happen in one scenario, not the other
      ps.exists = true;
      for (const auto& req : ps.spec.launch_requires) ps.exists = ps.exists && m.timeline.happens(req);
    }
    ps.licence = rebound(m.s, ps.licence);
    for (auto& g : ps.gates) g = rebound(m.s, g);
  }
}

/// Every product index held by orders, shipments in transit, allocations, options, the legality cache and quotes.
void remap_indices(MarketState& m, const MarketState& from, const std::vector<int>& map) {
  for (auto& o : m.orders) o.product = remapped(map, o.product);
  for (auto& sh : m.in_transit) sh.product = remapped(map, sh.product);
  for (auto& b : m.buyers)
    for (int w = 0; w < WORKLOADS; ++w) {
      for (auto& a : b.last_allocation[w]) a.product = remapped(map, a.product);
      for (auto& a : b.chosen[w]) a.product = remapped(map, a.product);
    }
  for (auto& by_buyer : m.options)
    for (auto& o : by_buyer) o.product = remapped(map, o.product);
  m.legal_cache = remap_rows(from.legal_cache, map, from.buyers.size());
  m.quotes = remap_rows(from.quotes, map, 1);
  for (auto& q : m.quotes)
    if (q.orderable) {
      remap_option(q.legal, map);
      if (q.grey_possible) remap_option(q.grey, map);
    }
}

/// The choice weights' per-product blocks, dropped products left out.
void remap_weights(MarketState& m, const MarketState& from, const std::vector<int>& map) {
  auto& weights = m.weights;
  if (weights.products == 0 || weights.products > map.size()) return;
  // option: [((segment · WORKLOADS + w) · products + p) · 2 + grey]: blocks of products × 2
  const std::size_t rows = weights.products;
  std::vector<double> option;
  option.reserve(weights.option.size());
  for (std::size_t start = 0; start + 2 * rows <= weights.option.size(); start += 2 * rows)
    for (std::size_t i = 0; i < rows; ++i)
      if (map[i] >= 0)
        option.insert(option.end(), weights.option.begin() + static_cast<std::ptrdiff_t>(start + 2 * i),
                      weights.option.begin() + static_cast<std::ptrdiff_t>(start + 2 * i + 2));
  weights.option = std::move(option);
  weights.order_begin = remap_rows(from.weights.order_begin, map, 1);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rows; ++i) kept += map[i] >= 0;
  weights.products = kept;
  weights.menu.clear();  // by product index too; the next clearing builds them (weigh_choices)
  weights.menu_begin.clear();
}

/// products.csv rows of the dropped products leave the fork's result.
void drop_rows(MarketState& m, const MarketState& from, const std::vector<int>& map) {
  std::vector<std::string> dropped;
  for (std::size_t i = 0; i < map.size(); ++i)
    if (map[i] < 0) dropped.push_back(from.products[i].spec.id);
  std::erase_if(m.result.products, [&](const ProductQuarter& row) {
    return std::find(dropped.begin(), dropped.end(), row.product) != dropped.end();
  });
}

}  // namespace

MarketState::MarketState(const MarketState& from, const scenario::Scenario& to)
    : s(to),
      p(to.parameters),
      rep(from.rep),
      sched(from.sched.now()),
      timeline(to, from.rep),
      regime(to),
      diversion(to.routes),
      developers(from.developers),
      result(from.result),
      keep_rows(from.keep_rows),
      vendors(from.vendors),
      buyers(from.buyers),
      segment_listed(from.segment_listed),
      licence_full(),  // by product, and only meaningful within one clearing (which sets it)
      orders(from.orders),
      any_advance(from.any_advance),
      in_transit(from.in_transit),
      current_quarter(from.current_quarter),
      quarter_first_day(from.quarter_first_day),
      quarter_last_day(from.quarter_last_day),
      quarter_days(from.quarter_days),
      ln_taken_of(from.ln_taken_of),
      quarter_open(from.quarter_open),
      pending_writedown(from.pending_writedown),
      unmet(from.unmet),
      deferred(from.deferred),
      installed_us(from.installed_us),
      installed_domestic(from.installed_domestic),
      segment_start(from.segment_start),
      segment_first(from.segment_first),
      segment_book(),  // by product: summed again from the orders once their products are renumbered
      book_time(from.book_time),
      segment_unmet_rate(from.segment_unmet_rate),
      segment_deferred_rate(from.segment_deferred_rate),
      clearing_due(from.clearing_due),
      day_book_before(from.day_book_before),
      day_cause(from.day_cause),
      scratch(from.scratch),
      weights(from.weights),
      options(from.options),
      applied_events(from.applied_events) {
  if (to.vendors.size() != from.vendors.size()) cannot_fork("the vendors differ");
  metrics = std::make_unique<metrics::QuarterMetrics>(result.timeseries, s, &result.share_denominators);
  for (std::size_t v = 0; v < vendors.size(); ++v) vendors[v].spec = &to.vendors[v];
  // The regime: `to`'s versions of the events applied so far, in the order they were.
  for (const auto& id : applied_events) {
    const auto* se = timeline.find(id);
    if (!se) cannot_fork("event " + id + " was applied but does not happen in the forked scenario");
    regime.apply(*se->event, se->effective);
  }
  // Products: dropped ones left out, indices renumbered everywhere they are held.
  const auto map = product_map(from, to);
  copy_products(*this, from, map);
  remap_indices(*this, from, map);
  remap_weights(*this, from, map);
  sum_segment_book(*this);
  if (keep_rows && products.size() < map.size()) drop_rows(*this, from, map);
}

std::unique_ptr<MarketState> fork_state(const MarketState& from, const scenario::Scenario& to, engine::Time at) {
  auto m = std::make_unique<MarketState>(from, to);
  const auto map = product_map(from, to);
  // `to`'s own construction tasks from `at` on, as its full run schedules them (their order
  // among themselves is all that matters: policy tasks tie only with policy tasks, and
  // every task `from` scheduled later comes after them in both runs)...
  m->schedule_from = at;
  schedule_policy(*m);
  for (std::size_t i = 0; i < to.products.size(); ++i) schedule_product(*m, static_cast<int>(i));
  m->construction_tasks = m->tasks.size();
  m->schedule_from = engine::Time{std::numeric_limits<std::int64_t>::min()};
  // ... then `from`'s pending quarter, redesign and end-of-sale tasks, in their order.
  for (std::size_t slot = 0; slot < from.tasks.size(); ++slot) {
    const Task& t = from.tasks[slot];
    if (!from.sched.is_pending(t.handle)) continue;
    const bool declared = slot < from.construction_tasks;
    using K = Task::Kind;
    if (t.kind == K::POLICY || t.kind == K::ANNOUNCEMENT || t.kind == K::LICENCES_OPEN || t.kind == K::LAUNCH ||
        (t.kind == K::RETIRE && declared))
      continue;  // `to`'s own, above
    Task copy = t;
    if (t.kind == K::RETIRE || t.kind == K::REDESIGN) copy.index = remapped(map, t.index);
    schedule(*m, t.time, t.phase, std::move(copy));
  }
  return m;
}

}  // namespace cmsim::market
