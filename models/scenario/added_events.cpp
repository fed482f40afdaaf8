#include "models/scenario/added_events.h"

namespace cmsim::scenario {
namespace {

bool same_place(const SourceLocation& a, const SourceLocation& b) {
  return a.line == b.line && a.column == b.column && a.source && b.source && *a.source == *b.source;
}

/// Replaces ": events[N]" followed by '.', ':' or ' ' with ": <name>" in `m`.
void rename(std::string& m, const std::string& from, const std::string& to) {
  const std::string needle = ": " + from;
  for (std::size_t at = m.find(needle); at != std::string::npos; at = m.find(needle, at + 2 + to.size())) {
    const std::size_t end = at + needle.size();
    if (end < m.size() && m[end] != '.' && m[end] != ':' && m[end] != ' ') continue;
    m.replace(at + 2, from.size(), to);
  }
}

}  // namespace

std::vector<std::string> name_added_events(std::vector<std::string> messages, const YamlNode& tree,
                                           const std::vector<AddedItem>& added) {
  const YamlNode* events = tree.is_map() ? tree.find("events") : nullptr;
  if (added.empty() || !events || !events->is_sequence()) return messages;
  for (std::size_t i = 0; i < events->items.size(); ++i)
    for (const auto& a : added)
      if (same_place(events->items[i].loc, a.declared))
        for (auto& m : messages) rename(m, "events[" + std::to_string(i) + "]", a.name);
  return messages;
}

}  // namespace cmsim::scenario
