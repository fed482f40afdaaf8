// The market model's entry point: one replication of a scenario, run on the engine's
// scheduler from the horizon's start to its end, returning the recorded tables.
#pragma once

#include <cstdint>
#include <memory>
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
  // The vendor's order book for it, legal cards (market/order_book.h): entered this quarter,
  // cancelled this quarter, and held at the close.
  double ordered_units = 0;
  double cancelled_units = 0;
  double backlog_units = 0;
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

struct MarketState;

/// One replication that can stop at a time and be forked: its whole state (model state,
/// pending events, random streams, the series recorded so far) copied onto another
/// scenario that shares its history up to then (fork.h decides when that is). A forked run
/// continues exactly as a run of the other scenario from its start would (tested byte for
/// byte in tests/market/test_fork.cpp).
class MarketRun {
 public:
  MarketRun(const scenario::Scenario& scenario, std::uint64_t replication, RunRows rows = RunRows::ALL);
  ~MarketRun();
  MarketRun(const MarketRun&) = delete;
  MarketRun& operator=(const MarketRun&) = delete;

  /// Runs every event before `t` (nothing if the clock is past it).
  void run_before(engine::Time t);
  /// The time before which every event has run (the start, then the last run_before).
  engine::Time reached() const { return reached_; }
  /// A copy of this run as a run of `other` from reached() on: `other` must share this
  /// run's history up to then (same everything but events and products whose effects all
  /// lie later, products a subsequence of this run's: fork.h's divergence()). `other` must
  /// outlive the copy.
  std::unique_ptr<MarketRun> fork(const scenario::Scenario& other) const;
  /// Runs to the horizon's end and returns the tables (once).
  RunResult finish();

 private:
  MarketRun() = default;
  std::unique_ptr<MarketState> m_;
  engine::Time reached_{};
};

/// Runs replication `replication` of the scenario with master seed `scenario.seed`.
/// Deterministic: the same scenario, seed and replication give identical results (the
/// series do not depend on `rows`).
RunResult run_market(const scenario::Scenario& scenario, std::uint64_t replication, RunRows rows = RunRows::ALL);

}  // namespace cmsim::market
