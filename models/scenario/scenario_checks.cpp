#include "models/scenario/scenario_checks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "models/scenario/event_resolution.h"
#include "models/scenario/limits.h"

namespace cmsim::scenario {
namespace {

std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

class Checker {
 public:
  Checker(BuiltScenario& b, ErrorList& errors) : b_(b), s_(b.scenario), errors_(errors) {}

  void run() {
    const auto eco = ids(s_.ecosystems, "ecosystems", "an ecosystem id");
    const auto ven = ids(s_.vendors, "vendors", "a vendor id");
    const auto pro = ids(s_.products, "products", "a product id");
    const auto buy = ids(s_.buyers, "buyers", "a buyer id");
    const auto rou = ids(s_.routes, "routes", "a route id");
    const auto evt = ids(s_.events, "events", "an event id");

    for (std::size_t i = 0; i < s_.products.size(); ++i) {
      const auto& p = s_.products[i];
      const std::string path = "products[" + std::to_string(i) + "]";
      ref(path + ".vendor", p.vendor, ven, "a vendor id");
      ref(path + ".ecosystem", p.ecosystem, eco, "an ecosystem id");
      for (std::size_t k = 0; k < p.launch_requires.size(); ++k)
        ref(path + ".launch_requires[" + std::to_string(k) + "]", p.launch_requires[k], evt, "an event id");
    }
    if (b_.where.count("headline.vendor")) ref("headline.vendor", s_.headline_vendor, ven, "a vendor id");
    if (b_.where.count("headline.ecosystem")) ref("headline.ecosystem", s_.headline_ecosystem, eco, "an ecosystem id");
    for (std::size_t i = 0; i < s_.vendors.size(); ++i)
      list_refs("vendors[" + std::to_string(i) + "].captive_buyers", s_.vendors[i].captive_buyers, buy, "a buyer id");
    for (std::size_t i = 0; i < s_.buyers.size(); ++i) {
      const std::string path = "buyers[" + std::to_string(i) + "].readiness.";
      for (const auto& [k, v] : s_.buyers[i].readiness_training) ref(path + "training." + k, k, eco, "an ecosystem id");
      for (const auto& [k, v] : s_.buyers[i].readiness_inference)
        ref(path + "inference." + k, k, eco, "an ecosystem id");
    }
    double share_sum = 0;
    for (const auto& [k, v] : s_.developers.initial_shares) {
      ref("developers.initial_shares." + k, k, eco, "an ecosystem id");
      share_sum += v;
    }
    if (!s_.developers.initial_shares.empty() && std::abs(share_sum - 1) > 1e-6)
      error("developers.initial_shares", "expected shares that sum to 1, got a sum of " + number(share_sum));

    for (std::size_t i = 0; i < s_.events.size(); ++i) {
      const auto& e = s_.events[i];
      const std::string path = "events[" + std::to_string(i) + "]";
      for (std::size_t k = 0; k < e.requires_.size(); ++k) {
        const std::string rp = path + ".requires[" + std::to_string(k) + "]";
        const std::string full = b_.where.count(rp + ".event") ? rp + ".event" : rp;
        if (e.requires_[k].event == e.id && !e.id.empty())
          error(full, "expected another event's id (an event cannot require itself), got \"" + e.id + "\"");
        else
          ref(full, e.requires_[k].event, evt, "an event id");
      }
      // Ids by what they name (products, buyers, vendors, routes), then the events it targets.
      const auto refs = id_references(e.instrument);
      const std::pair<IdKind, std::pair<const std::vector<std::string>*, const char*>> named[] = {
          {IdKind::PRODUCT, {&pro, "a product id"}},
          {IdKind::BUYER, {&buy, "a buyer id"}},
          {IdKind::VENDOR, {&ven, "a vendor id"}},
          {IdKind::ROUTE, {&rou, "a route id"}}};
      for (const auto& [kind, valid] : named)
        for (const auto& r : refs)
          if (r.refers_to == kind) list_refs(path + "." + std::string(r.key), *r.ids, *valid.first, valid.second);
      for (const auto& r : refs)
        if (r.refers_to == IdKind::EVENT) targets(i, r, evt);
    }
    cycles();
    lagged_dates();
    model_limits();
  }

 private:
  SourceLocation at(const std::string& path) const {
    // The closest recorded ancestor of the path (every node read was recorded).
    std::string p = path;
    while (!p.empty()) {
      if (auto it = b_.where.find(p); it != b_.where.end()) return it->second;
      const auto cut = p.find_last_of(".[");
      if (cut == std::string::npos) break;
      p.resize(cut);
    }
    return b_.root;
  }
  void error(const std::string& path, const std::string& what) { errors_.add(at(path), path, what); }

