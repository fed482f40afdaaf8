#include "models/scenario/scenario_builder.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <initializer_list>
#include <limits>
#include <stdexcept>

#include "models/scenario/field_reader.h"
#include "models/scenario/limits.h"

namespace cmsim::scenario {
namespace {

using Keys = std::initializer_list<const char*>;

class Builder : public FieldReader {
 public:
  Builder(ErrorList& errors, BuiltScenario& out) : FieldReader(errors, out) {}

  void build(const YamlNode& root);

 private:
  static std::vector<std::string> keys(Keys k) { return std::vector<std::string>(k.begin(), k.end()); }
  /// A list of maps, each read by `item(index, node, path)`.
  template <typename T, typename F>
  void list_of(const YamlNode& root, const char* key, std::vector<T> Scenario::*field, F item) {
    const YamlNode* n = get(root, key);
    if (!n) return;
    remember(key, *n);
    if (!n->is_sequence()) {
      wrong(*n, key, "a list");
      return;
    }
    if (n->items.size() > MAX_LIST_ITEMS) {
      error(n->loc, key,
            "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " items, got " +
                std::to_string(n->items.size()));
      return;
    }
    (s_.*field).resize(n->items.size());
    for (std::size_t i = 0; i < n->items.size(); ++i) item(i, n->items[i], idx(key, i));
  }

