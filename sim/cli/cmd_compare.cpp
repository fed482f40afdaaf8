// `cmsim compare BASE ALT --runs N`: both scenarios on the same replications and parameter
// draws (common random numbers), with the paired difference and its interval.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/experiment/comparison.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

// The metrics the summary names first when the model records them (docs/output.md).
const std::vector<std::string> HEADLINE = {"nvidia_share_compute", "domestic_share_compute", "nvidia_china_revenue_usd",
                                           "domestic_revenue_usd", "dev_share_cuda",         "unmet_demand_pflops"};

void print_largest_effects(const std::vector<experiment::RunStore>& stores, const std::string& base,
                           const std::string& alt) {
  if (stores.size() != 2) return;
  const auto rows = experiment::compare_arms(stores[0], stores[1], stores[0].header().seed);
  std::vector<std::string> metrics;
  for (const auto& m : HEADLINE)
    if (std::find(stores[0].header().metrics.begin(), stores[0].header().metrics.end(), m) !=
        stores[0].header().metrics.end())
      metrics.push_back(m);
  if (metrics.empty())
    for (std::size_t i = 0; i < std::min<std::size_t>(5, stores[0].header().metrics.size()); ++i)
      metrics.push_back(stores[0].header().metrics[i]);
  std::printf("largest effects of %s vs %s (alt - base; 90%% intervals, paired by replication | unpaired):\n",
              alt.c_str(), base.c_str());
  for (const auto& m : metrics) {
    const experiment::CompareRow* best = nullptr;
    for (const auto& r : rows)
      if (r.metric == m && !std::isnan(r.diff_mean) && (!best || std::abs(r.diff_mean) > std::abs(best->diff_mean)))
        best = &r;
    if (!best) continue;
    std::printf("  %-26s %s  %+.4g  [%+.4g, %+.4g] | [%+.4g, %+.4g]   (median %.4g -> %.4g)\n", m.c_str(),
                best->quarter.label().c_str(), best->diff_mean, best->diff_p05, best->diff_p95, best->unpaired_diff_p05,
                best->unpaired_diff_p95, best->base_p50, best->alt_p50);
  }
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  po::options_description opts("compare options");
  std::string base_path, alt_path;
  ExperimentOptionText text;
  opts.add_options()("base", po::value(&base_path)->required(), "baseline scenario file")(
      "alt", po::value(&alt_path)->required(), "alternative (counterfactual) scenario file");
  add_experiment_options(opts, text);
  po::positional_options_description pos;
  pos.add("base", 1).add("alt", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("compare"), args, opts, pos, vm)) return EXIT_OK;
  ExperimentOptions o = validate_experiment_options(text, vm);

  std::vector<scenario::Override> overrides;
  for (const auto& s : o.sets) overrides.push_back(scenario::parse_override(s));
  std::vector<std::string> base_files, alt_files;
  scenario::Scenario base = scenario::load_scenario(base_path, overrides, &base_files);
  scenario::Scenario alt = scenario::load_scenario(alt_path, overrides, &alt_files);
  // Common random numbers need one master seed: the base's (or --seed) drives both.
  const std::uint64_t seed = o.seed ? *o.seed : base.seed;
  if (alt.seed != seed && !o.seed)
    std::cerr << "cmsim compare: note: " << alt_path << " sets seed " << alt.seed << "; both arms use " << seed
              << " so that they share their random numbers\n";
  base.seed = alt.seed = seed;
  check_cost(agent_quarters(base) + agent_quarters(alt), o.runs, o.max_agent_quarters);
  std::string default_dir = "output/" + alt.name + "-vs-" + base.name;
  if (o.shard_count > 1) default_dir += "-shard" + std::to_string(o.shard_index) + "of" + std::to_string(o.shard_count);
  resolve_output(o, default_dir);

  // Every file of both extends: chains, and the overrides (see cmd_sweep.cpp).
  std::string identity =
      "base=" + base.name + inputs_identity(base_files) + ";alt=" + alt.name + inputs_identity(alt_files);
  for (const auto& set : o.sets) identity += ";set=" + set;

  output::Manifest manifest;
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "compare");
  manifest.scenario_paths = {base_path, alt_path};
  manifest.scenario_sha256 = {output::sha256_file(base_path), output::sha256_file(alt_path)};
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["base_name"] = base.name;
  manifest.extra["alt_name"] = alt.name;
  manifest.extra["scenario_description"] = alt.name + " vs " + base.name + ": " + alt.description;

  return run_experiment("compare", {market_arm("base", base), market_arm("alt", alt)}, seed, identity, o, manifest,
                        [&](const std::vector<experiment::RunStore>& stores) {
                          if (o.shard_count == 1) print_largest_effects(stores, base.name, alt.name);
                        });
}

}  // namespace cmsim::cli
