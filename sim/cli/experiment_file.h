// An experiment file (YAML): levers (the policy options: scenario files, a scenario with
// events removed, or a scenario with values set) crossed with uncertainties (key paths set
// like --set, each a range, a list of levels or a distribution) under a design, with
// replications and named outcomes. docs/experiments.md has the format.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.h"
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

/// A policy option: a scenario file, optionally with events removed (as its `remove_events:`
/// would remove them, with what requires them) and values set (as `--set` would).
struct Lever {
  std::string name;
  std::string scenario;                    ///< the scenario file, resolved against the experiment file's folder
  std::vector<std::string> remove_events;  ///< event ids
  std::vector<scenario::Override> sets;    ///< applied after the command's --set, before the point's values
  std::string where;                       ///< "file:line:col: levers.NAME" (messages)
};

struct ExperimentFile {
  std::string path;  ///< the file, or a label for text (`<dict>`)
  std::vector<Lever> levers;
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
/// The same from YAML (or JSON) text: `label` names it in messages, relative scenario paths
/// are resolved against `dir` (the Python API's experiment given as a dict).
ExperimentFile read_experiment_text(const std::string& text, const std::string& label, const std::string& dir);

}  // namespace cmsim::cli