  // --- sections ----------------------------------------------------------------------
  void parameters(const YamlNode& n);
  void ecosystem(std::size_t i, const YamlNode& n, const std::string& path);
  void milestones(std::size_t i, const YamlNode& n, const std::string& path);
  void vendor(std::size_t i, const YamlNode& n, const std::string& path);
  void product(std::size_t i, const YamlNode& n, const std::string& path);
  void buyer(std::size_t i, const YamlNode& n, const std::string& path);
  void developers(const YamlNode& n);
  void route(std::size_t i, const YamlNode& n, const std::string& path);
  void event(std::size_t i, const YamlNode& n, const std::string& path);
  void event_common(std::size_t i, const YamlNode& n, const std::string& path);
  void requirements(std::size_t i, const YamlNode& n, const std::string& path);
  void metrics(const YamlNode& n);
  std::optional<ProductSelector> selector(const YamlNode& n, const std::string& path);
};

void Builder::build(const YamlNode& root) {
  out_.root = root.loc;
  if (root.is_null()) {
    error(root.loc, "", "expected a scenario (a map of keys: name, description, horizon, ...), got an empty file");
    return;
  }
  if (!open_map(root, "",
                keys({"name", "description", "horizon", "seed", "parameters", "ecosystems", "vendors", "products",
                      "buyers", "developers", "routes", "events", "extends", "remove_events", "add_events", "metrics"}),
                "a scenario"))
    return;
  if (const YamlNode* n = need(root, "", "name"); n && text(*n, "name")) {
    const bool ok = !n->scalar.empty() && n->scalar.size() <= 100 &&
                    n->scalar.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (ok)
      s_.name = n->scalar;
    else
      wrong(*n, "name", "a name of lower-case letters, digits and '-'");
  }
  text_at(root, "", "description", s_.description, true);
  if (const YamlNode* h = need(root, "", "horizon");
      h && open_map(*h, "horizon", keys({"start", "end"}), "the horizon")) {
    date_at(*h, "horizon", "start", s_.start, true);
    date_at(*h, "horizon", "end", s_.end, true);
    const YamlNode* end = get(*h, "end");
    if (end && get(*h, "start") && s_.end <= s_.start && Date::parse(end->scalar) && s_.start != Date{})
      wrong(*end, "horizon.end", "a date after horizon.start (" + s_.start.iso() + ")");
    else if (end && Date::parse(end->scalar) && s_.end > MAX_HORIZON_END)
      wrong(*end, "horizon.end",
            "a date on or before " + MAX_HORIZON_END.iso() +
                " (the calendar ends in 2199 and a run needs the quarter after its last)");
    else if (end && get(*h, "start") && Date::parse(end->scalar) && s_.start != Date{} &&
             days_between(s_.start, s_.end) > MAX_HORIZON_DAYS)
      wrong(*end, "horizon.end",
            "a horizon of at most " + std::to_string(MAX_HORIZON_YEARS) + " years (after horizon.start " +
                s_.start.iso() + ")");
  }
  if (const YamlNode* n = get(root, "seed")) {
    remember("seed", *n);
    std::uint64_t v = 0;
    bool ok = n->is_scalar() && !n->quoted && !n->scalar.empty();
    if (ok) {
      auto [ptr, ec] = std::from_chars(n->scalar.data(), n->scalar.data() + n->scalar.size(), v);
      ok = ec == std::errc{} && ptr == n->scalar.data() + n->scalar.size();
    }
    if (ok)
      s_.seed = v;
    else
      wrong(*n, "seed", "a whole number >= 0");
  }
  if (const YamlNode* n = get(root, "parameters")) parameters(*n);
  list_of(root, "ecosystems", &Scenario::ecosystems,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { ecosystem(i, n, p); });
  list_of(root, "vendors", &Scenario::vendors,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { vendor(i, n, p); });
  list_of(root, "products", &Scenario::products,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { product(i, n, p); });
  list_of(root, "buyers", &Scenario::buyers,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { buyer(i, n, p); });
  if (const YamlNode* n = get(root, "developers")) developers(*n);
  list_of(root, "routes", &Scenario::routes,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { route(i, n, p); });
  list_of(root, "events", &Scenario::events,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { event(i, n, p); });
  if (const YamlNode* n = get(root, "metrics")) metrics(*n);  // last: it names vendors, products, ecosystems
}

void Builder::parameters(const YamlNode& n) {
  std::vector<std::string> names;
  for (const auto& spec : parameter_specs()) names.emplace_back(spec.name);
  if (!open_map(n, "parameters", names, "parameters", "a parameter name")) return;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const ParameterSpec* spec = find_parameter(n.keys[i].scalar);
    if (!spec || n.items[i].is_null()) continue;
    const std::string path = sub("parameters", n.keys[i].scalar);
    if (spec->field) {
      const auto field = spec->field;
      number(n.items[i], path, Bounds{spec->min, spec->max, false, "a number"},
             [field](Scenario& s) -> double& { return s.parameters.*field; });
    } else if (auto v = whole(n.items[i], path, static_cast<long long>(spec->min), static_cast<long long>(spec->max))) {
      s_.parameters.*(spec->int_field) = static_cast<int>(*v);
    }
  }
}

void Builder::ecosystem(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(
          n, path,
          keys({"id", "name", "origin", "initial_maturity", "vendor_investment_per_quarter", "milestones", "source"}),
          "an ecosystem"))
    return;
  Ecosystem& e = s_.ecosystems[i];
  id_at(n, path, "id", e.id);
  e.name = e.id;
  text_at(n, path, "name", e.name);
  if (const YamlNode* o = need(n, path, "origin"))
    if (auto v = origin(*o, sub(path, "origin"))) e.origin = *v;
  number_at(n, path, "initial_maturity", FRACTION,
            [i](Scenario& s) -> double& { return s.ecosystems[i].initial_maturity; });
  number_at(n, path, "vendor_investment_per_quarter", FRACTION,
            [i](Scenario& s) -> double& { return s.ecosystems[i].vendor_investment_per_quarter; });
  if (const YamlNode* m = get(n, "milestones")) milestones(i, *m, sub(path, "milestones"));
  text_at(n, path, "source", e.source);
}

void Builder::milestones(std::size_t i, const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (!n.is_sequence()) return wrong(n, path, "a list of {date, maturity_gain, description, source}");
  if (n.items.size() > MAX_LIST_ITEMS)
    return error(n.loc, path,
                 "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " items, got " +
                     std::to_string(n.items.size()));
  auto& list = s_.ecosystems[i].milestones;
  list.resize(n.items.size());
  for (std::size_t k = 0; k < n.items.size(); ++k) {
    const YamlNode& item = n.items[k];
    const std::string pp = idx(path, k);
    if (!open_map(item, pp, keys({"date", "maturity_gain", "description", "source"}), "a milestone")) continue;
    date_at(item, pp, "date", list[k].date, true);
    number_at(
        item, pp, "maturity_gain", FRACTION,
        [i, k](Scenario& s) -> double& { return s.ecosystems[i].milestones[k].maturity_gain; }, true);
    text_at(item, pp, "description", list[k].description);
    text_at(item, pp, "source", list[k].source);
    if (k > 0 && list[k].date < list[k - 1].date)
      if (const YamlNode* d = get(item, "date"); d && Date::parse(d->scalar))
        wrong(*d, sub(pp, "date"), "dates in order (not before " + list[k - 1].date.iso() + ")");
  }
}

