#include "sim/cli/study.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "models/scenario/error_list.h"
#include "sim/cli/cli.h"
#include "sim/engine/input_error.h"

namespace cmsim::cli {

int run_study(const Study& st, ExperimentOptions o, const std::vector<std::string>& args) {
  o.runs = st.runs;
  o.design = st.design;
  check_cost(st.run_cost, o.runs, o.max_agent_quarters);
  std::string default_dir = st.default_output;
  if (o.shard_count > 1) default_dir += "-shard" + std::to_string(o.shard_index) + "of" + std::to_string(o.shard_count);
  resolve_output(o, default_dir);

  output::Manifest manifest = st.manifest;
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), st.command);
  StudyTables tables;
  const auto write_more = [&](const output::OutputDir& dir, const std::vector<experiment::RunStore>& stores) {
    tables = st.finish(stores.at(0));
    for (const auto& [name, text] : tables.files) {
      auto f = dir.open(name);
      f << text;
    }
  };
  return run_experiment(
      st.command, st.arms, st.seed, st.identity, o, manifest,
      [&](const std::vector<experiment::RunStore>&) { std::cout << tables.shown; }, write_more, {}, {}, st.groups);
}

bool is_study_command(const std::string& command) {
  return command == "experiment" || command == "sensitivity" || command == "attribute";
}

std::optional<ParsedStudy> parse_study(const std::string& command, const std::vector<std::string>& args) {
  if (command == "experiment") return parse_experiment(args);
  if (command == "sensitivity") return parse_sensitivity(args);
  if (command == "attribute") return parse_attribute(args);
  throw std::logic_error("parse_study: not an exploratory command: " + command);
}

namespace {

// The lever's scenario with `sets`; a problem with a lever's own values is named with the
// lever ("--set parameters.x=4: ..." alone would not say where that came from).
scenario::Scenario load_lever(const Lever& l, const std::vector<scenario::Override>& sets,
                              std::vector<std::string>* files) {
  try {
    return scenario::load_scenario(l.scenario, sets, files);
  } catch (const engine::InputError& e) {
    if (l.sets.empty()) throw;
    std::vector<std::string> messages;
    for (const auto& m : e.messages()) messages.push_back(l.where + ".set: " + m);
    throw engine::InputError(messages);
  }
}

}  // namespace

LeverScenarios::LeverScenarios(const std::vector<Lever>& levers, const std::vector<scenario::Override>& sets) {
  for (std::size_t i = 0; i < levers.size(); ++i) {
    const Lever& l = levers[i];
    Resolved r;
    r.path = l.scenario;
    r.sets = sets;
    r.sets.insert(r.sets.end(), l.sets.begin(), l.sets.end());
    std::vector<std::string> chain;
    const auto s = load_lever(l, r.sets, &chain);
    files_.insert(files_.end(), chain.begin(), chain.end());
    if (!l.remove_events.empty()) {
      std::vector<std::string> known;
      for (const auto& e : s.events) known.push_back(e.id);
      for (const auto& id : l.remove_events)
        if (std::find(known.begin(), known.end(), id) == known.end())
          throw engine::InputError(l.where + ".remove_events: not an event of scenario " + s.name + ": " +
                                   scenario::unknown_name_message("event id", id, known));
      if (!folder_) folder_ = std::make_shared<const TempFolder>("cmsim-levers");
      const auto file = folder_->path() / ("lever-" + std::to_string(i) + ".yaml");
      std::ofstream(file) << counterfactual_yaml(l.scenario, l.remove_events);
      r.path = file.string();
      scenario::load_scenario(r.path, r.sets);  // the cascade composes now: a problem shows before any run
    }
    levers_.push_back(std::move(r));
  }
}

scenario::Scenario LeverScenarios::load(std::size_t lever, const std::vector<scenario::Override>& more) const {
  const Resolved& r = levers_.at(lever);
  auto overrides = r.sets;
  overrides.insert(overrides.end(), more.begin(), more.end());
  return scenario::load_scenario(r.path, overrides);
}

}  // namespace cmsim::cli
