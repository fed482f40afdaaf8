// `cmsim sweep SCENARIO --runs N`: Monte Carlo over the scenario's uncertain parameters.
#include <iostream>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"

namespace cmsim::cli {

int cmd_sweep(const std::vector<std::string>& args) {
  po::options_description opts("sweep options");
  std::string path;
  ExperimentOptionText text;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)");
  add_experiment_options(opts, text);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("sweep"), args, opts, pos, vm)) return EXIT_OK;
  ExperimentOptions o = validate_experiment_options(text, vm);

  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  scenario::Scenario s = scenario::load_scenario(path, overrides);
  if (o.seed) s.seed = *o.seed;
  if (o.out_dir.empty()) {
    o.out_dir = "output/" + s.name + "-sweep";
    if (o.shard_count > 1) o.out_dir += "-shard" + std::to_string(o.shard_index) + "of" + std::to_string(o.shard_count);
  }

  // What a checkpoint or a shard must agree on beyond seed, runs, design and parameters.
  std::string identity = "scenario=" + s.name + ";sha256=" + output::sha256_file(path);
  for (const auto& set : o.sets) identity += ";set=" + set;

  output::Manifest manifest;
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "sweep");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["scenario_description"] = s.description;
  manifest.extra["uncertain_parameters"] = std::to_string(s.uncertain.size());
  if (s.uncertain.empty())
    std::cerr << "cmsim sweep: note: " << path
              << " has no distribution-valued parameters; replications differ only in their random streams\n";

  return run_experiment("sweep", {market_arm("sweep", s)}, s.seed, identity, o, manifest, {});
}

}  // namespace cmsim::cli
