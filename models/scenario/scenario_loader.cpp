#include "models/scenario/scenario_loader.h"

#include <cctype>

#include "models/scenario/added_events.h"
#include "models/scenario/composition.h"
#include "models/scenario/error_list.h"
#include "models/scenario/item_lookup.h"
#include "models/scenario/scenario_builder.h"
#include "models/scenario/scenario_checks.h"
#include "models/scenario/yaml_reader.h"
#include "sim/engine/input_error.h"

namespace cmsim::scenario {
namespace {

/// One step of a key path: a map key or a list index.
struct PathStep {
  std::string key;
  std::optional<std::size_t> index;
};

/// Splits "buyers[0].count" into steps; nullopt if malformed.
std::optional<std::vector<PathStep>> split_path(const std::string& path) {
  std::vector<PathStep> steps;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t j = i;
    while (j < path.size() && (std::isalnum(static_cast<unsigned char>(path[j])) || path[j] == '_' || path[j] == '-'))
      ++j;
    if (j == i) return std::nullopt;
    steps.push_back({path.substr(i, j - i), std::nullopt});
    while (j < path.size() && path[j] == '[') {
      const std::size_t close = path.find(']', j);
      if (close == std::string::npos || close == j + 1 || close - j > 7) return std::nullopt;
      const std::string digits = path.substr(j + 1, close - j - 1);
      if (digits.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
      steps.push_back({"", std::stoul(digits)});
      j = close + 1;
    }
    if (j == path.size()) break;
    if (path[j] != '.' || j + 1 == path.size()) return std::nullopt;
    i = j + 1;
  }
  if (steps.empty()) return std::nullopt;
  return steps;
}

/// The node at a key path of `root` (list items by index or by id; maps and keys made on
/// the way, as `--set` sets a key the file leaves out); nullptr, reported, when the path
/// cannot lead anywhere.
YamlNode* node_at(YamlNode& root, const std::vector<PathStep>& steps, const SourceLocation& where, ErrorList& errors) {
  YamlNode* node = &root;
  std::string path;
  for (const auto& step : steps) {
    if (step.index) {
      path.append("[").append(std::to_string(*step.index)).append("]");
      if (!node->is_sequence() || *step.index >= node->items.size()) {
        const std::size_t n = node->is_sequence() ? node->items.size() : 0;
        errors.add(where, path,
                   n ? "expected an index below " + std::to_string(n) + ", got " + std::to_string(*step.index)
                     : "expected a list with an element " + std::to_string(*step.index) + ", got " +
                           (node->is_sequence() ? std::string("an empty list") : node->describe()));
        return nullptr;
      }
      node = &node->items[*step.index];
      continue;
    }
    if (!path.empty()) path.append(".");
    path.append(step.key);
    if (node->is_sequence()) {  // events.<id>.field: a list item by its id (item_lookup.h)
      YamlNode* item = find_item_by_id(*node, step.key);
      if (!item) {
        errors.add(where, path, unknown_name_message("an id in this list", step.key, item_ids(*node)));
        return nullptr;
      }
      node = item;
      continue;
    }
    if (node->is_null()) {
      node->kind = YamlNode::Kind::MAP;
      node->loc = where;
    }
    if (!node->is_map()) {
      errors.add(where, path, "expected a map to set a key in, got " + node->describe());
      return nullptr;
    }
    YamlNode* next = node->find(step.key);
    if (!next) {
      node->keys.push_back(YamlNode{YamlNode::Kind::SCALAR, step.key, false, {}, {}, where});
      node->items.push_back(YamlNode{YamlNode::Kind::NUL, "", false, {}, {}, where});
      next = &node->items.back();
    }
    node = next;
  }
  return node;
}

void apply_override(YamlNode& root, const Override& o, ErrorList& errors) {
  const std::string text = "--set " + o.key_path + "=" + o.value;
  const SourceLocation where{std::make_shared<const std::string>(text), 0, 0};
  const auto steps = split_path(o.key_path);
  if (!steps) {
    errors.add(where, "",
               "expected key.path=value with a path like parameters.beta_risk or buyers[0].count, got " +
                   quote_value(o.key_path));
    return;
  }
  const std::string& top = steps->front().key;
  if (top == "extends" || top == "remove_events" || top == "add_events") {
    errors.add(where, top, "expected a scenario key (composition keys cannot be set), got " + quote_value(top));
    return;
  }
  ErrorList value_errors;
  auto value = parse_yaml_text(o.value, text, true, value_errors);
  if (!value) {
    errors.append(value_errors);
    return;
  }
  if (!root.is_map()) return;  // the builder reports the file's own problem
  if (YamlNode* node = node_at(root, *steps, where, errors)) merge_into(*node, *value);
}

}  // namespace

Override parse_override(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || !split_path(text.substr(0, eq)))
    throw engine::InputError("--set " + text + ": expected key.path=value (e.g. parameters.beta_risk=3.5), got " +
                             quote_value(text));
  const std::string key = text.substr(0, eq), value = text.substr(eq + 1);
  if (value.find_first_not_of(" \t") == std::string::npos)
    throw engine::InputError("--set " + text + ": empty value for " + quote_value(key) + "; give a value (--set " +
                             key + "=VALUE) or leave the --set out to keep the scenario's value");
  return Override{key, value};
}

Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides,
                       std::vector<std::string>* files_read) {
  ErrorList errors;
  if (files_read) files_read->clear();
  CompositionLog log;
  auto tree = compose_scenario_file(path, errors, files_read, &log);
  if (!tree) {
    errors.throw_if_any();
    throw engine::InputError(path + ":1:1: expected a scenario, got nothing readable");
  }
  for (const auto& o : overrides) apply_override(*tree, o, errors);
  BuiltScenario built = build_scenario(*tree, errors);
  check_scenario(built, errors);
  if (!errors.empty()) throw engine::InputError(name_added_events(errors.messages(), *tree, log.added));
  built.scenario.path = path;
  for (auto& u : built.scenario.uncertain) u.key = stable_parameter_key(built.scenario, u.path);
  return std::move(built.scenario);
}

}  // namespace cmsim::scenario
