// What `cmsim calibrate` and `cmsim backtest` share: the free parameters (--params,
// --bounds), the calibration origin (--origin), the loss as a function of the parameters
// under common random numbers, and one fit with the NLopt optimiser (docs/calibration.md).
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "models/calibration/target.h"
#include "models/scenario/scenario.h"
#include "sim/engine/date.h"
#include "sim/experiment/optimiser.h"

namespace cmsim::cli {

struct FreeParameter {
  const scenario::ParameterSpec* spec = nullptr;
  experiment::Bounds bounds;
  double start = 0;
};

/// --params and --bounds, checked against the parameter table (UsageError, one line).
std::vector<FreeParameter> parse_free_parameters(const std::string& params, const std::vector<std::string>& bounds,
                                                 const scenario::Scenario& s);

/// A calendar quarter "2024Q4" given to `option` (UsageError otherwise).
engine::Quarter parse_origin(const std::string& option, const std::string& text);

/// The protocol: every row with role calibration ends on or before the origin. Throws
/// engine::InputError, one positioned message per offending row, naming it.
void check_calibration_origin(const calibration::TargetSet& targets, engine::Quarter origin);

/// --method: bobyqa | sbplx | neldermead (UsageError otherwise).
experiment::Method parse_method_option(const std::string& text);

struct FitSettings {
  std::uint64_t runs = 20;
  unsigned threads = 1;
  std::uint64_t seed = 0;
  experiment::OptimiserOptions optimiser;
  /// Called after each evaluation (1-based count, point, loss, whether it is a new best).
  std::function<void(std::size_t, std::span<const double>, double, bool)> on_evaluation;

  /// What calibrate and backtest share: `runs` replications on `threads` with the scenario's
  /// seed, `method` for at most `max_evaluations`, stopping early at a loss of 0 (every band met).
  static FitSettings of(std::uint64_t runs, unsigned threads, std::uint64_t seed, experiment::Method method,
                        std::size_t max_evaluations) {
    FitSettings f;
    f.runs = runs;
    f.threads = threads;
    f.seed = seed;
    f.optimiser.method = method;
    f.optimiser.max_evaluations = max_evaluations;
    f.optimiser.target_value = 0;
    return f;
  }
};

/// The loss of the targets' in-loss rows as a function of the free parameters: the same
/// replications 0..runs−1 with the same seed at every point (common random numbers).
class CalibrationLoss {
 public:
  CalibrationLoss(const scenario::Scenario& s, const calibration::TargetSet& targets, std::vector<FreeParameter> free,
                  const FitSettings& settings);
  /// The loss at x; also the p50 of every target at x (p50_out may be null).
  double operator()(std::span<const double> x, std::vector<double>* p50_out = nullptr) const;
  std::size_t evaluations() const { return evaluations_; }

 private:
  const scenario::Scenario& s_;
  const calibration::TargetSet& targets_;
  std::vector<FreeParameter> free_;
  FitSettings settings_;
  mutable std::size_t evaluations_ = 0;
};

struct FitOutcome {
  experiment::OptimiserResult result;
  double start_loss = 0;
  std::vector<double> best_p50;  ///< per target of the set, at the best point
};

/// Minimises the loss from each parameter's start within its bounds. Throws
/// engine::InputError when no point gives a finite loss (a median that is NaN everywhere).
FitOutcome fit_parameters(const scenario::Scenario& s, const calibration::TargetSet& targets,
                          const std::vector<FreeParameter>& free, const FitSettings& settings);

}  // namespace cmsim::cli
