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

#include "models/scenario/limits.h"

namespace cmsim::scenario {
namespace {

using NumRef = std::function<double&(Scenario&)>;
using IntRef = std::function<int&(Scenario&)>;
using PredRef = std::function<Predicate&(Scenario&)>;
using Keys = std::initializer_list<const char*>;

constexpr double INF = std::numeric_limits<double>::infinity();

/// Allowed range of a number; `what` names it in messages ("a probability").
struct Bounds {
  double lo = -INF;
  double hi = INF;
  bool lo_open = false;
  const char* what = "a number";

  bool contains(double x) const { return (lo_open ? x > lo : x >= lo) && x <= hi; }
  std::string expected() const;
};

std::string num_text(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

std::string Bounds::expected() const {
  std::string s = what;
  if (lo > -INF && hi < INF) return s + " in " + (lo_open ? "(" : "[") + num_text(lo) + ", " + num_text(hi) + "]";
  if (lo > -INF) return s + (lo_open ? " > " : " >= ") + num_text(lo);
  if (hi < INF) return s + " <= " + num_text(hi);
  return s;
}

const Bounds PROBABILITY{0, 1, false, "a probability"};
const Bounds FRACTION{0, 1, false, "a fraction"};
const Bounds ANY{};
const Bounds LAG{0, 36500, false, "a number of days"};  // a century: keeps dates in range
// Ceilings that keep every product of the model's arithmetic finite (docs/scenarios.md,
// "Limits"): quantities (cards, PFLOPS, TB/s, developers) at most 10^12, prices and specs
// at most 10^9, multipliers, mark-ups and penalties at most 1000.
const Bounds QUANTITY{0, 1e12, false, "a number"};
const Bounds SPEC{0, 1e9, false, "a number"};
const Bounds FACTOR{0, 1000, false, "a number"};
const Bounds GROWTH_PER_QUARTER{0, 1, false, "a growth rate"};
const Bounds GROWTH_SD{0, 5, false, "a number"};

std::string sub(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }
std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::optional<double> parse_double(const YamlNode& n) {
  if (!n.is_scalar() || n.quoted || n.scalar.empty()) return std::nullopt;
  const std::string& t = n.scalar;
  const char* b = t.data();
  const char* e = t.data() + t.size();
  if (*b == '+') ++b;
  double v = 0;
  auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc{} || ptr != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

class Builder {
 public:
  Builder(ErrorList& errors, BuiltScenario& out) : errors_(errors), out_(out), s_(out.scenario) {}

  void build(const YamlNode& root);

 private:
  // --- reporting ---------------------------------------------------------------------
  void error(const SourceLocation& loc, const std::string& path, const std::string& what) {
    errors_.add(loc, path, what);
  }
  void wrong(const YamlNode& n, const std::string& path, const std::string& expected) {
    error(n.loc, path, "expected " + expected + ", got " + n.describe());
  }
  void remember(const std::string& path, const YamlNode& n) { out_.where[path] = n.loc; }

  // --- maps --------------------------------------------------------------------------
  /// Checks that `n` is a map with only `allowed` keys (reporting the others).
  bool open_map(const YamlNode& n, const std::string& path, const std::vector<std::string>& allowed, const char* what,
                const char* key_noun = nullptr) {
    remember(path, n);
    if (!n.is_map()) {
      wrong(n, path, std::string(what) + " (a map)");
      return false;
    }
    const std::string noun = key_noun ? std::string(key_noun) : std::string("a key of ") + what;
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const auto& k = n.keys[i];
      remember(sub(path, k.scalar), n.items[i]);
      if (std::find(allowed.begin(), allowed.end(), k.scalar) == allowed.end()) {
        if (errors_.full())
          errors_.count_more();  // no "did you mean" for errors nobody will see
        else
          error(k.loc, sub(path, k.scalar), unknown_name_message(noun, k.scalar, allowed));
      }
    }
    return true;
  }
  static std::vector<std::string> keys(Keys k) { return std::vector<std::string>(k.begin(), k.end()); }
  /// The value of a key, or nullptr when absent or null.
  static const YamlNode* get(const YamlNode& map, const char* key) {
    const YamlNode* v = map.find(key);
    return v && !v->is_null() ? v : nullptr;
  }
  const YamlNode* need(const YamlNode& map, const std::string& path, const char* key) {
    const YamlNode* v = get(map, key);
    if (!v) error(map.loc, sub(path, key), "expected a value (the key is required), got none");
    return v;
  }

  // --- typed values ------------------------------------------------------------------
  bool number(const YamlNode& n, const std::string& path, const Bounds& b, const NumRef& ref);
  void number_at(const YamlNode& map, const std::string& path, const char* key, const Bounds& b, const NumRef& ref,
                 bool required = false) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key)) number(*v, sub(path, key), b, ref);
  }
  std::optional<engine::Distribution> distribution(const YamlNode& n, const std::string& path);
  std::optional<long long> whole(const YamlNode& n, const std::string& path, long long lo, long long hi);
  void integer_at(const YamlNode& map, const std::string& path, const char* key, long long lo, long long hi,
                  const IntRef& ref) {
    if (const YamlNode* v = get(map, key))
      if (auto x = whole(*v, sub(path, key), lo, hi)) ref(s_) = static_cast<int>(*x);
  }
  std::optional<std::string> text(const YamlNode& n, const std::string& path) {
    remember(path, n);
    if (!n.is_scalar()) {
      wrong(n, path, "a text");
      return std::nullopt;
    }
    return n.scalar;
  }
  void text_at(const YamlNode& map, const std::string& path, const char* key, std::string& out, bool required = false) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key))
      if (auto t = text(*v, sub(path, key))) out = *t;
  }
  std::optional<std::string> id(const YamlNode& n, const std::string& path);
  void id_at(const YamlNode& map, const std::string& path, const char* key, std::string& out) {
    if (const YamlNode* v = need(map, path, key))
      if (auto t = id(*v, sub(path, key))) out = *t;
  }
  void flag_at(const YamlNode& map, const std::string& path, const char* key, bool& out) {
    const YamlNode* v = get(map, key);
    if (!v) return;
    remember(sub(path, key), *v);
    if (v->is_scalar() && !v->quoted && (v->scalar == "true" || v->scalar == "false"))
      out = v->scalar == "true";
    else
      wrong(*v, sub(path, key), "true or false");
  }
  std::optional<Date> date(const YamlNode& n, const std::string& path) {
    remember(path, n);
    std::optional<Date> d;
    if (n.is_scalar()) d = Date::parse(n.scalar);
    if (!d) wrong(n, path, "a date YYYY-MM-DD");
    return d;
  }
  void date_at(const YamlNode& map, const std::string& path, const char* key, Date& out, bool required) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key))
      if (auto d = date(*v, sub(path, key))) out = *d;
  }
  std::vector<std::string> id_list(const YamlNode& n, const std::string& path) {
    remember(path, n);
    std::vector<std::string> out;
    if (!n.is_sequence()) {
      wrong(n, path, "a list of ids [a, b, ...]");
      return out;
    }
    if (n.items.size() > MAX_LIST_ITEMS) {
      error(n.loc, path,
            "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " ids, got " +
                std::to_string(n.items.size()));
      return out;
    }
    for (std::size_t i = 0; i < n.items.size(); ++i)
      if (auto t = id(n.items[i], idx(path, i))) out.push_back(*t);
    return out;
  }
  template <typename E>
  std::optional<E> enumerated(const YamlNode& n, const std::string& path, std::optional<E> (*parse)(const std::string&),
                              const std::vector<std::string>& names, const char* what) {
    remember(path, n);
    if (!n.is_scalar()) {
      wrong(n, path, std::string(what));
      return std::nullopt;
    }
    auto v = parse(n.scalar);
    if (!v) error(n.loc, path, unknown_name_message(what, n.scalar, names));
    return v;
  }
  std::optional<Origin> origin(const YamlNode& n, const std::string& path) {
    return enumerated<Origin>(n, path, origin_from_string, {"us", "domestic", "other"}, "an origin");
  }
  std::vector<Origin> origin_list(const YamlNode& n, const std::string& path) {
    std::vector<Origin> out;
    remember(path, n);
    if (!n.is_sequence()) {
      wrong(n, path, "a list of origins [us, domestic, other]");
      return out;
    }
    for (std::size_t i = 0; i < n.items.size(); ++i)
      if (auto o = origin(n.items[i], idx(path, i))) out.push_back(*o);
    return out;
  }
  std::vector<BuyerKind> buyer_kind_list(const YamlNode& n, const std::string& path) {
    std::vector<BuyerKind> out;
    remember(path, n);
    if (!n.is_sequence()) {
      wrong(n, path, "a list of buyer kinds [cloud, lab, state, enterprise]");
      return out;
    }
    for (std::size_t i = 0; i < n.items.size(); ++i)
      if (auto k = enumerated<BuyerKind>(n.items[i], idx(path, i), buyer_kind_from_string,
                                         {"cloud", "lab", "state", "enterprise"}, "a buyer kind"))
        out.push_back(*k);
    return out;
  }
  /// A map from ecosystem id to a number (readiness, developer shares).
  void number_map(const YamlNode& n, const std::string& path, const Bounds& b,
                  const std::function<std::map<std::string, double>&(Scenario&)>& ref) {
    remember(path, n);
    if (!n.is_map()) {
      wrong(n, path, "a map {ecosystem: value, ...}");
      return;
    }
    if (n.keys.size() > MAX_LIST_ITEMS) {
      error(n.loc, path,
            "expected a map of at most " + std::to_string(MAX_LIST_ITEMS) + " keys, got " +
                std::to_string(n.keys.size()));
      return;
    }
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      const std::string key = n.keys[i].scalar;
      ref(s_)[key] = 0;
      remember(sub(path, key), n.keys[i]);
      // A bad value is left out, so later checks (sums, references) do not pile up.
      if (!number(n.items[i], sub(path, key), b, [ref, key](Scenario& s) -> double& { return ref(s)[key]; }))
        ref(s_).erase(key);
    }
  }
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
  void requirements(std::size_t i, const YamlNode& n, const std::string& path);
  /// Reads a predicate from `n` (its keys besides `extra` must form one predicate).
  void predicate(const YamlNode& n, const std::string& path, const PredRef& ref, const std::vector<std::string>& extra);
  void metrics(const YamlNode& n);
  std::optional<ProductSelector> selector(const YamlNode& n, const std::string& path);

  ErrorList& errors_;
  BuiltScenario& out_;
  Scenario& s_;
};

