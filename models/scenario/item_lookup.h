// Items of a YAML list of maps by their `id:` key, so that `--set events.<id>.<field>` and
// `--set products.<id>.<field>` address an item by id instead of its list index (which
// changes when a scenario removes or adds events).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// The map in `list` whose `id` is `id`, or nullptr.
YamlNode* find_item_by_id(YamlNode& list, std::string_view id);
/// The ids of the list's items, in order (for "expected one of ..." messages).
std::vector<std::string> item_ids(const YamlNode& list);

}  // namespace cmsim::scenario
