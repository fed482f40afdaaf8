// Turns a composed YAML tree into the typed Scenario, checking every key, type and range
// on the way (unknown keys, wrong types, negative quantities, bad dates, probabilities
// outside [0, 1]). Cross-references are checked afterwards by check_scenario().
#pragma once

#include <map>
#include <string>

#include "models/scenario/error_list.h"
#include "models/scenario/scenario.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// Where each key path ("events[3].requires[0]") was written, for later messages.
using SourceMap = std::map<std::string, SourceLocation>;

struct BuiltScenario {
  Scenario scenario;
  SourceMap where;
  SourceLocation root;  ///< the top of the scenario file
  /// Events whose dates follow a required event (requires with lag_days): set by checks.
  std::vector<std::size_t> events_dated_by_lag;
};

/// Builds the scenario; every problem found is added to `errors`.
BuiltScenario build_scenario(const YamlNode& root, ErrorList& errors);

}  // namespace cmsim::scenario