void Builder::vendor(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(
          n, path,
          keys({"id", "name", "origin", "gross_margin", "capacity_units_per_quarter", "capacity_growth_per_quarter",
                "capacity_ceiling", "capacity_scale", "captive_buyers", "redesign", "source"}),
          "a vendor"))
    return;
  Vendor& v = s_.vendors[i];
  id_at(n, path, "id", v.id);
  v.name = v.id;
  text_at(n, path, "name", v.name);
  if (const YamlNode* o = need(n, path, "origin"))
    if (auto x = origin(*o, sub(path, "origin"))) v.origin = *x;
  number_at(n, path, "gross_margin", Bounds{0, 1, false, "a fraction"},
            [i](Scenario& s) -> double& { return s.vendors[i].gross_margin; });
  number_at(n, path, "capacity_units_per_quarter", QUANTITY,
            [i](Scenario& s) -> double& { return s.vendors[i].capacity_units_per_quarter; });
  number_at(n, path, "capacity_growth_per_quarter", GROWTH_PER_QUARTER,
            [i](Scenario& s) -> double& { return s.vendors[i].capacity_growth_per_quarter; });
  number_at(n, path, "capacity_scale", FACTOR, [i](Scenario& s) -> double& { return s.vendors[i].capacity_scale; });
  if (const YamlNode* c = get(n, "captive_buyers")) v.captive_buyers = id_list(*c, sub(path, "captive_buyers"));
  if (const YamlNode* c = get(n, "capacity_ceiling")) {
    const std::string cp = sub(path, "capacity_ceiling");
    remember(cp, *c);
    if (!c->is_sequence()) {
      wrong(*c, cp, "a list of {date, units_per_quarter}");
    } else if (c->items.size() > MAX_LIST_ITEMS) {
      error(c->loc, cp,
            "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " items, got " +
                std::to_string(c->items.size()));
    } else {
      v.capacity_ceiling.resize(c->items.size());
      for (std::size_t k = 0; k < c->items.size(); ++k) {
        const std::string pp = idx(cp, k);
        if (!open_map(c->items[k], pp, keys({"date", "units_per_quarter"}), "a capacity point")) continue;
        date_at(c->items[k], pp, "date", s_.vendors[i].capacity_ceiling[k].date, true);
        number_at(
            c->items[k], pp, "units_per_quarter", QUANTITY,
            [i, k](Scenario& s) -> double& { return s.vendors[i].capacity_ceiling[k].units_per_quarter; }, true);
        if (k > 0 && s_.vendors[i].capacity_ceiling[k].date <= s_.vendors[i].capacity_ceiling[k - 1].date)
          if (const YamlNode* d = get(c->items[k], "date"); d && Date::parse(d->scalar))
            wrong(*d, sub(pp, "date"),
                  "dates in increasing order (after " + v.capacity_ceiling[k - 1].date.iso() + ")");
      }
    }
  }
  if (const YamlNode* r = get(n, "redesign")) {
    const std::string rp = sub(path, "redesign");
    if (open_map(*r, rp, keys({"probability", "lag_days", "margin", "price_ratio"}), "a redesign")) {
      v.redesign.emplace();
      number_at(*r, rp, "probability", PROBABILITY,
                [i](Scenario& s) -> double& { return s.vendors[i].redesign->probability; });
      number_at(*r, rp, "lag_days", LAG, [i](Scenario& s) -> double& { return s.vendors[i].redesign->lag_days; });
      number_at(*r, rp, "margin", FRACTION, [i](Scenario& s) -> double& { return s.vendors[i].redesign->margin; });
      number_at(*r, rp, "price_ratio", Bounds{0, 1000, true, "a number"},
                [i](Scenario& s) -> double& { return s.vendors[i].redesign->price_ratio; });
    }
  }
  text_at(n, path, "source", s_.vendors[i].source);
}

