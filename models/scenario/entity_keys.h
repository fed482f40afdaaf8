// The keys of an entity in a scenario file as data, one row each: the reader's allow-list,
// the bounds a number is checked against (and so its error message), where it goes, and
// the row of the generated table in docs/scenarios.md (tests/scenario/test_entity_keys.cpp
// checks the docs hold it). A new numeric field is a member of the entity's struct
// (scenario.h, product.h) and a row in its table (entity_keys.cpp); then paste the
// regenerated table.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/bounds.h"
#include "models/scenario/scenario.h"

namespace cmsim::scenario {

template <class T>
struct EntityKey {
  std::string_view key;
  /// Where a number goes; null for a key the reader reads by hand (an id, a list, a map).
  double T::*number = nullptr;
  Bounds bounds{};               ///< a number's allowed range (its message and docs type)
  std::string_view unit;         ///< a number's unit, after its range in the docs ("cards/quarter")
  std::string_view type;         ///< the docs type of a key read by hand
  std::string_view when_absent;  ///< the docs default of a key read by hand ("required", "none")
  std::string_view meaning;
  bool required = false;  ///< a number that must be given
};

/// A vendor's keys, in the order the reader reads them.
std::span<const EntityKey<Vendor>> vendor_keys();
/// The keys of a vendor's `redesign:` map.
std::span<const EntityKey<Redesign>> redesign_keys();

/// A product's keys, in the order the reader reads them.
std::span<const EntityKey<Product>> product_keys();

/// A buyer segment's keys, in the order the reader reads them.
std::span<const EntityKey<Buyer>> buyer_keys();

/// An ecosystem's keys, in the order the reader reads them.
std::span<const EntityKey<Ecosystem>> ecosystem_keys();

/// A route's keys, in the order the reader reads them.
std::span<const EntityKey<TradeRoute>> route_keys();

/// The developers section's keys, in the order the reader reads them.
std::span<const EntityKey<DeveloperPopulation>> developer_keys();
/// The keys of the developers section's `network:` map.
std::span<const EntityKey<DeveloperPopulation>> network_keys();

/// The names of a table's keys (an allow-list for FieldReader::open_map).
template <class T>
std::vector<std::string> key_names(std::span<const EntityKey<T>> keys) {
  std::vector<std::string> out;
  for (const auto& k : keys) out.emplace_back(k.key);
  return out;
}

/// docs/scenarios.md's table of vendor keys (markdown), redesign keys as `redesign.<key>`.
std::string vendor_table_markdown();
/// docs/scenarios.md's table of product keys (markdown).
std::string product_table_markdown();
/// docs/scenarios.md's table of buyer segment keys (markdown).
std::string buyer_table_markdown();
/// docs/scenarios.md's table of ecosystem keys (markdown).
std::string ecosystem_table_markdown();

/// docs/scenarios.md's table of route keys (markdown).
std::string route_table_markdown();

/// docs/scenarios.md's table of the developers section's keys (markdown), network keys as
/// `network.<key>`.
std::string developer_table_markdown();

}  // namespace cmsim::scenario
