// One replication of a scenario, as `cmsim run` writes it: timeseries.csv, products.csv,
// ecosystems.csv, events.csv and the manifest, atomically (docs/output.md), and a yearly
// summary on stdout. cmd_run.cpp parses the options, loads and checks the scenario and
// calls run_replication().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/cli/output_location.h"

namespace cmsim::cli {

struct RunJob {
  scenario::Scenario scenario;     ///< loaded, its seed and sampled values set
  std::string path;                ///< the scenario file (its removed events are read again from it)
  std::vector<std::string> files;  ///< the files its extends: chain read, for the manifest
  std::uint64_t replication = 0;
  OutputLocation where;           ///< checked
  std::vector<std::string> argv;  ///< the command line, for the manifest
  bool quiet = false;             ///< no summary table
};

/// Runs the replication, checks every value is finite before anything is written, writes
/// the folder and prints the summary. Returns the exit status.
int run_replication(const RunJob& job);

}  // namespace cmsim::cli
