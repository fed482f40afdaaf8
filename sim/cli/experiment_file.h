// An experiment file (YAML): levers (scenario files: the policy options) crossed with
// uncertainties (key paths set like --set, each a range or a list of levels) under a
// design, with replications and named outcomes. docs/experiments.md has the format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/analysis/outcome.h"
#include "sim/engine/distribution.h"
#include "sim/experiment/design_kind.h"

namespace cmsim::cli {

enum class GridDesign { FULL_FACTORIAL, ONE_AT_A_TIME, SAMPLED };

struct Uncertainty {
  std::string key;                                   ///< a --set key path, e.g. parameters.beta_risk
  double low = 0, high = 0;                          ///< a range (when levels is empty)
  std::vector<double> levels;                        ///< explicit levels (sorted as given)
  std::optional<engine::Distribution> distribution;  ///< {dist: ...} as in scenario files
  /// The value at unit coordinate u (sampled designs): low + u (high - low), levels[floor(u L)],
  /// or the distribution's quantile at u.
  double at(double u) const;
  /// The grid levels: the explicit ones, `count` equally spaced from low to high, or the
  /// distribution's quantiles at (i + 1/2) / count (the middles of equal-probability strata).
  std::vector<double> grid(std::size_t count) const;
};

struct ExperimentFile {
  std::string path;
  std::vector<std::pair<std::string, std::string>> levers;  ///< (name, scenario path as resolved)
  std::vector<Uncertainty> uncertainties;
  GridDesign grid = GridDesign::SAMPLED;
  experiment::DesignKind sampled = experiment::DesignKind::RANDOM;
  std::string design_name;
  std::uint64_t samples = 3;  ///< sampled designs: points; grid designs: levels of a range
  std::uint64_t replications = 1;
  std::optional<std::uint64_t> seed;
  std::vector<std::pair<std::string, std::string>> outcomes;  ///< (name, METRIC:PERIOD:REDUCTION)

  /// The design's points: one value per uncertainty each, in run order.
  std::vector<std::vector<double>> points() const;
};

/// Reads and checks the file; throws engine::InputError listing every problem with its
/// file:line:col and key.
ExperimentFile read_experiment_file(const std::string& path);

}  // namespace cmsim::cli
