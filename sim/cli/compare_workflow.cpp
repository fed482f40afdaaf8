#include "sim/cli/compare_workflow.h"

#include <algorithm>
#include <iostream>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/inspect_table.h"
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

output::Manifest compare_manifest(const CompareRequest& rq, const scenario::Scenario& base,
                                  const scenario::Scenario& alt, const std::string& identity) {
  output::Manifest manifest;
  manifest.argv = rq.argv;
  manifest.argv.insert(manifest.argv.begin(), "compare");
  manifest.scenario_paths = {rq.base_path, rq.alt_path};
  manifest.scenario_sha256 = {output::sha256_file(rq.base_path), output::sha256_file(rq.alt_path)};
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["base_name"] = base.name;
  manifest.extra["alt_name"] = alt.name;
  manifest.extra["scenario_description"] = alt.name + " vs " + base.name + ": " + alt.description;
  return manifest;
}

// base/ and alt/ are sweeps in their own right (cmsim_io.load_sweep reads them): each gets
// a manifest and its events; the top-level events.csv is the alternative's.
output::Manifest arm_manifest(const output::Manifest& top, const scenario::Scenario& s, const std::string& path,
                              const std::vector<std::string>& files) {
  output::Manifest m;
  m.command = "sweep";
  m.argv = top.argv;
  m.scenario_paths = {path};
  m.scenario_sha256 = {output::sha256_file(path)};
  m.inputs = output::hash_files(files);
  m.extra["scenario_name"] = s.name;
  m.extra["scenario_description"] = s.description;
  m.extra["part_of"] = "compare";
  m.series = manifest_series(s);
  return m;
}

}  // namespace

int compare(CompareRequest rq) {
  ExperimentOptions& o = rq.options;
  const auto overrides = parse_overrides(o.sets);
  std::vector<std::string> base_files, alt_files;
  scenario::Scenario base = scenario::load_scenario(rq.base_path, overrides, &base_files);
  scenario::Scenario alt = scenario::load_scenario(rq.alt_path, overrides, &alt_files);
  // Common random numbers need one master seed: the base's (or --seed) drives both.
  const std::uint64_t seed = o.seed ? *o.seed : base.seed;
  if (alt.seed != seed && !o.seed)
    std::cerr << "cmsim compare: note: " << rq.alt_path << " sets seed " << alt.seed << "; both arms use " << seed
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

  const output::Manifest manifest = compare_manifest(rq, base, alt, identity);
  const std::string alt_events = replication0_events_csv(alt, rq.alt_path);
  return run_experiment(
      "compare", {market_arm("base", base), market_arm("alt", alt)}, seed, identity, o, manifest,
      [&](const std::vector<experiment::RunStore>& stores) {
        if (o.shard_count == 1 && stores.size() == 2)
          print_compare_summary(stores[0], stores[1], manifest_series(base), summary_metrics(stores[0]), rq.period,
                                base.name, alt.name);
      },
      {},
      {{"events.csv", alt_events},
       {"alt/events.csv", alt_events},
       {"base/events.csv", replication0_events_csv(base, rq.base_path)}},
      {arm_manifest(manifest, base, rq.base_path, base_files), arm_manifest(manifest, alt, rq.alt_path, alt_files)},
      shared_arms({base, alt}, rq.fork));
}

}  // namespace cmsim::cli
