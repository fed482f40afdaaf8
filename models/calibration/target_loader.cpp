#include "models/calibration/target_loader.h"

#include <charconv>
#include <cmath>
#include <set>

#include "models/scenario/error_list.h"
#include "models/scenario/yaml_reader.h"

namespace cmsim::calibration {

using scenario::ErrorList;
using scenario::YamlNode;

const char* to_string(Aggregate a) { return a == Aggregate::MEAN ? "mean" : a == Aggregate::SUM ? "sum" : "ratio"; }

const char* to_string(TargetRole r) {
  switch (r) {
    case TargetRole::CALIBRATION:
      return "calibration";
    case TargetRole::CHECK:
      return "check";
    case TargetRole::FORECAST:
      return "forecast";
  }
  return "?";
}

namespace {

bool valid_id(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return true;
}

// Reads one map of a targets file, field by field, collecting every error.
class Reader {
 public:
  explicit Reader(ErrorList& errors) : errors_(errors) {}

  void error(const YamlNode& n, const std::string& path, const std::string& what) { errors_.add(n.loc, path, what); }

  // Flags keys outside `allowed` (typos must not pass silently).
  void only_keys(const YamlNode& map, const std::string& path, const std::vector<std::string>& allowed) {
    for (const auto& k : map.keys) {
      bool ok = false;
      for (const auto& a : allowed) ok = ok || k.scalar == a;
      if (!ok)
        errors_.add(k.loc, path.empty() ? k.scalar : path + "." + k.scalar,
                    scenario::unknown_name_message("key", k.scalar, allowed));
    }
  }

  std::optional<std::string> string(const YamlNode& n, const std::string& path) {
    if (!n.is_scalar()) {
      error(n, path, "expected a string, got " + n.describe());
      return std::nullopt;
    }
    return n.scalar;
  }