void Builder::product(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path,
                keys({"id", "name", "vendor", "ecosystem", "launch", "end_of_sale", "tflops_bf16", "memory_gb",
                      "memory_bandwidth_tbps", "interconnect_gbps", "die_area_mm2", "price_usd", "unit_cost_usd",
                      "china_specific", "uses_hbm", "launch_requires", "source"}),
                "a product"))
    return;
  Product& p = s_.products[i];
  p.line = n.loc.line;
  id_at(n, path, "id", p.id);
  p.name = p.id;
  text_at(n, path, "name", p.name);
  id_at(n, path, "vendor", p.vendor);
  id_at(n, path, "ecosystem", p.ecosystem);
  date_at(n, path, "launch", p.launch, true);
  if (const YamlNode* e = get(n, "end_of_sale"))
    if (auto d = date(*e, sub(path, "end_of_sale"))) {
      p.end_of_sale = *d;
      if (get(n, "launch") && *d < p.launch && p.launch != Date{})
        wrong(*e, sub(path, "end_of_sale"), "a date on or after launch (" + p.launch.iso() + ")");
    }
  const auto field = [&](const char* key, double Product::*m) {
    number_at(
        n, path, key, SPEC, [i, m](Scenario& s) -> double& { return s.products[i].*m; }, true);
  };
  field("tflops_bf16", &Product::tflops_bf16);
  field("memory_gb", &Product::memory_gb);
  field("memory_bandwidth_tbps", &Product::memory_bandwidth_tbps);
  field("interconnect_gbps", &Product::interconnect_gbps);
  field("die_area_mm2", &Product::die_area_mm2);
  field("price_usd", &Product::price_usd);
  if (get(n, "unit_cost_usd")) {
    s_.products[i].unit_cost_usd = 0;
    number_at(n, path, "unit_cost_usd", SPEC, [i](Scenario& s) -> double& { return *s.products[i].unit_cost_usd; });
  }
  flag_at(n, path, "china_specific", s_.products[i].china_specific);
  flag_at(n, path, "uses_hbm", s_.products[i].uses_hbm);
  if (const YamlNode* l = get(n, "launch_requires"))
    s_.products[i].launch_requires = id_list(*l, sub(path, "launch_requires"));
  text_at(n, path, "source", s_.products[i].source);
}

void Builder::buyer(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path,
                keys({"id", "name", "kind", "count", "state_owned", "entity_listed", "training_pflops_per_quarter",
                      "inference_tbps_per_quarter", "demand_growth_annual", "demand_growth_sd", "readiness",
                      "initial_us_risk", "source"}),
                "a buyer"))
    return;
  Buyer& b = s_.buyers[i];
  id_at(n, path, "id", b.id);
  b.name = b.id;
  text_at(n, path, "name", b.name);
  if (const YamlNode* k = need(n, path, "kind"))
    if (auto v = enumerated<BuyerKind>(*k, sub(path, "kind"), buyer_kind_from_string,
                                       {"cloud", "lab", "state", "enterprise"}, "a buyer kind"))
      b.kind = *v;
  integer_at(n, path, "count", 1, MAX_BUYER_AGENTS, [i](Scenario& s) -> int& { return s.buyers[i].count; });
  flag_at(n, path, "state_owned", b.state_owned);
  flag_at(n, path, "entity_listed", b.entity_listed);
  number_at(n, path, "training_pflops_per_quarter", QUANTITY,
            [i](Scenario& s) -> double& { return s.buyers[i].training_pflops_per_quarter; });
  number_at(n, path, "inference_tbps_per_quarter", QUANTITY,
            [i](Scenario& s) -> double& { return s.buyers[i].inference_tbps_per_quarter; });
  number_at(n, path, "demand_growth_annual", Bounds{-1, 100, true, "a growth rate"},
            [i](Scenario& s) -> double& { return s.buyers[i].demand_growth_annual; });
  number_at(n, path, "demand_growth_sd", GROWTH_SD,
            [i](Scenario& s) -> double& { return s.buyers[i].demand_growth_sd; });
  if (const YamlNode* r = get(n, "readiness")) {
    const std::string rp = sub(path, "readiness");
    if (open_map(*r, rp, keys({"training", "inference"}), "readiness")) {
      if (const YamlNode* t = get(*r, "training"))
        number_map(*t, sub(rp, "training"), FRACTION,
                   [i](Scenario& s) -> std::map<std::string, double>& { return s.buyers[i].readiness_training; });
      if (const YamlNode* t = get(*r, "inference"))
        number_map(*t, sub(rp, "inference"), FRACTION,
                   [i](Scenario& s) -> std::map<std::string, double>& { return s.buyers[i].readiness_inference; });
    }
  }
  number_at(n, path, "initial_us_risk", PROBABILITY,
            [i](Scenario& s) -> double& { return s.buyers[i].initial_us_risk; });
  text_at(n, path, "source", s_.buyers[i].source);
}

