#include "models/scenario/item_lookup.h"

namespace cmsim::scenario {

YamlNode* find_item_by_id(YamlNode& list, std::string_view id) {
  if (!list.is_sequence()) return nullptr;
  for (auto& item : list.items) {
    const YamlNode* node = item.is_map() ? item.find("id") : nullptr;
    if (node && node->is_scalar() && node->scalar == id) return &item;
  }
  return nullptr;
}

std::vector<std::string> item_ids(const YamlNode& list) {
  std::vector<std::string> ids;
  for (const auto& item : list.items) {
    const YamlNode* node = item.is_map() ? item.find("id") : nullptr;
    if (node && node->is_scalar()) ids.push_back(node->scalar);
  }
  return ids;
}

}  // namespace cmsim::scenario
