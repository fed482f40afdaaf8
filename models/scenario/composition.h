// Scenario composition: a file may `extends:` another (path relative to the file). The
// parent's tree is merged with the child's (maps key by key, the child wins; lists are
// replaced whole), then `remove_events:` and `add_events:` edit the parent's events.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/scenario/error_list.h"
#include "models/scenario/removed_item.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// Reads `path` and everything it extends into one tree without the composition keys.
/// Adds every problem to `errors`; returns nullopt when nothing usable was read. When
/// `files_read` is given, appends each file read: `path` first, then its parent, and so on.
/// When `log` is given, appends what `remove_events:` removed and what that removal
/// cascaded to (each with the reason), and the events `add_events:` appended.
std::optional<YamlNode> compose_scenario_file(const std::string& path, ErrorList& errors,
                                              std::vector<std::string>* files_read = nullptr,
                                              CompositionLog* log = nullptr);

/// Deep merge: maps key by key (over wins), anything else replaced by `over`.
void merge_into(YamlNode& base, const YamlNode& over);

}  // namespace cmsim::scenario
