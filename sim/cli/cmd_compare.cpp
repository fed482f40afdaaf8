// `cmsim compare BASE ALT --runs N`: both scenarios on the same replications and parameter
// draws (common random numbers), with the paired difference and its interval.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/compare_summary.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/experiment/comparison.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

// The metrics the summary names first when the model records them (docs/output.md).
const std::vector<std::string> HEADLINE = {"nvidia_share_compute", "domestic_share_compute", "nvidia_china_revenue_usd",
                                           "domestic_revenue_usd", "dev_share_cuda",         "unmet_demand_pflops"};

/// The headline metrics the output records (else its first five).
std::vector<std::string> summary_metrics(const experiment::RunStore& store) {
  const auto& all = store.header().metrics;
  std::vector<std::string> metrics;
  for (const auto& m : HEADLINE)
    if (std::find(all.begin(), all.end(), m) != all.end()) metrics.push_back(m);
  if (metrics.empty())
    metrics.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(5, all.size())));
  return metrics;
}

}  // namespace

int cmd_compare(const std::vector<std::string>& args) {
  po::options_description opts("compare options");
  std::string base_path, alt_path, period_text = "all";
  ExperimentOptionText text;
  opts.add_options()("base", po::value(&base_path)->required(), "baseline scenario file")(
      "alt", po::value(&alt_path)->required(), "alternative (counterfactual) scenario file")(
      "summary-period", po::value(&period_text)->default_value("all"),
      "period of the printed summary: a year (2026), a range (2025-2027) or all (the whole horizon)");
  add_experiment_options(opts, text);
  text.common.add(opts, {Common::NO_FORK});
  po::positional_options_description pos;
  pos.add("base", 1).add("alt", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("compare"), args, opts, pos, vm)) return EXIT_OK;
  ExperimentOptions o = validate_experiment_options(text, vm);
  const SummaryPeriod period = parse_summary_period(period_text);

  const auto overrides = text.common.overrides();
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

  // base/ and alt/ are sweeps in their own right (cmsim_io.load_sweep reads them): each gets
  // a manifest and its events; the top-level events.csv is the alternative's.
  const auto arm_manifest = [&](const scenario::Scenario& s, const std::string& p) {
    output::Manifest m;
    m.command = "sweep";
    m.argv = manifest.argv;
    m.scenario_paths = {p};
    m.scenario_sha256 = {output::sha256_file(p)};
    m.inputs = output::hash_files(&s == &base ? base_files : alt_files);
    m.extra["scenario_name"] = s.name;
    m.extra["scenario_description"] = s.description;
    m.extra["part_of"] = "compare";
    m.series = manifest_series(s);
    return m;
  };
  const std::string alt_events = replication0_events_csv(alt, alt_path);
  return run_experiment(
      "compare", {market_arm("base", base), market_arm("alt", alt)}, seed, identity, o, manifest,
      [&](const std::vector<experiment::RunStore>& stores) {
        if (o.shard_count == 1 && stores.size() == 2)
          print_compare_summary(stores[0], stores[1], manifest_series(base), summary_metrics(stores[0]), period,
                                base.name, alt.name);
      },
      {},
      {{"events.csv", alt_events},
       {"alt/events.csv", alt_events},
       {"base/events.csv", replication0_events_csv(base, base_path)}},
      {arm_manifest(base, base_path), arm_manifest(alt, alt_path)}, shared_arms({base, alt}, text.common.fork(vm)));
}

}  // namespace cmsim::cli
