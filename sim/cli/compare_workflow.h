// `cmsim compare`'s workflow: both scenarios on the same replications and parameter draws
// (common random numbers) through the sweep runner, the paired difference and its
// interval, base/ and alt/ as sweeps with their manifests and events, and the printed
// summary. cmd_compare.cpp parses the options into a CompareRequest and calls compare().
#pragma once

#include <string>
#include <vector>

#include "sim/cli/compare_summary.h"
#include "sim/cli/experiment_command.h"

namespace cmsim::cli {

struct CompareRequest {
  std::string base_path, alt_path;
  SummaryPeriod period;
  ExperimentOptions options;      ///< checked; its output is resolved by compare()
  bool fork = true;               ///< run shared history once (--no-fork: false)
  std::vector<std::string> argv;  ///< the command line, for the manifest
};

/// Loads both scenarios (overrides from options.sets), checks the cost and the output
/// location, runs and writes the comparison. Returns the exit status.
int compare(CompareRequest request);

}  // namespace cmsim::cli
