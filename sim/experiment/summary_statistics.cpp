#include "sim/experiment/summary_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/experiment/quantile.h"

namespace cmsim::experiment {

void cell_values(const RunStore& store, std::size_t quarter, std::size_t metric, std::vector<double>& out) {
  out.clear();
  const std::size_t offset = quarter * store.header().metrics.size() + metric;
  for (std::size_t s = 0; s < store.replications().size(); ++s) {
    if (!store.stored(s)) continue;
    const double v = store.values(s)[offset];
    if (!std::isnan(v)) out.push_back(v);
  }
}

std::vector<SummaryRow> summarize(const RunStore& store) {
  const auto& h = store.header();
  std::vector<SummaryRow> rows;
  if (!h.has_layout) return rows;
  constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> x;
  for (std::size_t q = 0; q < h.quarters; ++q) {
    for (std::size_t m = 0; m < h.metrics.size(); ++m) {
      cell_values(store, q, m, x);
      SummaryRow row;
      row.quarter = engine::Quarter::from_index(h.first_quarter.index() + static_cast<std::int32_t>(q));
      row.metric = h.metrics[m];
      row.n = x.size();
      // Two passes in replication order: deterministic, and no cancellation in the variance.
      double sum = 0;
      for (double v : x) sum += v;
      row.mean = x.empty() ? NaN : sum / static_cast<double>(x.size());
      double ss = 0;
      for (double v : x) ss += (v - row.mean) * (v - row.mean);
      row.sd = x.size() < 2 ? NaN : std::sqrt(ss / static_cast<double>(x.size() - 1));
      std::sort(x.begin(), x.end());
      row.p05 = quantile_sorted(x, 0.05);
      row.p25 = quantile_sorted(x, 0.25);
      row.p50 = quantile_sorted(x, 0.50);
      row.p75 = quantile_sorted(x, 0.75);
      row.p95 = quantile_sorted(x, 0.95);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace cmsim::experiment
