#include "sim/cli/experiment_file.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "models/scenario/error_list.h"
#include "models/scenario/yaml_reader.h"
#include "sim/experiment/parameter_design.h"

namespace cmsim::cli {

namespace {

namespace fs = std::filesystem;
using scenario::ErrorList;
using scenario::YamlNode;

std::optional<double> number(const YamlNode& n) {
  if (!n.is_scalar() || n.quoted) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(n.scalar.data(), n.scalar.data() + n.scalar.size(), v);
  if (ec != std::errc() || end != n.scalar.data() + n.scalar.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

bool good_name(const std::string& name) { return !name.empty() && name.find_first_of(",\"\n") == std::string::npos; }

std::optional<std::uint64_t> count(const YamlNode& n, std::uint64_t lo, std::uint64_t hi) {
  const auto v = number(n);
  if (!v || *v != std::floor(*v) || *v < double(lo) || *v > double(hi)) return std::nullopt;
  return static_cast<std::uint64_t>(*v);
}

// {dist: normal, mean, sd} and the other forms of scenario files (docs/scenarios.md),
// optionally truncated by lower and upper.
bool read_distribution(const YamlNode& spec, const YamlNode& dist, const std::string& where, Uncertainty& u,
                       ErrorList& e) {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kinds = {
      {"normal", {"mean", "sd"}},
      {"lognormal", {"median", "sigma"}},
      {"uniform", {"low", "high"}},
      {"triangular", {"low", "mode", "high"}},
      {"beta", {"alpha", "beta"}}};
  const auto kind = std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.first == dist.scalar; });
  if (kind == kinds.end()) {
    e.add(dist.loc, where + ".dist", "expected normal, lognormal, uniform, triangular or beta, got " + dist.describe());
    return false;
  }
  std::vector<double> v;
  for (const auto& name : kind->second) {
    const YamlNode* n = spec.find(name);
    if (!n || !number(*n)) {
      e.add(n ? n->loc : spec.loc, where + "." + name, "expected a number for " + kind->first);
      return false;
    }
    v.push_back(*number(*n));
  }
  std::optional<double> lower, upper;
  if (const YamlNode* n = spec.find("lower")) lower = number(*n);
  if (const YamlNode* n = spec.find("upper")) upper = number(*n);
  try {
    engine::Distribution d = kind->first == "normal"       ? engine::Distribution::normal(v[0], v[1])
                             : kind->first == "lognormal"  ? engine::Distribution::lognormal(v[0], v[1])
                             : kind->first == "uniform"    ? engine::Distribution::uniform(v[0], v[1])
                             : kind->first == "triangular" ? engine::Distribution::triangular(v[0], v[1], v[2])
                                                           : engine::Distribution::beta(v[0], v[1]);
    u.distribution = (lower || upper) ? d.truncated(lower, upper) : d;
  } catch (const std::exception& ex) {
    e.add(spec.loc, where, ex.what());
    return false;
  }
  return true;
}

void read_uncertainty(const YamlNode& key, const YamlNode& spec, ExperimentFile& f, ErrorList& e) {
  Uncertainty u;
  u.key = key.scalar;
  const std::string where = "uncertainties." + u.key;
  const YamlNode* levels = spec.is_map() ? spec.find("levels") : nullptr;
  const YamlNode* low = spec.is_map() ? spec.find("low") : nullptr;
  const YamlNode* high = spec.is_map() ? spec.find("high") : nullptr;
  if (const YamlNode* dist = spec.is_map() ? spec.find("dist") : nullptr) {
    if (!read_distribution(spec, *dist, where, u, e)) return;
  } else if (levels && !low && !high && levels->is_sequence() && !levels->items.empty()) {
    for (const auto& item : levels->items) {
      if (const auto v = number(item))
        u.levels.push_back(*v);
      else
        e.add(item.loc, where + ".levels", "expected a number, got " + item.describe());
    }
  } else if (low && high && !levels && number(*low) && number(*high) && *number(*low) < *number(*high)) {
    u.low = *number(*low);
    u.high = *number(*high);
  } else {
    e.add(spec.loc, where,
          "expected {low: X, high: Y} with X < Y, {levels: [a, b, ...]} or {dist: ...}, got " + spec.describe());
    return;
  }
  for (const auto& other : f.uncertainties)
    if (other.key == u.key) e.add(key.loc, where, "given twice");
  f.uncertainties.push_back(std::move(u));
}

void read_design(const YamlNode& n, ExperimentFile& f, ErrorList& e) {
  f.design_name = n.is_scalar() ? n.scalar : "";
  if (f.design_name == "full-factorial")
    f.grid = GridDesign::FULL_FACTORIAL;
  else if (f.design_name == "one-at-a-time")
    f.grid = GridDesign::ONE_AT_A_TIME;
  else if (const auto kind = experiment::design_kind_from_string(f.design_name))
    f.sampled = *kind;
  else
    e.add(n.loc, "design", "expected one of full-factorial, one-at-a-time, random, lhs, sobol, got " + n.describe());
}

void read_named_list(const YamlNode& n, const std::string& key, std::vector<std::pair<std::string, std::string>>& out,
                     ErrorList& e) {
  if (!n.is_map() || n.keys.empty()) {
    e.add(n.loc, key, "expected a map of name: value, got " + n.describe());
    return;
  }
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const YamlNode& v = n.items[i];
    const std::string name = n.keys[i].scalar;
    if (!v.is_scalar() || v.scalar.empty())
      e.add(v.loc, key + "." + name, "expected a text value, got " + v.describe());
    else if (!good_name(name))
      e.add(n.keys[i].loc, key, "a name without commas or quotes, got \"" + name + "\"");
    else
      out.emplace_back(name, v.scalar);
  }
}

// A lever map's keys are checked so that a misspelt one is reported, not silently ignored.
void check_lever_keys(const YamlNode& v, const std::string& where, ErrorList& e) {
  for (const auto& k : v.keys)
    if (k.scalar != "scenario" && k.scalar != "remove_events" && k.scalar != "set")
      e.add(k.loc, where + "." + k.scalar, "unknown key (expected scenario, remove_events, set)");
}

// The lever's own scenario: FILE, else the experiment's (`base`), which must then exist.
void read_lever_scenario(const YamlNode& v, const std::string& where, const std::string& dir, const std::string& base,
                         Lever& lever, ErrorList& e) {
  if (const YamlNode* s = v.is_map() ? v.find("scenario") : nullptr) {
    if (s->is_scalar() && !s->scalar.empty())
      lever.scenario = (fs::path(dir) / s->scalar).string();
    else
      e.add(s->loc, where + ".scenario", "expected a scenario file path, got " + s->describe());
  } else if (base.empty()) {
    e.add(v.loc, where + ".scenario", "missing: give scenario: FILE here, or once at the top of the file");
  } else {
    lever.scenario = base;
  }
}

// remove_events: [ID, ...], each id once (a repeat is a likely slip, so an error).
void read_remove_events(const YamlNode& r, const std::string& where, Lever& lever, ErrorList& e) {
  if (!r.is_sequence() || r.items.empty()) {
    e.add(r.loc, where + ".remove_events", "expected a list of event ids, got " + r.describe());
    return;
  }
  for (std::size_t i = 0; i < r.items.size(); ++i) {
    const YamlNode& id = r.items[i];
    const std::string at = where + ".remove_events[" + std::to_string(i) + "]";
    if (!id.is_scalar() || id.scalar.empty())
      e.add(id.loc, at, "expected an event id, got " + id.describe());
    else if (std::find(lever.remove_events.begin(), lever.remove_events.end(), id.scalar) != lever.remove_events.end())
      e.add(id.loc, at, "\"" + id.scalar + "\" is named twice");
    else
      lever.remove_events.push_back(id.scalar);
  }
}

// set: {key.path: value}; the values stay text, checked when the lever's scenario loads (study.cpp).
void read_lever_sets(const YamlNode& s, const std::string& where, Lever& lever, ErrorList& e) {
  if (!s.is_map() || s.keys.empty()) {
    e.add(s.loc, where + ".set", "expected a map of key.path: value, got " + s.describe());
    return;
  }
  for (std::size_t i = 0; i < s.keys.size(); ++i) {
    if (!s.items[i].is_scalar() || s.items[i].scalar.empty())
      e.add(s.items[i].loc, where + ".set." + s.keys[i].scalar,
            "expected a value (a number, true/false or text), got " + s.items[i].describe());
    else
      lever.sets.push_back({s.keys[i].scalar, s.items[i].scalar});
  }
}

// A lever: a scenario file, or {scenario: FILE, remove_events: [ID, ...], set: {key: value}}
// where FILE defaults to the experiment's scenario: (`base`, "" when there is none).
void read_lever(const YamlNode& key, const YamlNode& v, const std::string& dir, const std::string& base,
                ExperimentFile& f, ErrorList& e) {
  Lever lever;
  lever.name = key.scalar;
  const std::string where = "levers." + lever.name;
  lever.where = v.loc.text() + ": " + where;
  if (!good_name(lever.name)) {
    e.add(key.loc, "levers", "a name without commas or quotes, got \"" + lever.name + "\"");
    return;
  }
  for (const auto& other : f.levers)
    if (other.name == lever.name) e.add(key.loc, where, "given twice");
  if (v.is_scalar() && !v.scalar.empty()) {
    lever.scenario = (fs::path(dir) / v.scalar).string();
    f.levers.push_back(std::move(lever));
    return;
  }
  if (!v.is_map() && !v.is_null()) {
    e.add(v.loc, where,
          "expected a scenario file or {scenario: FILE, remove_events: [ID, ...], set: {key: value}}, got " +
              v.describe());
    return;
  }
  check_lever_keys(v, where, e);
  read_lever_scenario(v, where, dir, base, lever, e);
  if (const YamlNode* r = v.is_map() ? v.find("remove_events") : nullptr) read_remove_events(*r, where, lever, e);
  if (const YamlNode* s = v.is_map() ? v.find("set") : nullptr) read_lever_sets(*s, where, lever, e);
  f.levers.push_back(std::move(lever));
}

}  // namespace

