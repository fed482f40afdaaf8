// `cmsim validate-history`'s workflow: the model's p05/p50/p95 of every historical fact
// across Monte Carlo replications, against the fact's band (docs/calibration.md); exit 1
// when a `must` fact's median lies outside its band. cmd_validate_history.cpp parses the
// options into a HistoryRequest and calls validate_history().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.h"

namespace cmsim::cli {

struct HistoryRequest {
  std::string scenario_path;
  std::string targets_path;  ///< "" for targets/history.yaml beside the scenario, else scenarios/targets/history.yaml
  std::vector<scenario::Override> overrides;
  std::uint64_t runs = 100;
  unsigned threads = 1;
  std::optional<std::string> seed;  ///< --seed as typed: checked after the scenario loads
  std::string out_dir;              ///< "" for output/<scenario>-history
  bool force = false;
  std::vector<std::string> argv;  ///< the command line, for the manifest
};

/// Checks every input before anything runs or is written, runs the replications, writes
/// calibration.csv and the manifest atomically, prints the table. Returns EXIT_OK, or
/// EXIT_CHECK_FAILED when a `must` fact's median lies outside its band.
int validate_history(const HistoryRequest& request);

}  // namespace cmsim::cli