void Builder::developers(const YamlNode& n) {
  const std::string path = "developers";
  if (!open_map(n, path,
                keys({"developers", "growth_per_quarter", "attrition_per_quarter", "agents", "initial_shares",
                      "network", "source"}),
                "the developers section"))
    return;
  number_at(n, path, "developers", QUANTITY, [](Scenario& s) -> double& { return s.developers.developers; });
  number_at(n, path, "growth_per_quarter", GROWTH_PER_QUARTER,
            [](Scenario& s) -> double& { return s.developers.growth_per_quarter; });
  number_at(n, path, "attrition_per_quarter", FRACTION,
            [](Scenario& s) -> double& { return s.developers.attrition_per_quarter; });
  integer_at(n, path, "agents", 0, MAX_DEVELOPER_AGENTS, [](Scenario& s) -> int& { return s.developers.agents; });
  if (const YamlNode* sh = get(n, "initial_shares"))
    number_map(*sh, sub(path, "initial_shares"), FRACTION,
               [](Scenario& s) -> std::map<std::string, double>& { return s.developers.initial_shares; });
  if (const YamlNode* net = get(n, "network")) {
    const std::string np = sub(path, "network");
    if (open_map(*net, np, keys({"generator", "degree", "rewire_probability"}), "a network")) {
      if (const YamlNode* g = get(*net, "generator")) {
        remember(sub(np, "generator"), *g);
        const std::vector<std::string> gens = {"small_world", "complete", "none"};
        if (!g->is_scalar() || std::find(gens.begin(), gens.end(), g->scalar) == gens.end())
          error(g->loc, sub(np, "generator"), unknown_name_message("a network generator", g->scalar, gens));
        else
          s_.developers.network = g->scalar;
      }
      integer_at(*net, np, "degree", 0, 1000, [](Scenario& s) -> int& { return s.developers.degree; });
      number_at(*net, np, "rewire_probability", PROBABILITY,
                [](Scenario& s) -> double& { return s.developers.rewire_probability; });
    }
  }
  text_at(n, path, "source", s_.developers.source);
}

void Builder::route(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, keys({"id", "from", "to", "capacity_units_per_quarter", "markup", "source"}), "a route"))
    return;
  TradeRoute& r = s_.routes[i];
  id_at(n, path, "id", r.id);
  id_at(n, path, "from", r.from);
  id_at(n, path, "to", r.to);
  number_at(n, path, "capacity_units_per_quarter", QUANTITY,
            [i](Scenario& s) -> double& { return s.routes[i].capacity_units_per_quarter; });
  number_at(n, path, "markup", FACTOR, [i](Scenario& s) -> double& { return s.routes[i].markup; });
  text_at(n, path, "source", s_.routes[i].source);
}

void Builder::requirements(std::size_t i, const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (!n.is_sequence()) {
    wrong(n, path, "a list of event ids or {event, probability, lag_days}");
    return;
  }
  if (n.items.size() > MAX_LIST_ITEMS) {
    error(n.loc, path,
          "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " requirements, got " +
              std::to_string(n.items.size()));
    return;
  }
  for (std::size_t k = 0; k < n.items.size(); ++k) {
    const YamlNode& item = n.items[k];
    const std::string p = idx(path, k);
    Requirement r;
    if (item.is_scalar()) {
      if (auto t = id(item, p)) r.event = *t;
      s_.events[i].requires_.push_back(r);
      continue;
    }
    if (!open_map(item, p, keys({"event", "probability", "lag_days"}), "a requirement")) continue;
    id_at(item, p, "event", r.event);
    s_.events[i].requires_.push_back(r);
    const std::size_t slot = s_.events[i].requires_.size() - 1;
    number_at(item, p, "probability", PROBABILITY,
              [i, slot](Scenario& s) -> double& { return s.events[i].requires_[slot].probability; });
    if (get(item, "lag_days")) {
      s_.events[i].requires_[slot].lag_days = 0;
      number_at(item, p, "lag_days", LAG,
                [i, slot](Scenario& s) -> double& { return *s.events[i].requires_[slot].lag_days; });
    }
  }
}