  template <typename T>
  std::vector<std::string> ids(const std::vector<T>& items, const std::string& list, const char* what) {
    std::vector<std::string> out;
    std::map<std::string, std::size_t> first;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string& id = items[i].id;
      if (id.empty()) continue;
      const std::string path = list + "[" + std::to_string(i) + "].id";
      if (auto [it, fresh] = first.emplace(id, i); !fresh)
        error(path, std::string("expected ") + what + " not used before, got \"" + id + "\" again (first at " +
                        at(list + "[" + std::to_string(it->second) + "].id").text() + ")");
      else
        out.push_back(id);
    }
    return out;
  }
  void ref(const std::string& path, const std::string& id, const std::vector<std::string>& valid, const char* what) {
    if (id.empty() || std::find(valid.begin(), valid.end(), id) != valid.end()) return;
    if (errors_.full())
      errors_.count_more();  // no "did you mean" over thousands of ids for errors nobody will see
    else
      error(path, unknown_name_message(what, id, valid));
  }
  /// What the model relies on beyond each value's own range (every one once an internal
  /// error): the developer network's shape, bounded agents, multipliers that compound.
  void model_limits() {
    long long buyers = 0;
    for (std::size_t i = 0; i < s_.buyers.size(); ++i) {
      buyers += s_.buyers[i].count;
      if (buyers > MAX_BUYER_AGENTS) {
        error("buyers[" + std::to_string(i) + "].count",
              "expected at most " + std::to_string(MAX_BUYER_AGENTS) +
                  " buyer agents over all segments (the sum of count), got " + std::to_string(buyers) +
                  " up to this segment");
        break;
      }
    }
    const auto& d = s_.developers;
    if (d.agents > 0) {
      if (s_.ecosystems.empty())
        error("developers.agents",
              "expected 0 agents when the scenario has no ecosystems, got " + std::to_string(d.agents));
      if (d.network == "small_world") {
        const std::string where =
            b_.where.count("developers.network.degree") ? "developers.network.degree" : "developers.agents";
        // The ring needs a vertex outside each agent's window of degree + 1 to rewire to
        // (Boost's generator searches for one without end otherwise).
        if (d.degree < 2 || d.degree % 2 != 0 || static_cast<long long>(d.degree) + 2 > d.agents)
          error(where, "expected a small-world degree that is even, at least 2 and at most agents - 2 (" +
                           std::to_string(static_cast<long long>(d.agents) - 2) + "), got degree " +
                           std::to_string(d.degree));
        else if (static_cast<long long>(d.agents) * d.degree > MAX_NETWORK_LINKS)
          error(where, "expected agents x degree of at most " + std::to_string(MAX_NETWORK_LINKS) +
                           " network links, got " + std::to_string(d.agents) + " x " + std::to_string(d.degree));
      }
    }
    compounding();
    // Optional really is optional: without initial shares developers start evenly spread.
    if (d.initial_shares.empty())
      for (const auto& e : s_.ecosystems)
        if (!e.id.empty()) s_.developers.initial_shares[e.id] = 1.0 / static_cast<double>(s_.ecosystems.size());
  }
  /// Multipliers that compound (a key table marks them, e.g. demand_multiplier): the product
  /// over all events of the kind stays finite and meaningful; one message per kind and key.
  void compounding() {
    std::map<std::string, double> product;  // by "kind.key"
    for (std::size_t i = 0; i < s_.events.size(); ++i)
      for (const auto& c : compounding_values(s_.events[i].instrument)) {
        const std::string kind(s_.events[i].kind()), key(c.key), path = "events[" + std::to_string(i) + "]." + key;
        double& p = product.try_emplace(kind + "." + key, 1.0).first->second;
        if (p > MAX_COMPOUND_MULTIPLIER) continue;  // reported
        p *= std::max(1.0, upper_value(path, c.value));
        if (p > MAX_COMPOUND_MULTIPLIER)
          error(path, "expected the " + key + "s of all " + kind + " events to multiply to at most " +
                          number(MAX_COMPOUND_MULTIPLIER) + ", got " + number(p) + " up to this event");
      }
  }
  /// A value's largest possible draw: its distribution's upper quantile when uncertain.
  double upper_value(const std::string& path, double value) const {
    for (const auto& u : s_.uncertain)
      if (u.path == path) return std::max(value, u.distribution.quantile(1 - 1e-6));
    return value;
  }
  void list_refs(const std::string& path, const std::vector<std::string>& ids, const std::vector<std::string>& valid,
                 const char* what) {
    for (std::size_t k = 0; k < ids.size(); ++k) ref(path + "[" + std::to_string(k) + "]", ids[k], valid, what);
  }
  /// The events an event acts on (lift, amend_rule, licence_requirement): known ids, not
  /// itself, and of the kind its key table asks for.
  void targets(std::size_t i, const IdReference& r, const std::vector<std::string>& evt) {
    const auto& e = s_.events[i];
    const std::string path = "events[" + std::to_string(i) + "]." + std::string(r.key);
    const auto& ids = *r.ids;
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const std::string tp = path + "[" + std::to_string(k) + "]";
      const PolicyEvent* t = s_.find_event(ids[k]);
      if (!t) {
        ref(tp, ids[k], evt, "an event id");
        continue;
      }
      if (t == &e) {
        error(tp, "expected another event's id (an event cannot target itself), got \"" + e.id + "\"");
      } else if (!r.target_kind.empty() && t->kind() != r.target_kind) {
        std::vector<std::string> valid;
        for (const auto& x : s_.events)
          if (x.kind() == r.target_kind && &x != &e) valid.push_back(x.id);
        const std::string what = with_article(r.target_kind) + " id";
        error(tp, unknown_name_message(what, t->id, valid) + " (it is a " + std::string(t->kind()) + ")");
      }
    }
  }
  /// Requires-cycles: depth-first search; each cycle is reported once, at its first event.
  void cycles() {
    const std::size_t n = s_.events.size();
    std::vector<int> state(n, 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::size_t> stack;
    std::set<std::size_t> reported;
    const auto index = [&](const std::string& id) -> std::optional<std::size_t> {
      for (std::size_t i = 0; i < n; ++i)
        if (s_.events[i].id == id) return i;
      return std::nullopt;
    };
    // Iterative DFS: a deep chain of requires must not overflow the stack.
    for (std::size_t start = 0; start < n; ++start) {
      if (state[start]) continue;
      std::vector<std::pair<std::size_t, std::size_t>> work{{start, 0}};
      state[start] = 1;
      stack.push_back(start);
      while (!work.empty()) {
        auto& [v, next] = work.back();
        const auto& reqs = s_.events[v].requires_;
        if (next < reqs.size()) {
          const auto w = index(reqs[next++].event);
          if (!w || *w == v) continue;
          if (state[*w] == 1) {
            const auto from = std::find(stack.begin(), stack.end(), *w);
            const std::size_t first = *std::min_element(from, stack.end());
            if (reported.insert(first).second) {
              std::string cycle;
              for (auto it = from; it != stack.end(); ++it) cycle += s_.events[*it].id + " -> ";
              cycle += s_.events[*w].id;
              error("events[" + std::to_string(first) + "].requires",
                    "expected no cycle of requires, got \"" + cycle + "\"");
            }
          } else if (state[*w] == 0) {
            state[*w] = 1;
            stack.push_back(*w);
            work.emplace_back(*w, 0);
          }
        } else {
          state[v] = 2;
          stack.pop_back();
          work.pop_back();
        }
      }
    }
  }
  /// Events dated by `lag_days` get the latest (required effective + lag), from the one
  /// event resolver (every requirement holding); what cannot be resolved (cycles, unknown
  /// ids) was reported above and keeps no date.
  void lagged_dates() {
    if (b_.events_dated_by_lag.empty()) return;
    const auto resolved = resolve_events(s_);
    for (const std::size_t i : b_.events_dated_by_lag) {
      const auto& r = resolved.events[i];
      if (!r) continue;
      if (r->effective.year() > Date::MAX_YEAR) {
        error("events[" + std::to_string(i) + "].requires",
              "expected lag_days that keep the event's date in the calendar (years up to " +
                  std::to_string(Date::MAX_YEAR) + "), got a date in " + std::to_string(r->effective.year()));
        continue;
      }
      s_.events[i].announced = s_.events[i].effective = r->effective;
    }
  }

  BuiltScenario& b_;
  Scenario& s_;
  ErrorList& errors_;
};

}  // namespace

void check_scenario(BuiltScenario& built, ErrorList& errors) { Checker(built, errors).run(); }

}  // namespace cmsim::scenario
