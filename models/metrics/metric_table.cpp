#include "models/metrics/metric_table.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace cmsim::metrics {
namespace {

std::string list_text(const std::vector<std::string>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) s += ", ";
    s += v[i];
  }
  s += "]";
  return s;
}

std::string selector_text(const scenario::ProductSelector& sel) {
  std::vector<std::string> parts;
  if (!sel.vendors.empty()) parts.push_back("vendors: " + list_text(sel.vendors));
  if (!sel.origins.empty()) {
    std::vector<std::string> o;
    for (auto x : sel.origins) o.emplace_back(scenario::to_string(x));
    parts.push_back("origins: " + list_text(o));
  }
  if (!sel.ecosystems.empty()) parts.push_back("ecosystems: " + list_text(sel.ecosystems));
  if (!sel.products.empty()) parts.push_back("products: " + list_text(sel.products));
  if (sel.tpp_min) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", *sel.tpp_min);
    parts.push_back(std::string("tpp_min: ") + buf);
  }
  if (parts.empty()) return "all";
  std::string s = "{";
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) s += ", ";
    s += parts[i];
  }
  s += "}";
  return s;
}

const char* field_name(OutcomeField f) {
  switch (f) {
    case OutcomeField::WRITEDOWN_USD:
      return "writedown_usd";
    case OutcomeField::UNMET_PFLOPS:
      return "unmet_pflops";
    case OutcomeField::DEFERRED_PFLOPS:
      return "deferred_pflops";
    case OutcomeField::INSTALLED_PFLOPS_US:
      return "installed_pflops_us";
    case OutcomeField::INSTALLED_PFLOPS_DOMESTIC:
      return "installed_pflops_domestic";
    case OutcomeField::MEAN_US_RISK:
      return "mean_us_risk";
    case OutcomeField::DEV_LEFT_CUDA:
      return "dev_left_cuda";
    case OutcomeField::DEV_LEFT_CUDA_CUMULATIVE:
      return "dev_left_cuda_cumulative";
    case OutcomeField::ECOSYSTEM_DEV_SHARE:
      return "share";
    case OutcomeField::ECOSYSTEM_MATURITY:
      return "maturity";
  }
  return "";
}

bool in(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

double ratio(double num, double den) { return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN(); }

bool selects(const scenario::ProductSelector& sel, const ProductOutcome& p) {
  if (!sel.vendors.empty() && !in(sel.vendors, p.vendor)) return false;
  if (!sel.origins.empty() && std::find(sel.origins.begin(), sel.origins.end(), p.origin) == sel.origins.end())
    return false;
  if (!sel.ecosystems.empty() && !in(sel.ecosystems, p.ecosystem)) return false;
  if (!sel.products.empty() && !in(sel.products, p.id)) return false;
  if (sel.tpp_min && !(p.tpp >= *sel.tpp_min)) return false;
  return true;
}

double measure(scenario::MetricMeasure m, const ProductOutcome& p) {
  using M = scenario::MetricMeasure;
  // Shares are of legal sales in this market (what vendors sell and analysts count): cards
  // that arrive through grey routes are left out of units and PFLOPS.
  const auto legal_share = [&] { return p.units > 0 ? (p.units - p.diverted_units) / p.units : 0.0; };
  switch (m) {
    case M::UNITS:
      return p.units * legal_share();
    case M::PFLOPS:
      return p.pflops * legal_share();
    case M::SPEND_USD:
      return p.legal_spend_usd;
    case M::VENDOR_REVENUE_USD:
      return p.vendor_revenue_usd;
    case M::TRAINING_PFLOPS:
      return p.training_pflops;
    case M::LEGAL_TRAINING_PFLOPS:
      return p.legal_training_pflops;
    case M::DELIVERED_UNITS:
      return p.units;
    case M::DIVERTED_UNITS:
      return p.diverted_units;
    case M::DIVERTED_SPEND_USD:
      return p.spend_usd - p.legal_spend_usd;
    case M::FEE_USD:
      return p.fee_usd;
  }
  return 0.0;
}

std::string unit_of(const scenario::MetricDefinition& d) {
  using M = scenario::MetricMeasure;
  if (d.denominator) return "fraction";
  switch (d.measure) {
    case M::UNITS:
    case M::DELIVERED_UNITS:
    case M::DIVERTED_UNITS:
      return "cards";
    case M::PFLOPS:
    case M::TRAINING_PFLOPS:
    case M::LEGAL_TRAINING_PFLOPS:
      return "PFLOPS";
    case M::SPEND_USD:
    case M::VENDOR_REVENUE_USD:
    case M::DIVERTED_SPEND_USD:
    case M::FEE_USD:
      return "USD";
  }
  return "";
}

std::string SeriesDefinition::definition() const {
  if (kind == Kind::OUTCOME) {
    std::string f = "outcome ";
    if (field == OutcomeField::ECOSYSTEM_DEV_SHARE || field == OutcomeField::ECOSYSTEM_MATURITY) {
      f += "ecosystems[";
      f += ecosystem_id;
      f += field == OutcomeField::ECOSYSTEM_DEV_SHARE ? "].share" : "].maturity";
    } else {
      f += field_name(field);
    }
    return f;
  }
  const std::string m = scenario::to_string(products.measure);
  std::string s = m + " of " + selector_text(products.numerator);
  if (products.denominator) s += " / " + m + " of " + selector_text(*products.denominator);
  return s;
}

void check_user_metrics(const scenario::Scenario& s, scenario::ErrorList& errors) {
  std::vector<std::string> defaults;
  for (const auto& d : default_series(s)) defaults.push_back(d.name);
  for (std::size_t i = 0; i < s.metrics.size(); ++i)
    if (in(defaults, s.metrics[i].name))
      errors.add(s.metrics[i].where, "metrics[" + std::to_string(i) + "].name",
                 "expected a name that no default series uses, got \"" + s.metrics[i].name +
                     "\" (a default column of timeseries.csv, docs/output.md)");
}

std::vector<SeriesDefinition> series_table(const scenario::Scenario& s) {
  scenario::ErrorList errors;
  check_user_metrics(s, errors);
  errors.throw_if_any();
  std::vector<SeriesDefinition> t = default_series(s);
  for (const auto& m : s.metrics) {
    SeriesDefinition d;
    d.name = m.name;
    d.unit = unit_of(m);
    d.kind = SeriesDefinition::Kind::PRODUCTS;
    d.products = m;
    d.user = true;
    t.push_back(std::move(d));
  }
  return t;
}

}  // namespace cmsim::metrics
