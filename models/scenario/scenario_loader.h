// Reads a scenario file: YAML parsing (yaml-cpp), composition (`extends:`, deep
// override of maps, replacement of lists, `remove_events:`, `add_events:`), command-line
// overrides (`--set key.path=value`), and validation. Every problem found in a file is
// reported together, each as "file:line:col: key.path: what was expected, got what".
#pragma once

#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::scenario {

/// One `--set key.path=value` from the command line, e.g. {"parameters.beta_risk", "3.5"}.
struct Override {
  std::string key_path;
  std::string value;
};

/// Parses "key.path=value"; throws engine::InputError on a malformed override and on an
/// empty value ("--set seed=" would otherwise silently reset the key to its default).
Override parse_override(const std::string& text);

/// Loads, composes and validates a scenario. Distribution-valued numbers take their mean;
/// each is listed in Scenario::uncertain with a setter, so callers can sample.
/// Throws engine::InputError listing every error found. When `files_read` is given, it
/// receives every file the scenario was composed from: `path`, then the file it extends,
/// and so on (what a result depends on; the CLI hashes them).
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {},
                       std::vector<std::string>* files_read = nullptr);

}  // namespace cmsim::scenario
