// summary.csv's statistics per (quarter, metric) over a sweep's replications.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sim/engine/date.h"
#include "sim/experiment/run_store.h"

namespace cmsim::experiment {

struct SummaryRow {
  engine::Quarter quarter;
  std::string metric;
  std::size_t n = 0;  ///< replications with a value (NaN = not recorded, left out)
  double mean = 0;    ///< sum in replication order / n
  double sd = 0;      ///< sample standard deviation (n - 1 denominator); NaN when n < 2
  double p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;  ///< type-7 quantiles (quantile.h)
};

/// Rows by quarter, then metric in declaration order. Needs a complete store; uses one
/// extra buffer of n doubles.
std::vector<SummaryRow> summarize(const RunStore& store);

/// Values of cell (quarter index, metric index) over stored replications in replication
/// order, NaN left out.
void cell_values(const RunStore& store, std::size_t quarter, std::size_t metric, std::vector<double>& out);

}  // namespace cmsim::experiment
