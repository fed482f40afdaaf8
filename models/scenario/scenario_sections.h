// The scenario reader's sections (internal to cmsim_scenario): one reader of the YAML tree
// into the typed Scenario, its member functions spread over the files that read each part —
// scenario_builder.cpp (the top level, horizon, seed, parameters), entity_sections.cpp
// (ecosystems, vendors, products, buyers, developers, routes), event_section.cpp (events;
// each kind's keys are read by its instrument's key table) and metric_section.cpp (metrics).
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/field_reader.h"
#include "models/scenario/limits.h"

namespace cmsim::scenario {

/// Reads a composed YAML tree into BuiltScenario::scenario, reporting every problem.
class ScenarioReader : public FieldReader {
 public:
  ScenarioReader(ErrorList& errors, BuiltScenario& out) : FieldReader(errors, out) {}

  void build(const YamlNode& root);

 private:
  using Keys = std::initializer_list<const char*>;
  static std::vector<std::string> keys(Keys k) { return std::vector<std::string>(k.begin(), k.end()); }
  /// Records a list at `path`; false (with the error) if it is not a list, `expected`
  /// naming what should be there, or has more than MAX_LIST_ITEMS items.
  bool open_list(const YamlNode& n, const std::string& path, const std::string& expected) {
    remember(path, n);
    if (!n.is_sequence()) {
      wrong(n, path, expected);
      return false;
    }
    if (n.items.size() > MAX_LIST_ITEMS) {
      error(n.loc, path,
            "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " items, got " +
                std::to_string(n.items.size()));
      return false;
    }
    return true;
  }
  /// A list of maps, each read by `item(index, node, path)`.
  template <typename T, typename F>
  void list_of(const YamlNode& root, const char* key, std::vector<T> Scenario::*field, F item) {
    const YamlNode* n = get(root, key);
    if (!n) return;
    if (!open_list(*n, key, "a list")) return;
    (s_.*field).resize(n->items.size());
    for (std::size_t i = 0; i < n->items.size(); ++i) item(i, n->items[i], idx(key, i));
  }

  // --- sections ----------------------------------------------------------------------
  void horizon(const YamlNode& root);
  void seed(const YamlNode& n);
  void parameters(const YamlNode& n);
  void ecosystem(std::size_t i, const YamlNode& n, const std::string& path);
  void milestones(std::size_t i, const YamlNode& n, const std::string& path);
  void vendor(std::size_t i, const YamlNode& n, const std::string& path);
  void capacity_ceiling(std::size_t i, const YamlNode& c, const std::string& path);
  void redesign(std::size_t i, const YamlNode& r, const std::string& path);
  void product(std::size_t i, const YamlNode& n, const std::string& path);
  void product_key(std::size_t i, const YamlNode& n, const std::string& path, const std::string& key);
  void buyer(std::size_t i, const YamlNode& n, const std::string& path);
  void buyer_key(std::size_t i, const YamlNode& n, const std::string& path, const std::string& key);
  void readiness(std::size_t i, const YamlNode& r, const std::string& path);
  void developers(const YamlNode& n);
  void network(const YamlNode& net, const std::string& path);
  void route(std::size_t i, const YamlNode& n, const std::string& path);
  void event(std::size_t i, const YamlNode& n, const std::string& path);
  void event_common(std::size_t i, const YamlNode& n, const std::string& path);
  void requirements(std::size_t i, const YamlNode& n, const std::string& path);
  void metrics(const YamlNode& n);
  void headline(const YamlNode& n);
  std::optional<ProductSelector> selector(const YamlNode& n, const std::string& path);
};

}  // namespace cmsim::scenario
