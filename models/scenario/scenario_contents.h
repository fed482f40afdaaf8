// What a composed scenario holds and where each piece came from: the files of its
// `extends:` chain, what `remove_events:` removed (and what that cascaded to, and why),
// and for each model parameter whether its value is the default, from a file and line,
// or from `--set`. Read by `cmsim parameters/events/products SCENARIO` and by the run's
// events.csv (removed events).
#pragma once

#include <string>
#include <vector>

#include "models/scenario/removed_item.h"
#include "models/scenario/scenario.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

struct ScenarioContents {
  std::vector<std::string> files;    ///< the extends: chain, the scenario's own file first
  std::vector<RemovedItem> removed;  ///< in the order composition removed them
  YamlNode tree;                     ///< the composed tree, before --set
};

/// Composes `path` (as load_scenario does, without building it); a removed event dated by
/// a lag after another gets the date it has in the file that declares it. Throws
/// engine::InputError on a file that cannot be composed; call load_scenario first for
/// the full validation.
ScenarioContents scenario_contents(const std::string& path);

/// Where a scenario item (`list` "events" or "products", by id) was written:
/// "file:line:col", or "" when it is not in the composed tree.
std::string declared_at(const ScenarioContents& contents, const char* list, const std::string& id);

struct ParameterOrigin {
  std::string name;
  std::string unit;
  double value = 0;          ///< in effect (a distribution's mean)
  double default_value = 0;  ///< the model's default
  std::string origin;        ///< "default", "file:line:col" (", distribution mean"), or "--set key=value"
};

/// Every model parameter of `s` (loaded from `contents` with `overrides`), in
/// documentation order, with where its value came from.
std::vector<ParameterOrigin> parameter_origins(const Scenario& s, const ScenarioContents& contents,
                                               const std::vector<Override>& overrides);

}  // namespace cmsim::scenario