double Uncertainty::at(double u) const {
  if (distribution) return distribution->quantile(u);
  if (levels.empty()) return low + u * (high - low);
  const auto i = std::min(levels.size() - 1, static_cast<std::size_t>(u * double(levels.size())));
  return levels[i];
}

std::vector<double> Uncertainty::grid(std::size_t n) const {
  if (!levels.empty()) return levels;
  if (distribution) {
    std::vector<double> out;
    for (std::size_t i = 0; i < n; ++i) out.push_back(distribution->quantile((double(i) + 0.5) / double(n)));
    return out;
  }
  if (n == 1) return {(low + high) / 2};
  std::vector<double> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(low + (high - low) * double(i) / double(n - 1));
  return out;
}

std::vector<std::vector<double>> ExperimentFile::points() const {
  std::vector<std::vector<double>> out;
  const std::size_t k = uncertainties.size();
  if (grid == GridDesign::SAMPLED) {
    const experiment::ParameterDesign d(sampled, k, samples, seed.value_or(1));
    std::vector<double> u(k);
    for (std::uint64_t p = 0; p < samples; ++p) {
      d.point(p, u);
      std::vector<double> v(k);
      for (std::size_t i = 0; i < k; ++i) v[i] = uncertainties[i].at(u[i]);
      out.push_back(v);
    }
    return out;
  }
  std::vector<std::vector<double>> levels;
  for (const auto& u : uncertainties) levels.push_back(u.grid(samples));
  if (grid == GridDesign::ONE_AT_A_TIME) {
    // The base point (every input at its middle level), then each input through its other levels.
    std::vector<double> base;
    for (const auto& l : levels) base.push_back(l[(l.size() - 1) / 2]);
    out.push_back(base);
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < levels[i].size(); ++j) {
        if (j == (levels[i].size() - 1) / 2) continue;
        auto p = base;
        p[i] = levels[i][j];
        out.push_back(p);
      }
    return out;
  }
  std::vector<std::size_t> index(k, 0);  // full factorial, the last input fastest
  for (;;) {
    std::vector<double> p(k);
    for (std::size_t i = 0; i < k; ++i) p[i] = levels[i][index[i]];
    out.push_back(p);
    std::size_t i = k;
    while (i > 0 && ++index[i - 1] == levels[i - 1].size()) index[--i] = 0;
    if (i == 0) return out;
  }
}

