#include "models/market/divergence.h"

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "models/policy/event_timeline.h"

namespace cmsim::market {
namespace {

using engine::Date;
using scenario::PolicyEvent;
using scenario::Product;
using scenario::Scenario;

// A member added to Scenario or MetricDefinition must be compared below (or said not to
// matter): these stop compiling (wrong number of bindings) until the lists are updated.
[[maybe_unused]] void every_scenario_member_is_judged(const Scenario& s, const scenario::MetricDefinition& d) {
  [[maybe_unused]] const auto& [name, description, path, start, end, seed, parameters, ecosystems, vendors, products,
                                buyers, developers, routes, events, metrics, headline_vendor, headline_ecosystem,
                                uncertain] = s;
  [[maybe_unused]] const auto& [metric_name, numerator, denominator, measure, where] = d;
}

bool same_metrics(const Scenario& a, const Scenario& b) {
  // Where a metric was declared (`where`) is for messages only.
  return std::equal(a.metrics.begin(), a.metrics.end(), b.metrics.begin(), b.metrics.end(),
                    [](const auto& x, const auto& y) {
                      return x.name == y.name && x.numerator == y.numerator && x.denominator == y.denominator &&
                             x.measure == y.measure;
                    });
}

}  // namespace

std::string static_difference(const Scenario& a, const Scenario& b) {
  if (a.start != b.start || a.end != b.end) return "the horizons differ";
  if (a.seed != b.seed) return "the seeds differ";
  if (!(a.parameters == b.parameters)) return "the model parameters differ";
  if (a.ecosystems != b.ecosystems) return "the ecosystems differ";
  if (a.vendors != b.vendors) return "the vendors differ";
  if (a.buyers != b.buyers) return "the buyers differ";
  if (!(a.developers == b.developers)) return "the developer populations differ";
  if (a.routes != b.routes) return "the trade routes differ";
  if (!same_metrics(a, b)) return "the metrics differ";
  if (a.headline_vendor != b.headline_vendor || a.headline_ecosystem != b.headline_ecosystem)
    return "the headline series differ";
  return "";
}

namespace {

/// Ids of `x` that are also in `y`, in `x`'s order.
template <class T>
std::vector<std::string> common_ids(const std::vector<T>& x, const std::vector<T>& y) {
  std::set<std::string> in_y;
  for (const auto& e : y) in_y.insert(e.id);
  std::vector<std::string> out;
  for (const auto& e : x)
    if (in_y.count(e.id)) out.push_back(e.id);
  return out;
}

using Side = PreparedScenario;

bool exists(const Side& side, const Product& p) {
  return std::all_of(p.launch_requires.begin(), p.launch_requires.end(),
                     [&](const std::string& id) { return side.timeline.happens(id); });
}

class Earliest {
 public:
  explicit Earliest(Date never) : date_(never) {}
  void at(Date d, const std::string& why) {
    if (d < date_) date_ = d, reason_ = why;
  }
  /// Every date of an event in either scenario: declared and resolved, announced and effective.
  void event(const Side& a, const Side& b, const std::string& id, const std::string& why) {
    for (const Side* side : {&a, &b}) {
      if (const auto* e = side->scenario.find_event(id)) {
        at(e->announced, why);
        at(e->effective, why);
      }
      if (const auto* r = side->timeline.find(id)) {
        at(r->announced, why);
        at(r->effective, why);
      }
    }
  }
  Divergence result() const { return {date_, reason_}; }

 private:
  Date date_;
  std::string reason_;
};

bool same_resolution(const Side& a, const Side& b, const std::string& id) {
  const auto* x = a.timeline.find(id);
  const auto* y = b.timeline.find(id);
  if (!x || !y) return !x && !y;
  return x->announced == y->announced && x->effective == y->effective;
}

bool mentions(const PolicyEvent& e, const std::set<std::string>& ids) {
  for (const auto& r : scenario::id_references(e.instrument))
    if (r.refers_to == scenario::IdKind::EVENT)
      for (const auto& t : *r.ids)
        if (ids.count(t)) return true;
  for (const auto& r : e.requires_)
    if (ids.count(r.event)) return true;
  return false;
}

/// Events that differ, and (transitively) those that name one in `targets` or `requires`.
std::set<std::string> differing_events(const Side& a, const Side& b) {
  std::set<std::string> out;
  for (const Side* side : {&a, &b})
    for (const auto& e : side->scenario.events) {
      const Side& other = side == &a ? b : a;
      const auto* same = other.scenario.find_event(e.id);
      if (!same || !(*same == e) || !same_resolution(a, b, e.id)) out.insert(e.id);
    }
  for (bool grew = true; grew;) {
    grew = false;
    for (const Side* side : {&a, &b})
      for (const auto& e : side->scenario.events)
        if (!out.count(e.id) && mentions(e, out)) grew = out.insert(e.id).second;
  }
  return out;
}

}  // namespace

PreparedScenario::PreparedScenario(const Scenario& s, std::uint64_t replication)
    : scenario(s), timeline(s, replication) {}

Divergence divergence(const Scenario& a, const Scenario& b, std::uint64_t replication) {
  return divergence(PreparedScenario(a, replication), PreparedScenario(b, replication));
}

Divergence divergence(const PreparedScenario& sa, const PreparedScenario& sb, bool same_statics) {
  const Scenario& a = sa.scenario;
  const Scenario& b = sb.scenario;
  if (!same_statics)
    if (auto why = static_difference(a, b); !why.empty()) return {a.start, why};
  if (common_ids(a.events, b.events) != common_ids(b.events, a.events))
    return {a.start, "the events are in another order"};
  if (common_ids(a.products, b.products) != common_ids(b.products, a.products))
    return {a.start, "the products are in another order"};
  for (const auto& p : a.products)
    if (const auto* q = b.find_product(p.id); q && !(*q == p)) return {a.start, "product " + p.id + " differs"};

  Earliest first(a.end.plus_days(1));
  for (const auto& id : differing_events(sa, sb)) first.event(sa, sb, id, "event " + id + " differs");
  for (const Side* side : {&sa, &sb})
    for (const auto& p : side->scenario.products) {
      const Side& other = side == &sa ? sb : sa;
      const auto* q = other.scenario.find_product(p.id);
      if (q && exists(*side, p) == exists(other, *q)) continue;
      const std::string why = "product " + p.id + (q ? " exists in one run only" : " is in one scenario only");
      first.at(p.launch.plus_days(-SCRIPTED_LAUNCH_LOOKAHEAD_DAYS), why);
      for (const auto& id : p.launch_requires) first.event(sa, sb, id, why);
    }
  return first.result();
}

bool products_nest(const Scenario& from, const Scenario& to) {
  std::size_t j = 0;
  for (const auto& p : from.products)
    if (j < to.products.size() && to.products[j].id == p.id) ++j;
  return j == to.products.size();
}

std::optional<engine::Time> fork_time(const Scenario& from, const Scenario& to, std::uint64_t replication) {
  return fork_time(PreparedScenario(from, replication), PreparedScenario(to, replication));
}

std::optional<engine::Time> fork_time(const PreparedScenario& from, const PreparedScenario& to, bool same_statics) {
  if (!products_nest(from.scenario, to.scenario)) return std::nullopt;
  const Divergence d = divergence(from, to, same_statics);
  const Date start = from.scenario.start;
  const Date end = from.scenario.end.plus_days(1);
  const Date quarter_start = d.date < end ? engine::Quarter::of(d.date).first_day() : end;
  if (quarter_start <= start) return std::nullopt;
  return quarter_start.start();
}

}  // namespace cmsim::market
