// The market model's entry point: one replication of a scenario, run on the engine's
// scheduler from the horizon's start to its end, returning the recorded tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/engine/recorder.h"

namespace cmsim::market {

/// One row of products.csv.
struct ProductQuarter {
  engine::Quarter quarter;
  std::string product;
  std::string vendor;
  std::string origin;
  double units = 0;
  double revenue_usd = 0;
  double pflops = 0;
  bool legal = false;
  double price_usd = 0;
};

/// One row of ecosystems.csv.
struct EcosystemQuarter {
  engine::Quarter quarter;
  std::string ecosystem;
  double developers = 0;
  double share = 0;
  double maturity = 0;
  double installed_pflops = 0;
};

/// One row of events.csv: what happened, in words a reader can check.
struct EventLogEntry {
  engine::Date date;
  std::string event;
  std::string kind;
  std::string detail;
};

struct RunResult {
  engine::Recorder timeseries;  ///< metric series per quarter (names: docs/output.md)
  std::vector<ProductQuarter> products;
  std::vector<EcosystemQuarter> ecosystems;
  std::vector<EventLogEntry> events;
  std::uint64_t agent_quarters = 0;  ///< (buyers + developer agents) × quarters, for benchmarks
  /// For every share series of `timeseries`, its denominator each quarter (same names; not
  /// written out): a share over a period is then Σ share·den / Σ den, the share of the
  /// period's totals that unit trackers report (calibration's `aggregate: ratio`).
  engine::Recorder share_denominators;
};

/// What a replication keeps besides its metric series: a sweep only stores the series, so
/// it does not build the products, ecosystems and events rows (strings, every quarter).
enum class RunRows { ALL, SERIES_ONLY };

/// Runs replication `replication` of the scenario with master seed `scenario.seed`.
/// Deterministic: the same scenario, seed and replication give identical results (the
/// series do not depend on `rows`).
RunResult run_market(const scenario::Scenario& scenario, std::uint64_t replication, RunRows rows = RunRows::ALL);

}  // namespace cmsim::market
