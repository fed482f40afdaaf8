// `cmsim sensitivity` as a study (study.h): global sensitivity of outcomes to a scenario's
// uncertain (distribution-valued) parameters, or to an experiment file's uncertainties, by
// Morris elementary effects or Sobol indices; sensitivity.csv and sensitivity_design.csv.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/study.h"
#include "sim/experiment/design_kind.h"

namespace cmsim::cli {

struct SensitivityRequest {
  std::string path;                     ///< a scenario file, or an experiment file with uncertainties (one lever)
  std::string method;                   ///< "morris" or "sobol"
  std::vector<std::string> outcomes;    ///< METRIC:PERIOD:REDUCTION, or an experiment file's outcome names
  std::uint64_t runs = 0;               ///< Morris trajectories, or Sobol base points
  std::optional<std::uint64_t> levels;  ///< Morris grid levels, even (default 4)
  std::uint64_t resamples = 200;        ///< bootstrap resamples of the intervals
  std::optional<experiment::DesignKind> design;  ///< Sobol's base points (default sobol); Morris has its own
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::uint64_t max_agent_quarters = UINT64_MAX;
};

/// Checks the request (naming the CLI's option of a bad value), loads the scenario and
/// plans the design. Throws InputError/UsageError.
Study sensitivity_study(const SensitivityRequest& request);

}  // namespace cmsim::cli