void Builder::event(std::size_t i, const YamlNode& n, const std::string& path) {
  static const std::vector<std::string> common = {"id",        "kind",   "description", "announced",
                                                  "effective", "source", "requires",    "risk_shock"};
  PolicyEvent& e = s_.events[i];
  e.line = n.loc.line;
  // The kind decides which keys are valid; without a valid kind accept all of them.
  const InstrumentKind* kind = nullptr;
  if (const YamlNode* k = n.is_map() ? get(n, "kind") : nullptr) {
    remember(sub(path, "kind"), *k);
    if (!k->is_scalar())
      wrong(*k, sub(path, "kind"), "an event kind");
    else if (!(kind = find_instrument_kind(k->scalar)))
      error(k->loc, sub(path, "kind"), unknown_name_message("an event kind", k->scalar, instrument_kind_names()));
  } else if (n.is_map()) {
    need(n, path, "kind");
  }
  std::vector<std::string> allowed = common;
  for (const auto& k : instrument_kinds())
    if (!kind || &k == kind) allowed.insert(allowed.end(), k.keys.begin(), k.keys.end());
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  const std::string what = kind ? "an " + std::string(kind->name) + " event" : "an event";
  if (!open_map(n, path, allowed, what.c_str())) return;
  event_common(i, n, path);
  if (kind) kind->read(*this, n, path, i);
}

void Builder::event_common(std::size_t i, const YamlNode& n, const std::string& path) {
  PolicyEvent& e = s_.events[i];
  id_at(n, path, "id", e.id);
  text_at(n, path, "description", e.description);
  text_at(n, path, "source", e.source, true);
  if (const YamlNode* r = get(n, "requires")) requirements(i, *r, sub(path, "requires"));
  // With `requires: [{..., lag_days}]` the dates follow the required event (set by the checks).
  const bool lagged =
      std::any_of(e.requires_.begin(), e.requires_.end(), [](const Requirement& r) { return r.lag_days.has_value(); });
  if (lagged) {
    for (const char* k : {"announced", "effective"})
      if (const YamlNode* d = get(n, k))
        wrong(*d, sub(path, k), "no date when requires has lag_days (the dates follow the required event)");
    out_.events_dated_by_lag.push_back(i);
  } else {
    date_at(n, path, "announced", s_.events[i].announced, true);
    date_at(n, path, "effective", s_.events[i].effective, true);
    const PolicyEvent& ev = s_.events[i];
    if (get(n, "announced") && get(n, "effective") && ev.effective < ev.announced && ev.announced != Date{} &&
        ev.effective != Date{})
      wrong(*get(n, "effective"), sub(path, "effective"), "a date on or after announced (" + ev.announced.iso() + ")");
  }
  number_at(n, path, "risk_shock", PROBABILITY, [i](Scenario& s) -> double& { return s.events[i].risk_shock; });
}

// --- metrics: user-defined series (docs/scenarios.md) --------------------------------

