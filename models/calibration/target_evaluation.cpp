#include "models/calibration/target_evaluation.h"

#include <cmath>
#include <limits>

#include "models/scenario/error_list.h"
#include "sim/engine/input_error.h"

namespace cmsim::calibration {

std::vector<double> quarterly_values(const Target& t, const market::RunResult& run) {
  const auto n = static_cast<std::size_t>(t.period.quarters());
  std::vector<double> out(n, std::numeric_limits<double>::quiet_NaN());
  if (t.source == MetricSource::TIMESERIES) {
    const auto& rec = run.timeseries;
    if (!rec.has(t.key)) {
      throw engine::InputError(t.metric_where.text() + ": " + t.key_path +
                               ".metric: " + scenario::unknown_name_message("timeseries column", t.key, rec.names()));
    }
    const std::size_t id = rec.id(t.key);
    for (std::size_t i = 0; i < n; ++i) {
      const auto q = engine::Quarter::from_index(t.period.first.index() + static_cast<std::int32_t>(i));
      if (rec.in_range(q)) out[i] = rec.get(id, q);
    }
    return out;
  }
  std::fill(out.begin(), out.end(), 0.0);
  const bool by_vendor = t.source == MetricSource::VENDOR_REVENUE || t.source == MetricSource::VENDOR_REVENUE_SHARE;
  const bool all = t.key == "total" && !by_vendor;
  for (const auto& row : run.products) {
    if (!t.period.contains(row.quarter)) continue;
    const std::string& name = by_vendor ? row.vendor : row.product;
    if (!all && name != t.key) continue;
    const double v = t.source == MetricSource::PRODUCT_UNITS ? row.units : row.revenue_usd;
    out[static_cast<std::size_t>(quarters_between(t.period.first, row.quarter))] += v;
  }
  return out;
}

double aggregate(const std::vector<double>& values, Aggregate how) {
  double sum = 0;
  std::size_t n = 0;
  for (double v : values) {
    if (std::isnan(v)) continue;
    sum += v;
    ++n;
  }
  if (n == 0) return std::numeric_limits<double>::quiet_NaN();
  return how == Aggregate::MEAN ? sum / static_cast<double>(n) : sum;
}

double share_of_totals(const std::vector<double>& shares, const std::vector<double>& denominators) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < shares.size() && i < denominators.size(); ++i) {
    if (std::isnan(shares[i]) || std::isnan(denominators[i])) continue;
    num += shares[i] * denominators[i];
    den += denominators[i];
  }
  return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN();
}

double evaluate_target(const Target& t, const market::RunResult& run) {
  if (t.source == MetricSource::VENDOR_REVENUE_SHARE) {  // the loader allows only ratio
    Target total = t;                                    // revenue:total over the same period
    total.source = MetricSource::PRODUCT_REVENUE;
    total.key = "total";
    const double all = aggregate(quarterly_values(total, run), Aggregate::SUM);
    return all > 0 ? aggregate(quarterly_values(t, run), Aggregate::SUM) / all
                   : std::numeric_limits<double>::quiet_NaN();
  }
  const auto values = quarterly_values(t, run);
  if (t.aggregate != Aggregate::RATIO) return aggregate(values, t.aggregate);
  const auto& dens = run.share_denominators;
  if (t.source != MetricSource::TIMESERIES || !dens.has(t.key)) {
    throw engine::InputError(t.aggregate_where.text() + ": " + t.key_path + ".aggregate: expected mean or sum for " +
                             t.metric +
                             " (ratio needs a share series of timeseries.csv, e.g. domestic_share_units), got ratio");
  }
  std::vector<double> den(values.size(), std::numeric_limits<double>::quiet_NaN());
  const std::size_t id = dens.id(t.key);
  for (std::size_t i = 0; i < den.size(); ++i) {
    const auto q = engine::Quarter::from_index(t.period.first.index() + static_cast<std::int32_t>(i));
    if (dens.in_range(q)) den[i] = dens.get(id, q);
  }
  return share_of_totals(values, den);
}

}  // namespace cmsim::calibration
