// What `cmsim validate-history` and `cmsim calibrate` share: Monte Carlo replications of a
// scenario, each reduced to the values of a targets file's facts, run on the sweep runner
// (threads, replication-order results) with the same parameter draws as `cmsim sweep`.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/calibration/target.h"
#include "models/scenario/scenario.h"
#include "sim/experiment/progress_reporter.h"

namespace cmsim::cli {

/// A model parameter held at a value in every replication (not sampled even when the
/// scenario gives it a distribution).
struct FixedParameter {
  const scenario::ParameterSpec* spec = nullptr;
  double value = 0;
};

struct TargetReplications {
  std::vector<std::vector<double>> values;  ///< [target][replication], replication order
  double seconds = 0;
};

/// Runs replications 0..runs-1 of the scenario. The scenario's uncertain parameters are
/// drawn by the random design from `seed` exactly as in `cmsim sweep --seed seed` (same
/// dimensions, so the same draws), except the fixed ones. Every call with the same
/// arguments but other fixed values sees the same replication streams and draws: common
/// random numbers. Throws what a replication throws (engine::InputError for a target
/// naming an unknown timeseries column).
TargetReplications run_target_replications(const scenario::Scenario& scenario, const calibration::TargetSet& targets,
                                           std::span<const FixedParameter> fixed, std::uint64_t runs, unsigned threads,
                                           std::uint64_t seed, experiment::ProgressMode progress,
                                           const std::string& label);

/// "3.4%", "$12.30B", "1,000k"-style text of a target's value, by its metric's unit.
std::string format_target_value(const calibration::Target& target, double value);

}  // namespace cmsim::cli
