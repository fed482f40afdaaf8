#include "models/scenario/scenario_builder.h"

#include <charconv>

#include "models/scenario/scenario_sections.h"

namespace cmsim::scenario {

void ScenarioReader::build(const YamlNode& root) {
  out_.root = root.loc;
  if (root.is_null()) {
    error(root.loc, "", "expected a scenario (a map of keys: name, description, horizon, ...), got an empty file");
    return;
  }
  if (!open_map(
          root, "",
          keys({"name", "description", "horizon", "seed", "parameters", "ecosystems", "vendors", "products", "buyers",
                "developers", "routes", "events", "extends", "remove_events", "add_events", "metrics", "headline"}),
          "a scenario"))
    return;
  if (const YamlNode* n = need(root, "", "name"); n && text(*n, "name")) {
    const bool ok = !n->scalar.empty() && n->scalar.size() <= 100 &&
                    n->scalar.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
    if (ok)
      s_.name = n->scalar;
    else
      wrong(*n, "name", "a name of lower-case letters, digits and '-'");
  }
  text_at(root, "", "description", s_.description, true);
  horizon(root);
  if (const YamlNode* n = get(root, "seed")) seed(*n);
  if (const YamlNode* n = get(root, "parameters")) parameters(*n);
  list_of(root, "ecosystems", &Scenario::ecosystems,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { ecosystem(i, n, p); });
  list_of(root, "vendors", &Scenario::vendors,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { vendor(i, n, p); });
  list_of(root, "products", &Scenario::products,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { product(i, n, p); });
  list_of(root, "buyers", &Scenario::buyers,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { buyer(i, n, p); });
  if (const YamlNode* n = get(root, "developers")) developers(*n);
  list_of(root, "routes", &Scenario::routes,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { route(i, n, p); });
  list_of(root, "events", &Scenario::events,
          [&](std::size_t i, const YamlNode& n, const std::string& p) { event(i, n, p); });
  if (const YamlNode* n = get(root, "metrics")) metrics(*n);  // last: it names vendors, products, ecosystems
  if (const YamlNode* n = get(root, "headline")) headline(*n);
}

void ScenarioReader::headline(const YamlNode& n) {
  if (!open_map(n, "headline", keys({"vendor", "ecosystem"}), "the headline")) return;
  id_at(n, "headline", "vendor", s_.headline_vendor);
  id_at(n, "headline", "ecosystem", s_.headline_ecosystem);
}

void ScenarioReader::horizon(const YamlNode& root) {
  if (const YamlNode* h = need(root, "", "horizon");
      h && open_map(*h, "horizon", keys({"start", "end"}), "the horizon")) {
    date_at(*h, "horizon", "start", s_.start, true);
    date_at(*h, "horizon", "end", s_.end, true);
    const YamlNode* end = get(*h, "end");
    if (end && get(*h, "start") && s_.end <= s_.start && Date::parse(end->scalar) && s_.start != Date{})
      wrong(*end, "horizon.end", "a date after horizon.start (" + s_.start.iso() + ")");
    else if (end && Date::parse(end->scalar) && s_.end > MAX_HORIZON_END)
      wrong(*end, "horizon.end",
            "a date on or before " + MAX_HORIZON_END.iso() +
                " (the calendar ends in 2199 and a run needs the quarter after its last)");
    else if (end && get(*h, "start") && Date::parse(end->scalar) && s_.start != Date{} &&
             days_between(s_.start, s_.end) > MAX_HORIZON_DAYS)
      wrong(*end, "horizon.end",
            "a horizon of at most " + std::to_string(MAX_HORIZON_YEARS) + " years (after horizon.start " +
                s_.start.iso() + ")");
  }
}

void ScenarioReader::seed(const YamlNode& n) {
  remember("seed", n);
  std::uint64_t v = 0;
  bool ok = n.is_scalar() && !n.quoted && !n.scalar.empty();
  if (ok) {
    auto [ptr, ec] = std::from_chars(n.scalar.data(), n.scalar.data() + n.scalar.size(), v);
    ok = ec == std::errc{} && ptr == n.scalar.data() + n.scalar.size();
  }
  if (ok)
    s_.seed = v;
  else
    wrong(n, "seed", "a whole number >= 0");
}

void ScenarioReader::parameters(const YamlNode& n) {
  std::vector<std::string> names;
  for (const auto& spec : parameter_specs()) names.emplace_back(spec.name);
  if (!open_map(n, "parameters", names, "parameters", "a parameter name")) return;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const ParameterSpec* spec = find_parameter(n.keys[i].scalar);
    if (!spec || n.items[i].is_null()) continue;
    const std::string path = sub("parameters", n.keys[i].scalar);
    if (spec->field) {
      const auto field = spec->field;
      number(n.items[i], path, Bounds{spec->min, spec->max, false, "a number"},
             [field](Scenario& s) -> double& { return s.parameters.*field; });
    } else if (auto v = whole(n.items[i], path, static_cast<long long>(spec->min), static_cast<long long>(spec->max))) {
      s_.parameters.*(spec->int_field) = static_cast<int>(*v);
    }
  }
}

BuiltScenario build_scenario(const YamlNode& root, ErrorList& errors) {
  BuiltScenario out;
  ScenarioReader(errors, out).build(root);
  return out;
}

}  // namespace cmsim::scenario
