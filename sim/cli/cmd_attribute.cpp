// `cmsim attribute SCENARIO --events ID,ID|--all --outcome SPEC [--runs N]`: how much of
// an outcome each policy event accounts for. Every run removes a set of the chosen events
// exactly as a scenario's `remove_events:` would (with the events and products that
// require them), on replications shared by every set (common random numbers), through
// the sweep runner (threads, MPI, checkpoints, resume: the same bytes at any --threads).
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/analysis/attribution_plan.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/parameter_design.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> chosen_events(const scenario::Scenario& s, const std::string& list, bool all) {
  std::vector<std::string> known;
  for (const auto& e : s.events) known.push_back(e.id);
  if (all) return known;
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    const std::string id = list.substr(start, comma - start);
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      throw engine::InputError("--events: \"" + engine::printable_text(id) + "\" is not an event of scenario " +
                               s.name + " (events: " + engine::printable_text(names) + ")");
    }
    if (std::find(out.begin(), out.end(), id) != out.end())
      throw engine::InputError("--events: \"" + engine::printable_text(id) + "\" is named twice");
    out.push_back(id);
    start = comma + 1;
  }
  return out;
}

// A scenario file that extends `base` and removes `removed`; the loader composes it as
// it would a user's counterfactual file.
std::string counterfactual_yaml(const std::string& base, const std::vector<std::string>& removed) {
  std::string y = "extends: \"" + fs::absolute(base).string() + "\"\nremove_events:\n";
  for (const auto& id : removed) y += "  - \"" + id + "\"\n";
  return y;
}

struct AttributeContext {
  std::string path;
  std::vector<scenario::Override> overrides;
  std::uint64_t seed = 0;
  analysis::AttributionPlan plan;
  scenario::Scenario full;
  fs::path temp_dir;
  // Composed counterfactuals by the events removed: a coalition recurs in every sample
  // (leave-one-out, none, all; every one in exact mode), and composing one re-reads the files.
  mutable std::mutex cache_mutex;
  mutable std::map<std::vector<std::string>, std::shared_ptr<const scenario::Scenario>> composed;
  static constexpr std::size_t MAX_COMPOSED = 256;  // about 100 kB each
};

std::shared_ptr<const scenario::Scenario> composed_without(const AttributeContext& c,
                                                           const std::vector<std::string>& removed, std::uint64_t r) {
  {
    std::lock_guard lock(c.cache_mutex);
    if (const auto it = c.composed.find(removed); it != c.composed.end()) return it->second;
  }
  const fs::path file = c.temp_dir / ("run-" + std::to_string(r) + ".yaml");
  std::ofstream(file) << counterfactual_yaml(c.path, removed);
  auto s = std::make_shared<scenario::Scenario>(scenario::load_scenario(file.string(), c.overrides));
  fs::remove(file);
  s->seed = c.seed;
  std::lock_guard lock(c.cache_mutex);
  if (c.composed.size() < AttributeContext::MAX_COMPOSED) c.composed.emplace(removed, s);
  return s;
}

// Run r's scenario: the plan's coalition with every chosen event outside it removed, the
// replication's draw of the uncertain parameters (matched by their id-based key, as compare does).
scenario::Scenario run_scenario(const AttributeContext& c, std::uint64_t r) {
  const auto present = c.plan.coalition(r);
  std::vector<std::string> removed;
  for (std::size_t i = 0; i < c.plan.events.size(); ++i)
    if (!(present & (analysis::Coalition{1} << i))) removed.push_back(c.plan.events[i]);
  scenario::Scenario s = removed.empty() ? c.full : *composed_without(c, removed, r);
  const std::uint64_t rep = c.plan.replication(r);
  const experiment::ParameterDesign design(experiment::DesignKind::RANDOM, c.full.uncertain.size(), rep + 1, c.seed);
  std::vector<double> u(c.full.uncertain.size());
  design.point(rep, u);
  for (auto& p : s.uncertain)
    for (std::size_t k = 0; k < u.size(); ++k)
      if (c.full.uncertain[k].key == p.key) p.apply(s, p.distribution.quantile(u[k]));
  return s;
}

engine::Recorder replicate(const AttributeContext& c, std::uint64_t r) {
  auto series = market::run_market(run_scenario(c, r), c.plan.replication(r)).timeseries;
  check_finite(series, "replication " + std::to_string(r));
  return series;
}

// The runs of a replication together: they share history up to the first event removed,
// which is run once and forked (models/market/shared_runs.h; with --no-fork each runs alone).
experiment::RunGroups shared_replications(const AttributeContext& c) {
  experiment::RunGroups g;
  g.group = [&c](std::uint64_t r) { return c.plan.replication(r); };
  g.replicate = [&c](std::span<const std::uint64_t> runs, const std::vector<std::vector<std::vector<double>>>&) {
    std::vector<scenario::Scenario> scenarios;
    for (const auto r : runs) scenarios.push_back(run_scenario(c, r));
    std::vector<std::vector<engine::Recorder>> out;
    for (auto& series : shared_series(scenarios, c.plan.replication(runs.front()), true))
      out.push_back({std::move(series)});
    return out;
  };
  return g;
}

void write_rows(std::ostream& out, const std::vector<analysis::AttributionRow>& rows) {
  out << "event,leave_one_out,shapley,shapley_p05,shapley_p95\n";
  for (const auto& r : rows)
    out << r.event << ',' << csv_number(r.leave_one_out) << ',' << csv_number(r.shapley) << ','
        << csv_number(r.shapley_p05) << ',' << csv_number(r.shapley_p95) << '\n';
}

}  // namespace

