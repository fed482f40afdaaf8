// `cmsim experiment FILE.yaml`: levers (scenario files) x design points of the
// uncertainties x replications in one call, through the sweep runner (threads, MPI,
// checkpoints, resume: the same bytes at any --threads), and experiments.csv with one row
// per run: its lever, point, replication, every input and every named outcome.
#include <algorithm>
#include <iostream>
#include <memory>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/experiment_file.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

struct ExperimentPlan {
  ExperimentFile file;
  std::vector<std::vector<double>> points;
  std::vector<scenario::Override> sets;  ///< --set, applied to every lever before the point's values
  std::uint64_t seed = 1;
  std::uint64_t runs() const { return file.levers.size() * points.size() * file.replications; }
  // Run r = (lever L + point) R + replication; its model replication index is
  // point R + replication, shared by every lever (common random numbers).
  std::size_t lever(std::uint64_t r) const { return r / (points.size() * file.replications); }
  std::size_t point(std::uint64_t r) const { return r / file.replications % points.size(); }
  std::uint64_t replication(std::uint64_t r) const { return r % (points.size() * file.replications); }
};

scenario::Scenario load_run(const ExperimentPlan& p, std::size_t lever, std::size_t point) {
  auto overrides = p.sets;
  for (std::size_t i = 0; i < p.file.uncertainties.size(); ++i)
    overrides.push_back({p.file.uncertainties[i].key, csv_number(p.points[point][i])});
  auto s = scenario::load_scenario(p.file.levers[lever].second, overrides);
  s.seed = p.seed;
  return s;
}

void write_table(std::ostream& out, const ExperimentPlan& p, const std::vector<analysis::OutcomeSpec>& specs,
                 const experiment::RunStore& store) {
  out << "run,lever,point,replication";
  for (const auto& u : p.file.uncertainties) out << ',' << u.key;
  for (const auto& [name, text] : p.file.outcomes) out << ',' << name;
  out << '\n';
  for (std::size_t slot = 0; slot < store.replications().size(); ++slot) {
    const std::uint64_t r = store.replications()[slot];
    out << r << ',' << p.file.levers[p.lever(r)].first << ',' << p.point(r) << ',' << r % p.file.replications;
    for (const double v : p.points[p.point(r)]) out << ',' << csv_number(v);
    for (const auto& spec : specs) out << ',' << csv_number(outcome_value(store, slot, spec));
    out << '\n';
  }
}

}  // namespace

int cmd_experiment(const std::vector<std::string>& args_in) {
  std::vector<std::string> args = args_in;  // the file sets the run count; --runs is not asked for
  args.push_back("--runs");
  args.push_back("1");
  po::options_description opts("experiment options");
  std::string path;
  ExperimentOptionText text;
  opts.add_options()("experiment", po::value(&path)->required(), "experiment file (YAML)");
  add_experiment_options(opts, text);
  add_fork_option(opts);
  po::positional_options_description pos;
  pos.add("experiment", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("experiment"), args, opts, pos, vm)) return EXIT_OK;
  if (std::count(args.begin(), args.end(), "--runs") > 1)
    throw UsageError("--runs: the experiment file sets the runs (samples, replications, levers)");
  ExperimentOptions o = validate_experiment_options(text, vm);
  if (o.shard_count > 1)
    throw UsageError("--shard: experiments.csv needs every run in one place; use --threads or mpirun");
  if (!vm["design"].defaulted()) throw UsageError("--design: the experiment file sets the design");

  ExperimentPlan p;
  p.file = read_experiment_file(path);
  for (const auto& set : o.sets) p.sets.push_back(scenario::parse_override(set));
  std::vector<std::string> files_read;
  const auto first = scenario::load_scenario(p.file.levers[0].second, p.sets, &files_read);
  p.seed = o.seed ? *o.seed : p.file.seed.value_or(first.seed);
  p.file.seed = p.seed;
  p.points = p.file.points();
  std::vector<std::string> outcome_texts;
  for (const auto& [name, spec] : p.file.outcomes) outcome_texts.push_back(spec);
  const auto specs = parse_outcomes(outcome_texts, first);
  std::uint64_t cost = 0;
  for (std::size_t l = 0; l < p.file.levers.size(); ++l) {
    // Every lever must load with every uncertainty's values (checks keys before running).
    const auto s = load_run(p, l, 0);
    if (l > 0) scenario::load_scenario(p.file.levers[l].second, p.sets, &files_read);
    cost = std::max(cost, agent_quarters(s));
  }
  if (p.runs() > MAX_RUNS)
    throw UsageError(path + ": " + std::to_string(p.runs()) + " runs exceed " + std::to_string(MAX_RUNS));
  o.runs = p.runs();
  check_cost(cost, o.runs, o.max_agent_quarters);
  resolve_output(o, "output/" + std::filesystem::path(path).stem().string() + "-experiment");

  std::string identity = "experiment=" + inputs_identity({path}) + inputs_identity(files_read);
  for (const auto& set : o.sets) identity += ";set=" + set;
  output::Manifest manifest;
  manifest.argv.assign(args_in.begin(), args_in.end());
  manifest.argv.insert(manifest.argv.begin(), "experiment");
  for (const auto& [name, lever] : p.file.levers) {
    manifest.scenario_paths.push_back(lever);
    manifest.scenario_sha256.push_back(output::sha256_file(lever));
  }
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["experiment_file"] = path;
  manifest.extra["experiment_design"] = p.file.design_name;
  manifest.extra["points"] = std::to_string(p.points.size());
  manifest.extra["replications_per_point"] = std::to_string(p.file.replications);
  manifest.extra["levers"] = std::to_string(p.file.levers.size());
  manifest.series = manifest_series(first);

  experiment::Arm arm;
  arm.name = "sweep";
  arm.replicate = [&p](std::uint64_t r, std::span<const double>) {
    auto s = load_run(p, p.lever(r), p.point(r));
    auto series = market::run_market(s, p.replication(r)).timeseries;
    check_finite(series, "replication " + std::to_string(r));
    return series;
  };
  const auto write_more = [&](const output::OutputDir& dir, const std::vector<experiment::RunStore>& stores) {
    auto f = dir.open("experiments.csv");
    write_table(f, p, specs, stores[0]);
  };
  // Every lever on one model replication together: levers that differ only by events
  // share the history before the first difference, run once and forked (--no-fork: not).
  experiment::RunGroups groups;
  groups.group = [&p](std::uint64_t r) { return p.replication(r); };
  groups.replicate = [&p, fork = vm.count("no-fork") == 0](std::span<const std::uint64_t> runs,
                                                           const std::vector<std::vector<std::vector<double>>>&) {
    std::vector<scenario::Scenario> scenarios;
    for (const auto r : runs) scenarios.push_back(load_run(p, p.lever(r), p.point(r)));
    std::vector<std::vector<engine::Recorder>> out;
    for (auto& series : shared_series(scenarios, p.replication(runs.front()), fork)) out.push_back({std::move(series)});
    return out;
  };
  return run_experiment("experiment", {arm}, p.seed, identity, o, manifest, {}, write_more, {}, {}, groups);
}

}  // namespace cmsim::cli
