// The file `cmsim calibrate` writes: a scenario that extends the input scenario and sets
// the fitted parameters, with a header comment saying how it was produced.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cmsim::calibration {

struct CalibratedScenario {
  std::string name;                                        ///< "<scenario>-calibrated"
  std::string description;                                 ///< one line
  std::string extends;                                     ///< path of the input scenario, relative to the written file
  std::vector<std::pair<std::string, double>> parameters;  ///< fitted values, in --params order
  std::vector<std::string> comments;                       ///< header lines (without "# ")
};

/// YAML text of the scenario: header comments, name, description, extends, parameters.
/// Numbers are written as the shortest decimal that reads back to the same double.
std::string to_yaml(const CalibratedScenario& scenario);

}  // namespace cmsim::calibration
