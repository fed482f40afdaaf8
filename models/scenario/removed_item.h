// What composition removed from a parent scenario, and why: an event named in
// `remove_events:`, an event that `requires` a removed one, a product that
// `launch_requires` one, a lift or amendment whose targets are all gone. Listed by
// `cmsim events` / `cmsim products` and written to events.csv (kind "removed").
#pragma once

#include <string>
#include <vector>

#include "models/scenario/source_location.h"

namespace cmsim::scenario {

struct RemovedItem {
  std::string kind;         ///< "event" or "product"
  std::string id;           ///< its id
  std::string date;         ///< as written: an event's effective date, a product's launch ("" if none)
  std::string reason;       ///< "remove_events at FILE:LINE:COL", "requires X (removed)", ...
  SourceLocation declared;  ///< where the item was written
};

/// An event a child appended with `add_events:`, so that messages about it can name it
/// "add_events[i]" rather than its place in the composed list (added_events.h).
struct AddedItem {
  SourceLocation declared;
  std::string name;  ///< "add_events[0]"
};

/// What composition did beyond merging: removals (with reasons) and additions.
struct CompositionLog {
  std::vector<RemovedItem> removed;
  std::vector<AddedItem> added;
};

}  // namespace cmsim::scenario
