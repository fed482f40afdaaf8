// `cmsim backtest`'s workflow: rolling-origin out-of-sample skill. For each origin T the
// free parameters are fitted (as calibrate does) to the history rows that end by T, the
// scenario is run forward at the fit, and every history row that ends after T is scored
// against the model's replications and against two naive forecasters
// (models/calibration/backtest.h, docs/calibration.md). cmd_backtest.cpp parses the
// options into a BacktestRequest and calls backtest().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/date.h"
#include "sim/experiment/optimiser.h"

namespace cmsim::cli {

struct BacktestRequest {
  std::string scenario_path, targets_path;
  std::vector<engine::Quarter> origins;  ///< increasing
  std::string origins_text;              ///< --origins as given (the manifest records it)
  std::string params;                    ///< --params a,b
  std::vector<std::string> bounds;       ///< --bounds name=lo:hi
  /// --start: where each origin's fit starts. The model's defaults by default: a scenario's
  /// values may have been fitted to rows that end after an origin, and a fit that stops at
  /// once (every band met at the start) would forecast with them.
  bool start_from_scenario = false;
  std::uint64_t runs = 20, max_evals = 40;
  experiment::Method method = experiment::Method::BOBYQA;
  unsigned threads = 1;
  std::optional<std::string> seed;  ///< --seed as typed: checked after the scenario loads
  std::string out_dir;              ///< "" for output/<scenario>-backtest
  bool force = false;
  std::vector<std::string> argv;  ///< the command line, for the manifest
};

/// Checks every input before anything runs or is written, fits and scores each origin
/// (progress on stderr, one summary line per origin on stdout), and writes backtest.csv,
/// fits.csv and the manifest atomically. Returns the exit status.
int backtest(const BacktestRequest& request);

}  // namespace cmsim::cli
