// Reads a targets file (scenarios/targets/history.yaml; format in its header and in
// docs/calibration.md) and checks it against a scenario. Every problem is reported
// together, each as "file:line:col: key.path: what", thrown as engine::InputError.
#pragma once

#include <string>

#include "models/calibration/target.h"
#include "models/scenario/scenario.h"

namespace cmsim::calibration {

/// Loads and validates a targets file; unknown keys are errors. Throws engine::InputError.
TargetSet load_targets(const std::string& path);

/// Checks what only the scenario can tell: product and vendor ids exist, and every period
/// lies inside the horizon. Throws engine::InputError listing every problem.
void check_targets(const TargetSet& targets, const scenario::Scenario& scenario);

}  // namespace cmsim::calibration
