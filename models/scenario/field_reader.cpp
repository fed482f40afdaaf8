#include "models/scenario/field_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "models/scenario/limits.h"

namespace cmsim::scenario {

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

std::optional<std::string> FieldReader::id(const YamlNode& n, const std::string& path) {
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

std::optional<long long> FieldReader::whole(const YamlNode& n, const std::string& path, long long lo, long long hi) {
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

namespace {

/// The parameters of a distribution kind, in the order its constructor takes them (empty
/// for an unknown kind).
std::vector<std::string> distribution_parameters(const std::string& kind) {
  if (kind == "normal") return {"mean", "sd"};
  if (kind == "lognormal") return {"median", "sigma"};
  if (kind == "uniform") return {"low", "high"};
  if (kind == "triangular") return {"low", "mode", "high"};
  if (kind == "beta") return {"alpha", "beta"};
  return {};
}

/// The distribution of a known kind from its parameters (throws std::invalid_argument).
engine::Distribution make_distribution(const std::string& kind, const std::vector<double>& v) {
  if (kind == "normal") return engine::Distribution::normal(v[0], v[1]);
  if (kind == "lognormal") return engine::Distribution::lognormal(v[0], v[1]);
  if (kind == "uniform") return engine::Distribution::uniform(v[0], v[1]);
  if (kind == "triangular") return engine::Distribution::triangular(v[0], v[1], v[2]);
  return engine::Distribution::beta(v[0], v[1]);
}

}  // namespace

std::optional<engine::Distribution> FieldReader::distribution(const YamlNode& n, const std::string& path) {
  const YamlNode* kind = get(n, "dist");
  const std::vector<std::string> kinds = {"normal", "lognormal", "uniform", "triangular", "beta"};
  if (!kind || !kind->is_scalar()) {
    wrong(n, path, "a number or a distribution {dist: normal|lognormal|uniform|triangular|beta, ...}");
    return std::nullopt;
  }
  std::vector<std::string> params = distribution_parameters(kind->scalar);
  if (params.empty()) {
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
    engine::Distribution d = make_distribution(kind->scalar, v);
    if (lower || upper) d = d.truncated(lower, upper);
    return d;
  } catch (const std::invalid_argument& e) {
    error(n.loc, path, std::string("expected valid distribution parameters (") + e.what() + "), got " + n.describe());
    return std::nullopt;
  }
}

bool FieldReader::number(const YamlNode& n, const std::string& path, const Bounds& b, const NumRef& ref) {
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

void FieldReader::predicate(const YamlNode& n, const std::string& path, const PredRef& ref,
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

bool FieldReader::open_map(const YamlNode& n, const std::string& path, const std::vector<std::string>& allowed,
                           const char* what, const char* key_noun) {
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

std::optional<std::string> FieldReader::text(const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (!n.is_scalar()) {
    wrong(n, path, "a text");
    return std::nullopt;
  }
  return n.scalar;
}

void FieldReader::flag_at(const YamlNode& map, const std::string& path, const char* key, bool& out) {
  const YamlNode* v = get(map, key);
  if (!v) return;
  remember(sub(path, key), *v);
  if (v->is_scalar() && !v->quoted && (v->scalar == "true" || v->scalar == "false"))
    out = v->scalar == "true";
  else
    wrong(*v, sub(path, key), "true or false");
}

std::optional<Date> FieldReader::date(const YamlNode& n, const std::string& path) {
  remember(path, n);
  std::optional<Date> d;
  if (n.is_scalar()) d = Date::parse(n.scalar);
  if (!d) wrong(n, path, "a date YYYY-MM-DD");
  return d;
}

std::vector<std::string> FieldReader::id_list(const YamlNode& n, const std::string& path) {
  remember(path, n);
  std::vector<std::string> out;
  if (!n.is_sequence()) {
    wrong(n, path, "a list of ids [a, b, ...]");
    return out;
  }
  if (n.items.size() > MAX_LIST_ITEMS) {
    error(
        n.loc, path,
        "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " ids, got " + std::to_string(n.items.size()));
    return out;
  }
  for (std::size_t i = 0; i < n.items.size(); ++i)
    if (auto t = id(n.items[i], idx(path, i))) out.push_back(*t);
  return out;
}

std::vector<Origin> FieldReader::origin_list(const YamlNode& n, const std::string& path) {
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

std::vector<BuyerKind> FieldReader::buyer_kind_list(const YamlNode& n, const std::string& path) {
  std::vector<BuyerKind> out;
  remember(path, n);
  if (!n.is_sequence()) {
    wrong(n, path, "a list of buyer kinds [cloud, lab, state, enterprise]");
    return out;
  }
  for (std::size_t i = 0; i < n.items.size(); ++i)
    if (auto k = buyer_kind(n.items[i], idx(path, i))) out.push_back(*k);
  return out;
}

void FieldReader::number_map(const YamlNode& n, const std::string& path, const Bounds& b,
                             const std::function<std::map<std::string, double>&(Scenario&)>& ref) {
  remember(path, n);
  if (!n.is_map()) {
    wrong(n, path, "a map {ecosystem: value, ...}");
    return;
  }
  if (n.keys.size() > MAX_LIST_ITEMS) {
    error(
        n.loc, path,
        "expected a map of at most " + std::to_string(MAX_LIST_ITEMS) + " keys, got " + std::to_string(n.keys.size()));
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

}  // namespace cmsim::scenario