std::optional<std::string> Builder::id(const YamlNode& n, const std::string& path) {
  remember(path, n);
  const auto ok = [](const std::string& t) {
    if (t.empty() || t.size() > 100) return false;
    for (unsigned char c : t)
      if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c == '+')) return false;
    return true;
  };
  if (!n.is_scalar() || !ok(n.scalar)) {
    wrong(n, path, "an id of letters, digits, '-', '_', '.', '+'");
    return std::nullopt;
  }
  return n.scalar;
}

std::optional<long long> Builder::whole(const YamlNode& n, const std::string& path, long long lo, long long hi) {
  remember(path, n);
  long long v = 0;
  bool ok = n.is_scalar() && !n.quoted && !n.scalar.empty();
  if (ok) {
    const char* b = n.scalar.data();
    const char* e = b + n.scalar.size();
    auto [ptr, ec] = std::from_chars(b, e, v);
    ok = ec == std::errc{} && ptr == e;
  }
  if (!ok || v < lo || v > hi) {
    wrong(n, path, "a whole number in [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return std::nullopt;
  }
  return v;
}

std::optional<engine::Distribution> Builder::distribution(const YamlNode& n, const std::string& path) {
  const YamlNode* kind = get(n, "dist");
  const std::vector<std::string> kinds = {"normal", "lognormal", "uniform", "triangular", "beta"};
  if (!kind || !kind->is_scalar()) {
    wrong(n, path, "a number or a distribution {dist: normal|lognormal|uniform|triangular|beta, ...}");
    return std::nullopt;
  }
  std::vector<std::string> params;
  if (kind->scalar == "normal")
    params = {"mean", "sd"};
  else if (kind->scalar == "lognormal")
    params = {"median", "sigma"};
  else if (kind->scalar == "uniform")
    params = {"low", "high"};
  else if (kind->scalar == "triangular")
    params = {"low", "mode", "high"};
  else if (kind->scalar == "beta")
    params = {"alpha", "beta"};
  else {
    error(kind->loc, sub(path, "dist"), unknown_name_message("a distribution", kind->scalar, kinds));
    return std::nullopt;
  }
  std::vector<std::string> allowed = params;
  for (const char* k : {"dist", "lower", "upper"}) allowed.push_back(k);
  if (!open_map(n, path, allowed, ("a " + kind->scalar + " distribution").c_str())) return std::nullopt;
  std::vector<double> v;
  bool ok = true;
  const auto plain = [&](const YamlNode& x, const std::string& p) -> std::optional<double> {
    remember(p, x);
    auto d = parse_double(x);
    if (!d) wrong(x, p, "a number");
    return d;
  };
  for (const auto& p : params) {
    const YamlNode* x = need(n, path, p.c_str());
    std::optional<double> d = x ? plain(*x, sub(path, p)) : std::nullopt;
    ok = ok && d.has_value();
    v.push_back(d.value_or(0));
  }
  std::optional<double> lower, upper;
  if (const YamlNode* x = get(n, "lower")) ok = (lower = plain(*x, sub(path, "lower"))).has_value() && ok;
  if (const YamlNode* x = get(n, "upper")) ok = (upper = plain(*x, sub(path, "upper"))).has_value() && ok;
  if (!ok) return std::nullopt;
  try {
    engine::Distribution d = engine::Distribution::fixed(0);
    if (kind->scalar == "normal")
      d = engine::Distribution::normal(v[0], v[1]);
    else if (kind->scalar == "lognormal")
      d = engine::Distribution::lognormal(v[0], v[1]);
    else if (kind->scalar == "uniform")
      d = engine::Distribution::uniform(v[0], v[1]);
    else if (kind->scalar == "triangular")
      d = engine::Distribution::triangular(v[0], v[1], v[2]);
    else
      d = engine::Distribution::beta(v[0], v[1]);
    if (lower || upper) d = d.truncated(lower, upper);
    return d;
  } catch (const std::invalid_argument& e) {
    error(n.loc, path, std::string("expected valid distribution parameters (") + e.what() + "), got " + n.describe());
    return std::nullopt;
  }
}

bool Builder::number(const YamlNode& n, const std::string& path, const Bounds& b, const NumRef& ref) {
  remember(path, n);
  if (n.is_map()) {
    auto d = distribution(n, path);
    if (!d) return false;
    // Sweeps draw from the whole distribution, so all of it must be valid, not just the mean.
    const double lo = d->quantile(1e-6), hi = d->quantile(1 - 1e-6), mean = d->mean();
    const bool finite = std::isfinite(lo) && std::isfinite(hi) && std::isfinite(mean);
    if (!finite || !b.contains(lo) || !b.contains(hi) || !b.contains(mean)) {
      error(n.loc, path,
            "expected a distribution of " + b.expected() + " (truncate it with lower:/upper:), got " + d->describe() +
                " ranging over [" + num_text(lo) + ", " + num_text(hi) + "]");
      return false;
    }
    ref(s_) = mean;
    s_.uncertain.push_back(UncertainParameter{path, *d, [ref](Scenario& s, double x) { ref(s) = x; }});
    return true;
  }
  const auto v = parse_double(n);
  if (!v || !b.contains(*v)) {
    wrong(n, path, b.expected());
    return false;
  }
  ref(s_) = *v;
  return true;
}

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

void Builder::predicate(const YamlNode& n, const std::string& path, const PredRef& ref,
                        const std::vector<std::string>& extra) {
  static const std::vector<std::string> metrics = {
      "tpp", "performance_density", "tflops", "interconnect_gbps", "memory_bandwidth_tbps", "memory_gb"};
  std::vector<std::string> allowed = {"metric", "ge", "gt", "le", "lt", "all_of", "any_of"};
  allowed.insert(allowed.end(), extra.begin(), extra.end());
  if (!open_map(n, path, allowed, "a predicate")) return;
  const YamlNode* metric = get(n, "metric");
  const YamlNode* all = get(n, "all_of");
  const YamlNode* any = get(n, "any_of");
  const int forms = (metric ? 1 : 0) + (all ? 1 : 0) + (any ? 1 : 0);
  if (forms != 1) {
    error(n.loc, path,
          "expected exactly one of {metric: M, ge|gt|le|lt: X}, all_of: [...], any_of: [...], got " +
              std::to_string(forms));
    return;
  }
  Predicate& p = ref(s_);
  if (metric) {
    p.kind = Predicate::Kind::CONDITION;
    if (auto m = enumerated<Metric>(*metric, sub(path, "metric"), metric_from_string, metrics, "a metric"))
      p.metric = *m;
    const char* op_key = nullptr;
    int ops = 0;
    for (const char* k : {"ge", "gt", "le", "lt"})
      if (get(n, k)) ++ops, op_key = k;
    if (ops != 1) {
      error(n.loc, path, "expected exactly one comparison (ge, gt, le or lt), got " + std::to_string(ops));
      return;
    }
    const std::string op = op_key;
    p.op = op == "ge" ? Comparison::GE : op == "gt" ? Comparison::GT : op == "le" ? Comparison::LE : Comparison::LT;
    number_at(n, path, op_key, ANY, [ref](Scenario& s) -> double& { return ref(s).value; });
    return;
  }
  const YamlNode& list = all ? *all : *any;
  const std::string lp = sub(path, all ? "all_of" : "any_of");
  remember(lp, list);
  p.kind = all ? Predicate::Kind::ALL_OF : Predicate::Kind::ANY_OF;
  if (!list.is_sequence() || list.items.empty()) {
    wrong(list, lp, "a non-empty list of predicates");
    return;
  }
  if (list.items.size() > MAX_LIST_ITEMS) {
    error(list.loc, lp,
          "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " predicates, got " +
              std::to_string(list.items.size()));
    return;
  }
  p.children.resize(list.items.size());
  for (std::size_t k = 0; k < list.items.size(); ++k)
    predicate(list.items[k], idx(lp, k), [ref, k](Scenario& s) -> Predicate& { return ref(s).children[k]; }, {});
}

void Builder::event(std::size_t i, const YamlNode& n, const std::string& path) {
  static const std::vector<std::string> common = {"id",        "kind",   "description", "announced",
                                                  "effective", "source", "requires",    "risk_shock"};
  static const std::map<std::string, std::vector<std::string>> by_kind = {
      {"export_rule", {"restricts"}},
      {"licence_requirement", {"products", "restricts", "grant_probability", "fee_share", "targets"}},
      {"lift", {"targets"}},
      {"amend_rule", {"targets", "restricts"}},
      {"entity_list", {"buyers"}},
      {"supply_control", {"vendors", "capacity_multiplier"}},
      {"enforcement", {"routes", "capacity_multiplier", "markup_add"}},
      {"procurement_mandate", {"buyer_kinds", "domestic_share_min"}},
      {"discourage", {"products", "vendors", "origins", "buyer_kinds", "utility_penalty"}},
      {"subsidy", {"vendors", "origins", "products", "price_reduction"}},
      {"demand_shock", {"workload", "buyer_kinds", "demand_multiplier"}},
      {"import_approval", {"products", "vendors", "origins", "buyer_kinds", "approval_probability"}},
  };
  PolicyEvent& e = s_.events[i];
  e.line = n.loc.line;
  // The kind decides which keys are valid; without a valid kind accept all of them.
  std::optional<EventKind> kind;
  std::vector<std::string> kinds;
  for (const auto& [k, v] : by_kind) kinds.push_back(k);
  if (const YamlNode* k = n.is_map() ? get(n, "kind") : nullptr)
    kind = enumerated<EventKind>(*k, sub(path, "kind"), event_kind_from_string, kinds, "an event kind");
  else if (n.is_map())
    need(n, path, "kind");
  std::vector<std::string> allowed = common;
  for (const auto& [k, v] : by_kind)
    if (!kind || k == to_string(*kind)) allowed.insert(allowed.end(), v.begin(), v.end());
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  const std::string what = kind ? "an " + std::string(to_string(*kind)) + " event" : "an event";
  if (!open_map(n, path, allowed, what.c_str())) return;
  if (kind) e.kind = *kind;
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
  if (!kind) return;

  const auto ids = [&](const char* key, std::vector<std::string> PolicyEvent::*field) {
    if (const YamlNode* v = get(n, key)) s_.events[i].*field = id_list(*v, sub(path, key));
  };
  const auto num = [&](const char* key, const Bounds& b, double PolicyEvent::*field) {
    number_at(n, path, key, b, [i, field](Scenario& s) -> double& { return s.events[i].*field; });
  };
  const auto restricts = [&](bool required) {
    const YamlNode* r = required ? need(n, path, "restricts") : get(n, "restricts");
    if (!r) return;
    const std::string rp = sub(path, "restricts");
    s_.events[i].restricts.emplace();
    predicate(*r, rp, [i](Scenario& s) -> Predicate& { return *s.events[i].restricts; }, {"origin"});
    if (const YamlNode* o = r->is_map() ? get(*r, "origin") : nullptr)
      s_.events[i].origins = origin_list(*o, sub(rp, "origin"));
  };
  const auto need_one = [&](const char* a, const char* b) {
    if (!get(n, a) && !get(n, b))
      error(n.loc, path, std::string("expected a key \"") + a + "\" or \"" + b + "\" (one is required), got neither");
  };
  switch (*kind) {
    case EventKind::EXPORT_RULE:
      restricts(true);
      break;
    case EventKind::LICENCE_REQUIREMENT:
      need_one("products", "restricts");
      ids("products", &PolicyEvent::products);
      restricts(false);
      num("grant_probability", PROBABILITY, &PolicyEvent::grant_probability);
      num("fee_share", FRACTION, &PolicyEvent::fee_share);
      ids("targets", &PolicyEvent::targets);
      break;
    case EventKind::LIFT:
      if (need(n, path, "targets")) ids("targets", &PolicyEvent::targets);
      break;
    case EventKind::AMEND_RULE:
      if (const YamlNode* t = need(n, path, "targets")) {
        ids("targets", &PolicyEvent::targets);
        if (t->is_sequence() && t->items.size() != 1) wrong(*t, sub(path, "targets"), "a list of exactly one rule id");
      }
      restricts(true);
      break;
    case EventKind::ENTITY_LIST:
      if (need(n, path, "buyers")) ids("buyers", &PolicyEvent::buyers);
      break;
    case EventKind::SUPPLY_CONTROL:
      if (need(n, path, "vendors")) ids("vendors", &PolicyEvent::vendors);
      num("capacity_multiplier", FACTOR, &PolicyEvent::capacity_multiplier);
      break;
    case EventKind::ENFORCEMENT:
      ids("routes", &PolicyEvent::routes);
      num("capacity_multiplier", FACTOR, &PolicyEvent::capacity_multiplier);
      num("markup_add", FACTOR, &PolicyEvent::markup_add);
      break;
    case EventKind::PROCUREMENT_MANDATE:
      if (const YamlNode* k = get(n, "buyer_kinds")) e.buyer_kinds = buyer_kind_list(*k, sub(path, "buyer_kinds"));
      num("domestic_share_min", FRACTION, &PolicyEvent::domestic_share_min);
      break;
    case EventKind::DISCOURAGE:
      if (!get(n, "vendors") && !get(n, "origins") && !get(n, "products"))
        error(n.loc, path, "expected a key \"vendors\", \"origins\" or \"products\" (one is required), got none");
      ids("vendors", &PolicyEvent::vendors);
      ids("products", &PolicyEvent::products);
      if (const YamlNode* o = get(n, "origins")) e.by_origins = origin_list(*o, sub(path, "origins"));
      if (const YamlNode* k = get(n, "buyer_kinds")) e.buyer_kinds = buyer_kind_list(*k, sub(path, "buyer_kinds"));
      num("utility_penalty", FACTOR, &PolicyEvent::utility_penalty);
      break;
    case EventKind::SUBSIDY:
      if (!get(n, "vendors") && !get(n, "origins") && !get(n, "products"))
        error(n.loc, path, "expected a key \"vendors\", \"origins\" or \"products\" (one is required), got none");
      ids("vendors", &PolicyEvent::vendors);
      ids("products", &PolicyEvent::products);
      // By origin: the same field DISCOURAGE uses, the one PolicyRegime::price_reduction reads.
      if (const YamlNode* o = get(n, "origins")) e.by_origins = origin_list(*o, sub(path, "origins"));
      num("price_reduction", FRACTION, &PolicyEvent::price_reduction);
      break;
    case EventKind::IMPORT_APPROVAL:
      if (!get(n, "vendors") && !get(n, "origins") && !get(n, "products"))
        error(n.loc, path, "expected a key \"vendors\", \"origins\" or \"products\" (one is required), got none");
      ids("vendors", &PolicyEvent::vendors);
      ids("products", &PolicyEvent::products);
      if (const YamlNode* o = get(n, "origins")) e.by_origins = origin_list(*o, sub(path, "origins"));
      if (const YamlNode* k = get(n, "buyer_kinds")) e.buyer_kinds = buyer_kind_list(*k, sub(path, "buyer_kinds"));
      num("approval_probability", PROBABILITY, &PolicyEvent::approval_probability);
      break;
    case EventKind::DEMAND_SHOCK:
      if (const YamlNode* w = get(n, "workload")) {
        remember(sub(path, "workload"), *w);
        if (w->is_scalar() && (w->scalar == "training" || w->scalar == "inference"))
          e.workload = w->scalar == "training" ? Workload::TRAINING : Workload::INFERENCE;
        else
          error(w->loc, sub(path, "workload"),
                unknown_name_message("a workload", w->is_scalar() ? w->scalar : w->describe(),
                                     {"training", "inference"}));
      }
      if (const YamlNode* k = get(n, "buyer_kinds")) e.buyer_kinds = buyer_kind_list(*k, sub(path, "buyer_kinds"));
      num("demand_multiplier", FACTOR, &PolicyEvent::demand_multiplier);
      break;
  }
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
