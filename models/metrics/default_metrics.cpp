// The default table: the series every run records, in timeseries.csv's column order
// (docs/output.md). The vendor and ecosystem the headline series are about come from the
// scenario (`headline:`), not from code.
#include "models/metrics/metric_table.h"

namespace cmsim::metrics {
namespace {

using scenario::MetricMeasure;
using scenario::ProductSelector;

/// TPP at or above which a product counts as high-end (ECCN 3A090 line, Oct 2022).
constexpr double HIGH_END_TPP = 4800.0;

SeriesDefinition products(const char* name, ProductSelector num, std::optional<ProductSelector> den, MetricMeasure m,
                          const char* unit) {
  SeriesDefinition d;
  d.name = name;
  d.unit = unit;
  d.kind = SeriesDefinition::Kind::PRODUCTS;
  d.products.name = name;
  d.products.numerator = std::move(num);
  d.products.denominator = std::move(den);
  d.products.measure = m;
  return d;
}

SeriesDefinition outcome(std::string name, OutcomeField f, const char* unit, std::size_t eco = 0,
                         std::string eco_id = {}) {
  SeriesDefinition d;
  d.name = std::move(name);
  d.unit = unit;
  d.kind = SeriesDefinition::Kind::OUTCOME;
  d.field = f;
  d.ecosystem = eco;
  d.ecosystem_id = std::move(eco_id);
  return d;
}

}  // namespace

std::vector<SeriesDefinition> default_series(const scenario::Scenario& s) {
  const ProductSelector all{};
  ProductSelector headline, domestic, high_end{}, headline_high_end;
  const std::string nv = scenario::headline_vendor_of(s);
  const std::string eco = scenario::headline_ecosystem_of(s);
  headline.vendors = {nv};
  domestic.origins = {scenario::Origin::DOMESTIC};
  high_end.tpp_min = HIGH_END_TPP;
  headline_high_end = headline;
  headline_high_end.tpp_min = HIGH_END_TPP;
  using M = MetricMeasure;
  using F = OutcomeField;
  std::vector<SeriesDefinition> t = {
      products((nv + "_share_units").c_str(), headline, all, M::UNITS, "fraction"),
      products((nv + "_share_compute").c_str(), headline, all, M::PFLOPS, "fraction"),
      products((nv + "_share_revenue").c_str(), headline, all, M::SPEND_USD, "fraction"),
      products((nv + "_highend_training_share").c_str(), headline_high_end, high_end, M::LEGAL_TRAINING_PFLOPS,
               "fraction"),
      products("domestic_share_units", domestic, all, M::UNITS, "fraction"),
      products("domestic_share_compute", domestic, all, M::PFLOPS, "fraction"),
      products("domestic_share_revenue", domestic, all, M::SPEND_USD, "fraction"),
      products((nv + "_china_revenue_usd").c_str(), headline, std::nullopt, M::VENDOR_REVENUE_USD, "USD"),
      products("domestic_revenue_usd", domestic, std::nullopt, M::VENDOR_REVENUE_USD, "USD"),
      outcome("writedown_usd", F::WRITEDOWN_USD, "USD"),
      outcome("unmet_demand_pflops", F::UNMET_PFLOPS, "PFLOPS-equivalent"),
      outcome("deferred_demand_pflops", F::DEFERRED_PFLOPS, "PFLOPS-equivalent"),
      products("diverted_units", all, std::nullopt, M::DIVERTED_UNITS, "cards"),
      products("diverted_spend_usd", all, std::nullopt, M::DIVERTED_SPEND_USD, "USD"),
      outcome("installed_pflops_us", F::INSTALLED_PFLOPS_US, "PFLOPS"),
      outcome("installed_pflops_domestic", F::INSTALLED_PFLOPS_DOMESTIC, "PFLOPS"),
      products("total_units", all, std::nullopt, M::UNITS, "cards"),
      products("total_pflops", all, std::nullopt, M::PFLOPS, "PFLOPS"),
      products("market_spend_usd", all, std::nullopt, M::SPEND_USD, "USD"),
      products("licence_fees_usd", all, std::nullopt, M::FEE_USD, "USD"),
      outcome("mean_us_risk", F::MEAN_US_RISK, "[0, 1]"),
      outcome("dev_left_" + eco, F::DEV_LEFT_CUDA, "developers"),
      outcome("dev_left_" + eco + "_cumulative", F::DEV_LEFT_CUDA_CUMULATIVE, "developers"),
  };
  for (std::size_t e = 0; e < s.ecosystems.size(); ++e)
    t.push_back(outcome("dev_share_" + s.ecosystems[e].id, F::ECOSYSTEM_DEV_SHARE, "fraction", e, s.ecosystems[e].id));
  for (std::size_t e = 0; e < s.ecosystems.size(); ++e)
    t.push_back(outcome("maturity_" + s.ecosystems[e].id, F::ECOSYSTEM_MATURITY, "[0, 1]", e, s.ecosystems[e].id));
  return t;
}

}  // namespace cmsim::metrics
