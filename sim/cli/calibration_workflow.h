// `cmsim calibrate`'s workflow: fits free model parameters by minimising the weighted
// distance of the Monte Carlo medians from the calibration targets' bands
// (models/calibration/calibration_loss.h) with a bounded NLopt method, under common random
// numbers, reports the loss's curvature at the optimum (identifiability), and writes the
// fit as a scenario that extends the input (docs/calibration.md). cmd_calibrate.cpp parses
// the options into a CalibrationRequest and calls calibrate().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/date.h"
#include "sim/experiment/optimiser.h"

namespace cmsim::cli {

struct CalibrationRequest {
  std::string scenario_path, targets_path;
  std::string params;               ///< --params a,b,c
  std::vector<std::string> bounds;  ///< --bounds name=lo:hi
  engine::Quarter origin;
  experiment::Method method = experiment::Method::BOBYQA;
  std::uint64_t runs = 20, max_evals = 100, starts = 1;
  unsigned threads = 1;
  std::optional<std::string> seed;  ///< --seed as typed: checked after the scenario loads
  bool identifiability = true;
  std::string out_path;  ///< "" for output/<scenario>-calibrated.yaml
  bool force = false;
  std::string command;  ///< the command line the written file says reproduces it
};

/// Checks every input before the first replication runs (nothing is written on bad
/// input), fits, prints progress and the fit, and writes the calibrated scenario (and
/// its identifiability table) atomically. Returns the exit status.
int calibrate(const CalibrationRequest& request);

/// A word of a command line as a shell needs it to reproduce the call.
std::string shell_word(const std::string& word);

}  // namespace cmsim::cli
