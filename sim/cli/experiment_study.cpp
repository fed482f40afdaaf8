#include "sim/cli/experiment_study.h"

#include <algorithm>
#include <filesystem>
#include <memory>
#include <sstream>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

struct ExperimentPlan {
  ExperimentFile file;
  LeverScenarios levers;  ///< with the command's --set
  std::vector<std::vector<double>> points;
  std::uint64_t seed = 1;
  std::uint64_t runs() const { return file.levers.size() * points.size() * file.replications; }
  // Run r = (lever L + point) R + replication; its model replication index is
  // point R + replication, shared by every lever (common random numbers).
  std::size_t lever(std::uint64_t r) const { return r / (points.size() * file.replications); }
  std::size_t point(std::uint64_t r) const { return r / file.replications % points.size(); }
  std::uint64_t replication(std::uint64_t r) const { return r % (points.size() * file.replications); }
};

scenario::Scenario load_run(const ExperimentPlan& p, std::size_t lever, std::size_t point) {
  std::vector<scenario::Override> overrides;
  for (std::size_t i = 0; i < p.file.uncertainties.size(); ++i)
    overrides.push_back({p.file.uncertainties[i].key, csv_number(p.points[point][i])});
  auto s = p.levers.load(lever, overrides);
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
    out << r << ',' << p.file.levers[p.lever(r)].name << ',' << p.point(r) << ',' << r % p.file.replications;
    for (const double v : p.points[p.point(r)]) out << ',' << csv_number(v);
    for (const auto& spec : specs) out << ',' << csv_number(outcome_value(store, slot, spec));
    out << '\n';
  }
}

output::Manifest manifest_of(const ExperimentPlan& p, const std::string& path, const std::string& identity,
                             const scenario::Scenario& first) {
  output::Manifest manifest;
  for (const auto& lever : p.file.levers) {
    manifest.scenario_paths.push_back(lever.scenario);
    manifest.scenario_sha256.push_back(output::sha256_file(lever.scenario));
  }
  manifest.inputs = experiment::identity_inputs(identity);
  manifest.extra["experiment_file"] = path;
  manifest.extra["experiment_design"] = p.file.design_name;
  manifest.extra["points"] = std::to_string(p.points.size());
  manifest.extra["replications_per_point"] = std::to_string(p.file.replications);
  manifest.extra["levers"] = std::to_string(p.file.levers.size());
  manifest.series = manifest_series(first);
  return manifest;
}

// Reads the experiment file into `p`, with the command's --set and --seed. Returns lever 0's
// scenario, loaded once: its seed is the default and the outcomes are parsed against it.
scenario::Scenario read_plan(const ExperimentRequest& rq, ExperimentPlan& p) {
  p.file = rq.text ? read_experiment_text(*rq.text, rq.path, rq.dir) : read_experiment_file(rq.path);
  std::vector<scenario::Override> sets;
  for (const auto& set : rq.sets) sets.push_back(scenario::parse_override(set));
  p.levers = LeverScenarios(p.file.levers, sets);
  auto first = p.levers.load(0);
  p.seed = rq.seed ? *rq.seed : p.file.seed.value_or(first.seed);
  p.file.seed = p.seed;
  p.points = p.file.points();
  return first;
}

std::vector<analysis::OutcomeSpec> outcome_specs(const ExperimentPlan& p, const scenario::Scenario& first) {
  std::vector<std::string> outcome_texts;
  for (const auto& [name, spec] : p.file.outcomes) outcome_texts.push_back(spec);
  return parse_outcomes(outcome_texts, first);
}

// Agent-quarters of the costliest lever's run, once the experiment's size is checked.
std::uint64_t checked_run_cost(const ExperimentPlan& p, const ExperimentRequest& rq) {
  std::uint64_t cost = 0;
  for (std::size_t l = 0; l < p.file.levers.size(); ++l)  // every lever loads with every uncertainty's values
    cost = std::max(cost, agent_quarters(load_run(p, l, 0)));
  if (p.runs() > MAX_RUNS)
    throw UsageError(rq.path + ": " + std::to_string(p.runs()) + " runs exceed " + std::to_string(MAX_RUNS));
  check_cost(cost, p.runs(), rq.max_agent_quarters);
  return cost;
}

// What a checkpoint or a shard must agree on: the experiment (its file or text), the levers'
// scenario files and the command's --set.
std::string study_identity(const ExperimentRequest& rq, const ExperimentPlan& p) {
  std::string identity = "experiment=" +
                         (rq.text ? ";" + experiment::input_identity(rq.path, output::sha256_text(*rq.text))
                                  : inputs_identity({rq.path})) +
                         inputs_identity(p.levers.files());
  for (const auto& set : rq.sets) identity += ";set=" + set;
  return identity;
}

// The study's one arm: run r computed on its own (RunGroups, when the runner uses them, replace it).
experiment::Arm sweep_arm(const std::shared_ptr<ExperimentPlan>& p) {
  experiment::Arm arm;
  arm.name = "sweep";
  arm.replicate = [p](std::uint64_t r, std::span<const double>) {
    auto s = load_run(*p, p->lever(r), p->point(r));
    auto series = market::run_market(s, p->replication(r)).timeseries;
    check_finite(series, "replication " + std::to_string(r));
    return series;
  };
  return arm;
}

// Every lever on one model replication together: levers that differ only by events share
// the history before the first difference, run once and forked (--no-fork: not).
experiment::RunGroups lever_groups(const std::shared_ptr<ExperimentPlan>& p, bool fork) {
  experiment::RunGroups groups;
  groups.group = [p](std::uint64_t r) { return p->replication(r); };
  groups.replicate = [p, fork](std::span<const std::uint64_t> runs,
                               const std::vector<std::vector<std::vector<double>>>&) {
    std::vector<scenario::Scenario> scenarios;
    for (const auto r : runs) scenarios.push_back(load_run(*p, p->lever(r), p->point(r)));
    std::vector<std::vector<engine::Recorder>> out;
    for (auto& series : shared_series(scenarios, p->replication(runs.front()), fork))
      out.push_back({std::move(series)});
    return out;
  };
  return groups;
}

}  // namespace

Study experiment_study(const ExperimentRequest& rq) {
  auto p = std::make_shared<ExperimentPlan>();
  const auto first = read_plan(rq, *p);
  const auto specs = outcome_specs(*p, first);
  const std::uint64_t cost = checked_run_cost(*p, rq);

  Study st;
  st.command = "experiment";
  st.seed = p->seed;
  st.runs = p->runs();
  st.run_cost = cost;
  st.default_output =
      "output/" + std::filesystem::path(rq.text ? "experiment" : rq.path).stem().string() + "-experiment";
  st.identity = study_identity(rq, *p);
  st.manifest = manifest_of(*p, rq.path, st.identity, first);
  st.arms = {sweep_arm(p)};
  st.groups = lever_groups(p, rq.fork);
  st.finish = [p, specs](const experiment::RunStore& store) {
    std::ostringstream out;
    write_table(out, *p, specs, store);
    StudyTables t;
    t.files["experiments.csv"] = out.str();
    return t;
  };
  return st;
}

}  // namespace cmsim::cli