void Builder::metrics(const YamlNode& n) {
  remember("metrics", n);
  if (!n.is_sequence()) return wrong(n, "metrics", "a list of metric definitions");
  std::map<std::string, std::string> first;  // name -> where it was defined
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const YamlNode& m = n.items[i];
    const std::string path = idx("metrics", i);
    if (!open_map(m, path, keys({"name", "numerator", "denominator", "measure", "description"}), "a metric")) continue;
    MetricDefinition d;
    bool ok = true;
    if (const YamlNode* v = need(m, path, "name")) {
      const auto t = text(*v, sub(path, "name"));
      if (t && !t->empty() && t->size() <= 100 &&
          t->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos) {
        d.name = *t, d.where = v->loc;
        if (auto [it, fresh] = first.emplace(d.name, v->loc.text()); !fresh)
          ok = false, wrong(*v, sub(path, "name"), "a name not used before (first at " + it->second + ")");
      } else {
        ok = false;
        if (t) wrong(*v, sub(path, "name"), "a name of lower-case letters, digits and '_'");
      }
    } else {
      ok = false;
    }
    if (const YamlNode* v = need(m, path, "numerator")) {
      auto sel = selector(*v, sub(path, "numerator"));
      ok = ok && sel.has_value();
      if (sel) d.numerator = *sel;
    } else {
      ok = false;
    }
    if (const YamlNode* v = get(m, "denominator")) {
      d.denominator = selector(*v, sub(path, "denominator"));
      ok = ok && d.denominator.has_value();
    }
    if (const YamlNode* v = need(m, path, "measure")) {
      auto x = enumerated<MetricMeasure>(*v, sub(path, "measure"), metric_measure_from_string, metric_measure_names(),
                                         "a measure");
      ok = ok && x.has_value();
      if (x) d.measure = *x;
    } else {
      ok = false;
    }
    if (const YamlNode* v = get(m, "description")) text(*v, sub(path, "description"));
    if (ok) s_.metrics.push_back(std::move(d));
  }
}

std::optional<ProductSelector> Builder::selector(const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (n.is_scalar() && !n.quoted && n.scalar == "all") return ProductSelector{};
  if (!n.is_map()) {
    wrong(n, path, "all or a product selector {vendors, origins, ecosystems, products, tpp_min}");
    return std::nullopt;
  }
  if (!open_map(n, path, keys({"vendors", "origins", "ecosystems", "products", "tpp_min"}), "a product selector"))
    return std::nullopt;
  ProductSelector sel;
  const std::size_t before = errors_.size();
  // The lists name what the scenario declares (read before this section).
  const auto named = [&](const char* key, std::vector<std::string>& out, auto& declared, const char* what) {
    const YamlNode* v = get(n, key);
    if (!v) return;
    out = id_list(*v, sub(path, key));
    std::vector<std::string> valid;
    for (const auto& x : declared) valid.push_back(x.id);
    for (std::size_t k = 0; k < out.size(); ++k)
      if (std::find(valid.begin(), valid.end(), out[k]) == valid.end())
        error(v->items[k].loc, idx(sub(path, key), k), unknown_name_message(what, out[k], valid));
  };
  named("vendors", sel.vendors, s_.vendors, "a vendor id");
  named("ecosystems", sel.ecosystems, s_.ecosystems, "an ecosystem id");
  named("products", sel.products, s_.products, "a product id");
  if (const YamlNode* v = get(n, "origins")) sel.origins = origin_list(*v, sub(path, "origins"));
  if (const YamlNode* v = get(n, "tpp_min")) {
    const auto x = parse_double(*v);
    remember(sub(path, "tpp_min"), *v);
    if (x && SPEC.contains(*x))
      sel.tpp_min = *x;
    else
      wrong(*v, sub(path, "tpp_min"), SPEC.expected());
  }
  if (errors_.size() != before) return std::nullopt;
  return sel;
}

}  // namespace

const char* to_string(MetricMeasure m) {
  static const char* const names[] = {"units",
                                      "pflops",
                                      "spend_usd",
                                      "vendor_revenue_usd",
                                      "training_pflops",
                                      "legal_training_pflops",
                                      "delivered_units",
                                      "diverted_units",
                                      "diverted_spend_usd",
                                      "fee_usd"};
  return names[static_cast<int>(m)];
}

std::vector<std::string> metric_measure_names() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(MetricMeasure::FEE_USD); ++i)
    out.emplace_back(to_string(static_cast<MetricMeasure>(i)));
  return out;
}

std::optional<MetricMeasure> metric_measure_from_string(const std::string& s) {
  for (int i = 0; i <= static_cast<int>(MetricMeasure::FEE_USD); ++i)
    if (s == to_string(static_cast<MetricMeasure>(i))) return static_cast<MetricMeasure>(i);
  return std::nullopt;
}

BuiltScenario build_scenario(const YamlNode& root, ErrorList& errors) {
  BuiltScenario out;
  Builder(errors, out).build(root);
  return out;
}

}  // namespace cmsim::scenario
