// `cmsim sweep`'s workflow: Monte Carlo over a scenario's uncertain parameters through the
// sweep runner (threads, MPI, checkpoints, resume, shards). cmd_sweep.cpp parses the
// options and calls sweep().
#pragma once

#include <string>
#include <vector>

#include "sim/cli/experiment_command.h"

namespace cmsim::cli {

/// Loads the scenario at `path` (overrides from o.sets), checks the cost and the output
/// location, runs and writes the sweep; `argv`: the command line, for the manifest.
/// Returns the exit status.
int sweep(const std::string& path, ExperimentOptions o, const std::vector<std::string>& argv);

}  // namespace cmsim::cli
