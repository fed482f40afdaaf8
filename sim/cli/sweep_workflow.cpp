#include "sim/cli/sweep_workflow.h"

#include <iostream>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/inspect_table.h"
#include "sim/cli/run_output.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {

int sweep(const std::string& path, ExperimentOptions o, const std::vector<std::string>& argv) {
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(path, parse_overrides(o.sets), &files_read);
  if (o.seed) s.seed = *o.seed;
  check_cost(agent_quarters(s), o.runs, o.max_agent_quarters);
  std::string default_dir = "output/" + s.name + "-sweep";
  if (o.shard_count > 1) default_dir += "-shard" + std::to_string(o.shard_index) + "of" + std::to_string(o.shard_count);
  resolve_output(o, default_dir);

  // What a checkpoint or a shard must agree on beyond seed, runs, design and parameters:
  // the content of every file of the extends: chain, and the overrides.
  std::string identity = "scenario=" + s.name + inputs_identity(files_read);
  for (const auto& set : o.sets) identity += ";set=" + set;

  output::Manifest manifest;
  manifest.argv = argv;
  manifest.argv.insert(manifest.argv.begin(), "sweep");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["scenario_description"] = s.description;
  manifest.numbers["uncertain_parameters"] = static_cast<std::int64_t>(s.uncertain.size());
  for (const auto& line : sampled_parameters(s)) manifest.extra["sampled_parameters"] += line + "; ";
  manifest.series = manifest_series(s);
  if (s.uncertain.empty())
    std::cerr << "cmsim sweep: note: " << path
              << " has no distribution-valued parameters; replications differ only in their random streams\n";

  announce_sampled("sweep", s);
  return run_experiment("sweep", {market_arm("sweep", s)}, s.seed, identity, o, manifest, {}, {},
                        {{"events.csv", replication0_events_csv(s, path)}});
}

}  // namespace cmsim::cli
