// `cmsim experiment` as a study (study.h): levers x design points of the uncertainties x
// replications, and experiments.csv with one row per run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/study.h"

namespace cmsim::cli {

struct ExperimentRequest {
  std::string path;  ///< the experiment file; or, with `text`, a label for messages
  /// The file's content given as text (YAML or JSON: the Python API's dict), relative
  /// scenario paths resolved against `dir`; empty: read `path`.
  std::optional<std::string> text;
  std::string dir;
  std::vector<std::string> sets;  ///< --set key=value, applied to every lever
  std::optional<std::uint64_t> seed;
  std::uint64_t max_agent_quarters = UINT64_MAX;
  bool fork = true;  ///< levers on one replication share history and fork where they part (--no-fork: false)
};

/// Reads and checks the experiment, loads every lever with the first point's values (a bad
/// key is reported before anything runs) and plans its runs. Throws InputError/UsageError.
Study experiment_study(const ExperimentRequest& request);

}  // namespace cmsim::cli
