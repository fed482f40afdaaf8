// Messages about an event a child scenario appended with `add_events:` name it by its place
// in that list ("add_events[0].effective"), not by its place in the composed event list
// ("events[31].effective"), which the user never wrote.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/removed_item.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// `messages` with each "events[N]" key path of an added event (found in the composed
/// `tree` by where it was written) renamed to its AddedItem::name.
std::vector<std::string> name_added_events(std::vector<std::string> messages, const YamlNode& tree,
                                           const std::vector<AddedItem>& added);

}  // namespace cmsim::scenario