int cmd_attribute(const std::vector<std::string>& args_in) {
  // --runs is optional here: 20 replications (exact) or permutations (sampled).
  std::vector<std::string> args = args_in;
  if (std::none_of(args.begin(), args.end(),
                   [](const std::string& a) { return a.rfind("--runs", 0) == 0 && a.rfind("--runs-", 0) != 0; })) {
    args.push_back("--runs");
    args.push_back("20");
  }
  po::options_description opts("attribute options");
  std::string path, events_text, outcome_text, exact_text = "10";
  ExperimentOptionText text;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "events", po::value(&events_text), "the events to attribute to: ID,ID,... (their ids in the scenario)")(
      "all", "every event of the scenario")("outcome", po::value(&outcome_text)->required(),
                                            "METRIC:PERIOD:REDUCTION, e.g. domestic_share_units:2026:mean")(
      "exact-max", po::value(&exact_text), "exact Shapley values up to this many events (default 10, at most 16)");
  add_experiment_options(opts, text);
  add_fork_option(opts);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("attribute"), args, opts, pos, vm)) return EXIT_OK;
  ExperimentOptions o = validate_experiment_options(text, vm);
  if (vm.count("events") == vm.count("all")) throw UsageError("give either --events ID,ID,... or --all");
  if (o.shard_count > 1) throw UsageError("--shard: attribution needs every run in one place; use --threads or mpirun");
  if (!vm["design"].defaulted()) throw UsageError("--design: attribution draws parameters with the random design");
  const auto exact_max = static_cast<std::size_t>(parse_unsigned("--exact-max", exact_text, 0, 16));

  AttributeContext c;
  c.path = path;
  for (const auto& set : o.sets) c.overrides.push_back(scenario::parse_override(set));
  std::vector<std::string> files_read;
  c.full = scenario::load_scenario(path, c.overrides, &files_read);
  if (o.seed) c.full.seed = *o.seed;
  c.seed = c.full.seed;
  const auto outcome = parse_outcomes({outcome_text}, c.full).front();
  auto events = chosen_events(c.full, events_text, vm.count("all") > 0);
  if (events.empty()) throw engine::InputError(path + ": the scenario has no events to attribute to");
  if (events.size() > analysis::MAX_PLAYERS)
    throw UsageError("--events: at most 63 events, got " + std::to_string(events.size()));
  c.plan = analysis::plan_attribution(events, exact_max, o.runs, c.seed);
  if (c.plan.total_runs() > MAX_RUNS)
    throw UsageError("--runs: " + std::to_string(o.runs) + " x " + std::to_string(c.plan.runs_per_sample()) +
                     " runs exceed " + std::to_string(MAX_RUNS) + "; lower --runs or --exact-max");
  const std::uint64_t samples = o.runs;
  o.runs = c.plan.total_runs();
  check_cost(agent_quarters(c.full), o.runs, o.max_agent_quarters);
  resolve_output(o, "output/" + c.full.name + "-attribution");

  std::string identity = "attribute=" + std::string(c.plan.exact ? "exact" : "sampled") +
                         ";samples=" + std::to_string(samples) + ";scenario=" + c.full.name +
                         inputs_identity(files_read);
  for (const auto& e : events) identity += ";event=" + e;
  for (const auto& set : o.sets) identity += ";set=" + set;
  output::Manifest manifest;
  manifest.argv.assign(args_in.begin(), args_in.end());
  manifest.argv.insert(manifest.argv.begin(), "attribute");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["scenario_name"] = c.full.name;
  manifest.extra["outcome"] = outcome.text;
  manifest.extra["shapley"] = c.plan.exact ? "exact" : "sampled permutations";
  manifest.extra["samples"] = std::to_string(samples);
  manifest.series = manifest_series(c.full);

  c.temp_dir = fs::temp_directory_path() / ("cmsim-attribute-" + std::to_string(::getpid()));
  fs::create_directories(c.temp_dir);
  struct RemoveDir {
    fs::path p;
    ~RemoveDir() {
      std::error_code ec;
      fs::remove_all(p, ec);
    }
  } cleanup{c.temp_dir};

  experiment::Arm arm;
  arm.name = "sweep";
  arm.replicate = [&c](std::uint64_t r, std::span<const double>) { return replicate(c, r); };
  std::vector<analysis::AttributionRow> rows;
  const auto write_more = [&](const output::OutputDir& dir, const std::vector<experiment::RunStore>& stores) {
    std::vector<double> y(stores[0].replications().size());
    for (std::size_t slot = 0; slot < y.size(); ++slot) y[slot] = outcome_value(stores[0], slot, outcome);
    rows = analysis::attribution_rows(c.plan, y);
    auto file = dir.open("attribution.csv");
    write_rows(file, rows);
  };
  const auto print = [&](const std::vector<experiment::RunStore>&) {
    std::printf("attribution of %s (%s Shapley, %llu %s; 90%% intervals):\n", outcome.text.c_str(),
                c.plan.exact ? "exact" : "sampled", static_cast<unsigned long long>(samples),
                c.plan.exact ? "replications" : "permutations");
    for (const auto& r : rows)
      std::printf("  %-36s leave-one-out %+10.4g   Shapley %+10.4g  [%+.4g, %+.4g]\n", r.event.c_str(), r.leave_one_out,
                  r.shapley, r.shapley_p05, r.shapley_p95);
  };
  return run_experiment("attribute", {arm}, c.seed, identity, o, manifest, print, write_more, {}, {},
                        vm.count("no-fork") ? experiment::RunGroups{} : shared_replications(c));
}

}  // namespace cmsim::cli