namespace {

// Top-level keys are checked so that a misspelt one is reported, not silently ignored.
void check_root_keys(const YamlNode& root, ErrorList& e) {
  static const std::vector<std::string> known = {"scenario", "levers",       "uncertainties", "design",
                                                 "samples",  "replications", "seed",          "outcomes"};
  for (std::size_t i = 0; i < root.keys.size(); ++i)
    if (std::find(known.begin(), known.end(), root.keys[i].scalar) == known.end())
      e.add(root.keys[i].loc, root.keys[i].scalar,
            "unknown key (expected scenario, levers, uncertainties, design, samples, replications, seed, outcomes)");
}

// scenario: FILE resolved against the experiment's folder; "" when it is absent or malformed.
std::string read_base_scenario(const YamlNode* scenario, const std::string& dir, ErrorList& e) {
  if (!scenario) return "";
  if (scenario->is_scalar() && !scenario->scalar.empty()) return (fs::path(dir) / scenario->scalar).string();
  e.add(scenario->loc, "scenario", "expected a scenario file path, got " + scenario->describe());
  return "";
}

// levers: {name: ...}, or without it one lever, the scenario: file, named after its stem.
void read_levers(const YamlNode& root, const std::string& dir, ExperimentFile& f, ErrorList& e) {
  const YamlNode* scenario = root.find("scenario");
  const YamlNode* levers = root.find("levers");
  if (!scenario && !levers) e.add(root.loc, "levers", "missing: give scenario: FILE or levers: {name: FILE, ...}");
  const std::string base = read_base_scenario(scenario, dir, e);
  if (levers) {
    // With scenario: too, it is what the levers that name no scenario start from.
    if (!levers->is_map() || levers->keys.empty())
      e.add(levers->loc, "levers",
            "expected a map of name: FILE or name: {remove_events: ..., set: ...}, got " + levers->describe());
    else
      for (std::size_t i = 0; i < levers->keys.size(); ++i)
        read_lever(levers->keys[i], levers->items[i], dir, base, f, e);
  } else if (!base.empty()) {
    Lever one;
    one.name = fs::path(scenario->scalar).stem().string();
    one.scenario = base;
    one.where = scenario->loc.text() + ": scenario";
    f.levers.push_back(std::move(one));
  }
}

// design: defaults to full-factorial; with no uncertainties every design is the one point.
void read_design_or_default(const YamlNode& root, ExperimentFile& f, ErrorList& e) {
  if (const YamlNode* d = root.find("design"))
    read_design(*d, f, e);
  else
    f.design_name = "full-factorial", f.grid = GridDesign::FULL_FACTORIAL;
  if (f.uncertainties.empty()) f.grid = GridDesign::FULL_FACTORIAL;  // one point: the scenarios as written
}

// samples, replications and seed; only a sampled design must give samples.
void read_counts(const YamlNode& root, ExperimentFile& f, ErrorList& e) {
  if (const YamlNode* n = root.find("samples")) {
    if (const auto v = count(*n, 1, 1'000'000))
      f.samples = *v;
    else
      e.add(n->loc, "samples", "expected a whole number from 1 to 1000000, got " + n->describe());
  } else if (f.grid == GridDesign::SAMPLED) {
    e.add(root.loc, "samples", "missing: a sampled design needs samples: N (points)");
  }
  if (const YamlNode* n = root.find("replications")) {
    if (const auto v = count(*n, 1, 1'000'000))
      f.replications = *v;
    else
      e.add(n->loc, "replications", "expected a whole number from 1 to 1000000, got " + n->describe());
  }
  if (const YamlNode* n = root.find("seed")) {
    if (const auto v = count(*n, 0, UINT32_MAX))
      f.seed = *v;
    else
      e.add(n->loc, "seed", "expected a whole number, got " + n->describe());
  }
}

// Every section is read before throwing, so that one run reports all of the file's errors.
ExperimentFile read_root(const std::optional<YamlNode>& root, const std::string& path, const std::string& dir,
                         ErrorList& e) {
  e.throw_if_any();
  ExperimentFile f;
  f.path = path;
  if (!root->is_map()) {
    e.add(root->loc, "", "expected an experiment (a map), got " + root->describe());
    e.throw_if_any();
  }
  check_root_keys(*root, e);
  read_levers(*root, dir, f, e);
  if (const YamlNode* u = root->find("uncertainties")) {
    if (!u->is_map() || u->keys.empty())
      e.add(u->loc, "uncertainties", "expected a map of key.path: spec");
    else
      for (std::size_t i = 0; i < u->keys.size(); ++i) read_uncertainty(u->keys[i], u->items[i], f, e);
  }
  read_design_or_default(*root, f, e);
  read_counts(*root, f, e);
  if (const YamlNode* o = root->find("outcomes"))
    read_named_list(*o, "outcomes", f.outcomes, e);
  else
    e.add(root->loc, "outcomes", "missing: name at least one outcome (name: METRIC:PERIOD:REDUCTION)");
  e.throw_if_any();
  return f;
}

}  // namespace

ExperimentFile read_experiment_file(const std::string& path) {
  ErrorList e;
  const auto root = scenario::read_yaml_file(path, e);
  return read_root(root, path, fs::path(path).parent_path().string(), e);
}

ExperimentFile read_experiment_text(const std::string& text, const std::string& label, const std::string& dir) {
  ErrorList e;
  const auto root = scenario::parse_yaml_text(text, label, false, e);
  return read_root(root, label, dir, e);
}

}  // namespace cmsim::cli
