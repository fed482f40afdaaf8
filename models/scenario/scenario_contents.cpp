#include "models/scenario/scenario_contents.h"

#include <map>

#include "models/scenario/composition.h"
#include "models/scenario/error_list.h"
#include "models/scenario/event_resolution.h"
#include "models/scenario/model_parameters.h"
#include "sim/engine/input_error.h"

namespace cmsim::scenario {

namespace {

/// The effective dates of the events of a scenario file (dates that follow a required
/// event by `lag_days` resolved), by id; empty when the file does not load on its own.
std::map<std::string, std::string> resolved_dates(const std::string& file) {
  std::map<std::string, std::string> out;
  try {
    const auto declaring = load_scenario(file);
    const auto resolution = resolve_events(declaring);
    for (std::size_t i = 0; i < declaring.events.size(); ++i)
      if (resolution.events[i]) out[declaring.events[i].id] = resolution.events[i]->effective.iso();
  } catch (const engine::InputError&) {
  }
  return out;
}

}  // namespace

ScenarioContents scenario_contents(const std::string& path) {
  ScenarioContents c;
  ErrorList errors;
  CompositionLog log;
  auto tree = compose_scenario_file(path, errors, &c.files, &log);
  c.removed = std::move(log.removed);
  std::map<std::string, std::map<std::string, std::string>> dates;  // by declaring file, loaded once
  for (auto& r : c.removed) {  // an event dated by a lag after another: its date where it was declared
    if (r.kind != "event" || !r.date.empty() || !r.declared.source) continue;
    const std::string& file = *r.declared.source;
    if (!dates.count(file)) dates[file] = resolved_dates(file);
    const auto it = dates[file].find(r.id);
    if (it != dates[file].end()) r.date = it->second;
  }
  errors.throw_if_any();
  if (!tree) throw engine::InputError(path + ":1:1: expected a scenario, got nothing readable");
  c.tree = std::move(*tree);
  return c;
}

std::string declared_at(const ScenarioContents& c, const char* list, const std::string& id) {
  const YamlNode* items = c.tree.is_map() ? c.tree.find(list) : nullptr;
  if (!items || !items->is_sequence()) return "";
  for (const auto& item : items->items) {
    const YamlNode* node = item.is_map() ? item.find("id") : nullptr;
    if (node && node->is_scalar() && node->scalar == id) return item.loc.text();
  }
  return "";
}

namespace {

/// The last --set that sets parameter `name` (or one of its distribution's keys), or null.
const Override* last_override(const std::vector<Override>& overrides, const std::string& name) {
  const std::string key = "parameters." + name;
  const Override* found = nullptr;
  for (const auto& o : overrides)
    if (o.key_path == key || o.key_path.rfind(key + ".", 0) == 0) found = &o;
  return found;
}

}  // namespace

std::vector<ParameterOrigin> parameter_origins(const Scenario& s, const ScenarioContents& c,
                                               const std::vector<Override>& overrides) {
  const ModelParameters defaults;
  const YamlNode* params = c.tree.is_map() ? c.tree.find("parameters") : nullptr;
  std::vector<ParameterOrigin> out;
  for (const auto& spec : parameter_specs()) {
    ParameterOrigin p;
    p.name = std::string(spec.name);
    p.unit = std::string(spec.unit);
    p.value = get_parameter(s.parameters, spec);
    p.default_value = get_parameter(defaults, spec);
    const YamlNode* node = params && params->is_map() ? params->find(spec.name) : nullptr;
    if (const Override* o = last_override(overrides, p.name)) {
      p.origin = "--set " + o->key_path + "=" + o->value;
    } else if (node) {
      p.origin = node->loc.text() + (node->is_map() ? " (distribution, its mean)" : "");
    } else {
      p.origin = "default";
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace cmsim::scenario