  std::optional<double> number(const YamlNode& n, const std::string& path) {
    if (n.is_scalar() && !n.quoted) {
      double v = 0;
      const auto& t = n.scalar;
      const auto [ptr, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
      if (ec == std::errc{} && ptr == t.data() + t.size() && std::isfinite(v)) return v;
    }
    error(n, path, "expected a number, got " + n.describe());
    return std::nullopt;
  }

  std::optional<bool> boolean(const YamlNode& n, const std::string& path) {
    if (n.is_scalar() && !n.quoted && (n.scalar == "true" || n.scalar == "false")) return n.scalar == "true";
    error(n, path, "expected true or false, got " + n.describe());
    return std::nullopt;
  }

  std::optional<std::string> choice(const YamlNode& n, const std::string& path, const std::vector<std::string>& ok,
                                    const std::string& what) {
    const auto s = string(n, path);
    if (!s) return std::nullopt;
    for (const auto& c : ok)
      if (*s == c) return s;
    error(n, path, scenario::unknown_name_message(what, *s, ok));
    return std::nullopt;
  }

 private:
  ErrorList& errors_;
};

const std::vector<std::string> TARGET_KEYS = {"id",     "metric", "period", "aggregate", "basis", "target", "band",
                                              "source", "conf",   "weight", "must",      "role",  "note",   "fiscal"};

// Splits "units:h20" into its source and key; a bare name is a timeseries column.
bool parse_metric(const std::string& metric, Target& t) {
  const auto colon = metric.find(':');
  if (colon == std::string::npos) {
    t.source = MetricSource::TIMESERIES;
    t.key = metric;
    return !metric.empty() && metric.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
  }
  const std::string kind = metric.substr(0, colon);
  t.key = metric.substr(colon + 1);
  if (t.key.empty()) return false;
  if (kind == "units") {
    t.source = MetricSource::PRODUCT_UNITS;
  } else if (kind == "revenue") {
    t.source = MetricSource::PRODUCT_REVENUE;
  } else if (kind == "vendor_revenue") {
    t.source = MetricSource::VENDOR_REVENUE;
    return t.key != "total";  // revenue:total says the same; one spelling keeps files comparable
  } else if (kind == "vendor_revenue_share") {
    t.source = MetricSource::VENDOR_REVENUE_SHARE;
    return t.key != "total";  // the total's share is 1
  } else {
    return false;
  }
  return true;
}

/// A target's optional keys: confidence, weight, must, note, fiscal year, point target.
void read_optional(Reader& r, const YamlNode& n, const std::string& path, Target& t) {
  if (const YamlNode* v = n.find("conf"))
    if (auto s = r.choice(*v, path + ".conf", {"H", "M", "L"}, "confidence")) t.conf = *s;
  if (const YamlNode* v = n.find("weight")) {
    if (auto w = r.number(*v, path + ".weight")) {
      t.weight = *w;
      if (*w < 0) r.error(*v, path + ".weight", "expected a weight >= 0, got " + v->describe());
    }
  }
  if (const YamlNode* v = n.find("must"))
    if (auto b = r.boolean(*v, path + ".must")) t.must = *b;
  if (const YamlNode* v = n.find("note"))
    if (auto s = r.string(*v, path + ".note")) t.note = *s;
  if (const YamlNode* v = n.find("fiscal"))
    if (auto s = r.string(*v, path + ".fiscal")) t.fiscal = *s;
  if (const YamlNode* v = n.find("target")) t.target = r.number(*v, path + ".target");
}

/// The band [low, high], or the point target as a zero-width band (one of them is required).
void read_band(Reader& r, ErrorList& errors, const YamlNode& n, const std::string& path, Target& t) {
  const YamlNode* band = n.find("band");
  if (band) {
    if (!band->is_sequence() || band->items.size() != 2) {
      r.error(*band, path + ".band", "expected [low, high], got " + band->describe());
    } else {
      const auto lo = r.number(band->items[0], path + ".band[0]");
      const auto hi = r.number(band->items[1], path + ".band[1]");
      if (lo && hi) {
        t.band_low = *lo;
        t.band_high = *hi;
        if (*hi < *lo) r.error(*band, path + ".band", "expected low <= high, got " + band->describe());
        if (t.target && (*t.target < *lo || *t.target > *hi))
          r.error(*n.find("target"), path + ".target", "the point target lies outside the band " + band->describe());
      }
    }
  } else if (n.find("target")) {
    if (t.target) t.band_low = t.band_high = *t.target;  // a point target is its own (zero-width) band
  } else {
    errors.add(n.loc, path, "expected a band [low, high] or a point target (or both)");
  }
}

Target read_target(Reader& r, ErrorList& errors, const YamlNode& n, const std::string& path) {
  Target t;
  t.where = n.loc;
  t.key_path = path;
  r.only_keys(n, path, TARGET_KEYS);
  auto req = [&](const char* key) -> const YamlNode* {
    const YamlNode* v = n.find(key);
    if (!v) errors.add(n.loc, path + "." + key, "missing (required)");
    return v;
  };
  if (const YamlNode* v = req("id")) {
    if (auto s = r.string(*v, path + ".id")) {
      t.id = *s;
      if (!valid_id(t.id))
        r.error(*v, path + ".id", "expected lower-case letters, digits and '-', got " + v->describe());
    }
  }
  if (const YamlNode* v = req("metric")) {
    t.metric_where = v->loc;
    if (auto s = r.string(*v, path + ".metric")) {
      t.metric = *s;
      if (!parse_metric(t.metric, t))
        r.error(*v, path + ".metric",
                "expected a timeseries column (e.g. domestic_share_revenue), units:<product>, revenue:<product>, "
                "units:total, revenue:total, vendor_revenue:<vendor> or vendor_revenue_share:<vendor>, got " +
                    v->describe());
    }
  }
  if (const YamlNode* v = req("period")) {
    t.period_where = v->loc;
    if (auto s = r.string(*v, path + ".period")) {
      if (auto p = parse_period(*s)) {
        t.period = *p;
      } else {
        r.error(*v, path + ".period",
                "expected a year \"2024\", a half \"2023H1\", a quarter \"2025Q2\" or a range \"2024Q1..2024Q4\", "
                "got " +
                    v->describe());
      }
    }
  }
  if (const YamlNode* v = req("aggregate"))
    if (auto s = r.choice(*v, path + ".aggregate", {"mean", "sum", "ratio"}, "aggregate")) {
      t.aggregate = *s == "mean" ? Aggregate::MEAN : *s == "sum" ? Aggregate::SUM : Aggregate::RATIO;
      t.aggregate_where = v->loc;
    }
  if (const YamlNode* v = req("basis"))
    if (auto s = r.choice(*v, path + ".basis", {"units", "revenue", "compute"}, "basis")) t.basis = *s;
  if (const YamlNode* v = req("source"))
    if (auto s = r.string(*v, path + ".source")) t.source_note = *s;
  if (const YamlNode* v = req("role")) {
    if (auto s = r.choice(*v, path + ".role", {"calibration", "check", "forecast"}, "role"))
      t.role = *s == "calibration" ? TargetRole::CALIBRATION : *s == "check" ? TargetRole::CHECK : TargetRole::FORECAST;
  }
  read_optional(r, n, path, t);
  read_band(r, errors, n, path, t);
  // A vendor's share of sales is a ratio of the period's totals, of revenue.
  if (t.source == MetricSource::VENDOR_REVENUE_SHARE) {
    if (const YamlNode* v = n.find("aggregate"); v && t.aggregate != Aggregate::RATIO)
      r.error(*v, path + ".aggregate",
              "expected ratio for " + t.metric + " (a share of the period's totals), got " + v->describe());
    if (const YamlNode* v = n.find("basis"); v && t.basis != "revenue")
      r.error(*v, path + ".basis", "expected revenue for " + t.metric + ", got " + v->describe());
  }
  return t;
}

}  // namespace

TargetSet load_targets(const std::string& path) {
  ErrorList errors;
  const auto root = scenario::read_yaml_file(path, errors);
  errors.throw_if_any();
  TargetSet set;
  set.path = path;
  Reader r(errors);
  if (!root->is_map()) {
    errors.add(root->loc, "", "expected a map with keys scenario, usd_per_cny, targets; got " + root->describe());
    errors.throw_if_any();
  }
  r.only_keys(*root, "", {"scenario", "usd_per_cny", "targets"});
  if (const YamlNode* v = root->find("scenario"))
    if (auto s = r.string(*v, "scenario")) set.scenario = *s;
  if (const YamlNode* v = root->find("usd_per_cny")) {
    set.usd_per_cny = r.number(*v, "usd_per_cny");
    if (set.usd_per_cny && *set.usd_per_cny <= 0)
      r.error(*v, "usd_per_cny", "expected a positive number, got " + v->describe());
  }
  const YamlNode* list = root->find("targets");
  if (!list) {
    errors.add(root->loc, "targets", "missing (required): the list of targets");
  } else if (!list->is_sequence() || list->items.empty()) {
    r.error(*list, "targets", "expected a non-empty list of targets, got " + list->describe());
  } else {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      const YamlNode& item = list->items[i];
      const std::string p = "targets[" + std::to_string(i) + "]";
      if (!item.is_map()) {
        r.error(item, p, "expected a map (one target), got " + item.describe());
        continue;
      }
      Target t = read_target(r, errors, item, p);
      if (!t.id.empty() && !seen.insert(t.id).second)
        r.error(*item.find("id"), p + ".id", "duplicate target id \"" + t.id + "\"");
      set.targets.push_back(std::move(t));
    }
  }
  errors.throw_if_any();
  return set;
}

void check_targets(const TargetSet& set, const scenario::Scenario& s) {
  ErrorList errors;
  std::vector<std::string> products, vendors;
  for (const auto& p : s.products) products.push_back(p.id);
  for (const auto& v : s.vendors) vendors.push_back(v.id);
  const engine::Quarter first = engine::Quarter::of(s.start), last = engine::Quarter::of(s.end);
  for (std::size_t i = 0; i < set.targets.size(); ++i) {
    const Target& t = set.targets[i];
    const std::string p = "targets[" + std::to_string(i) + "]";
    const bool product = t.source == MetricSource::PRODUCT_UNITS || t.source == MetricSource::PRODUCT_REVENUE;
    if (product && t.key != "total" && !s.find_product(t.key)) {
      auto valid = products;
      valid.push_back("total");
      errors.add(
          t.metric_where, p + ".metric",
          "unknown product in scenario " + s.name + ": " + scenario::unknown_name_message("product id", t.key, valid));
    }
    if ((t.source == MetricSource::VENDOR_REVENUE || t.source == MetricSource::VENDOR_REVENUE_SHARE) &&
        !s.find_vendor(t.key))
      errors.add(
          t.metric_where, p + ".metric",
          "unknown vendor in scenario " + s.name + ": " + scenario::unknown_name_message("vendor id", t.key, vendors));
    if (t.period.first < first || t.period.last > last)
      errors.add(
          t.period_where, p + ".period",
          "period " + t.period.label + " lies outside the scenario's horizon " + first.label() + ".." + last.label());
  }
  errors.throw_if_any();
}

}  // namespace cmsim::calibration
