#include "sim/cli/sensitivity_study.h"

#include <cstdio>
#include <functional>
#include <memory>
#include <sstream>

#include "models/market/market_model.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_loader.h"
#include "models/scenario/yaml_reader.h"
#include "sim/analysis/morris.h"
#include "sim/analysis/sobol_indices.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_file.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

struct SensitivityPlan {
  std::string method;  // "morris" or "sobol"
  std::uint64_t base = 0, group = 0;
  unsigned levels = 4;
  std::uint64_t resamples = 200;
  std::uint64_t seed = 1;
  analysis::MorrisDesign morris;
  std::shared_ptr<const std::vector<double>> points;
  std::vector<std::string> names;                    ///< the uncertain inputs
  std::function<double(std::size_t, double)> value;  ///< input i's value at unit coordinate u
  std::vector<analysis::OutcomeSpec> outcomes;
};

// An experiment file (docs/experiments.md) rather than a scenario: it has uncertainties.
bool is_experiment_file(const std::string& path) {
  scenario::ErrorList ignored;
  const auto root = scenario::read_yaml_file(path, ignored);
  return root && root->is_map() && root->find("uncertainties");
}

// The experiment file's one lever, run with its uncertainties set like --set.
experiment::Arm experiment_arm(std::shared_ptr<const ExperimentFile> file, std::shared_ptr<const LeverScenarios> lever,
                               std::shared_ptr<const std::vector<double>> points, std::uint64_t group,
                               std::uint64_t seed) {
  experiment::Arm arm;
  arm.name = "sweep";
  arm.replicate = [=](std::uint64_t r, std::span<const double>) {
    std::vector<scenario::Override> overrides;
    const std::size_t k = file->uncertainties.size();
    for (std::size_t i = 0; i < k; ++i)
      overrides.push_back({file->uncertainties[i].key, csv_number(file->uncertainties[i].at((*points)[r * k + i]))});
    auto s = lever->load(0, overrides);
    s.seed = seed;
    auto series = market::run_market(s, r / group).timeseries;
    check_finite(series, "replication " + std::to_string(r));
    return series;
  };
  return arm;
}

// One outcome's values over every run, in run order.
std::vector<double> outcome_column(const experiment::RunStore& store, const analysis::OutcomeSpec& spec) {
  std::vector<double> f(store.replications().size());
  for (std::size_t slot = 0; slot < f.size(); ++slot) f[slot] = outcome_value(store, slot, spec);
  return f;
}

// sensitivity.csv: one row per outcome and parameter; returns the text printed at the end.
std::string write_indices(std::ostream& out, const SensitivityPlan& p, const std::vector<std::vector<double>>& f) {
  const auto& outcomes = p.outcomes;
  std::string shown;
  char line[256];
  out << (p.method == "morris" ? "outcome,parameter,mu,mu_star,sigma,mu_star_conf\n"
                               : "outcome,parameter,S1,S1_conf,ST,ST_conf\n");
  for (std::size_t o = 0; o < outcomes.size(); ++o) {
    shown +=
        outcomes[o].text + (p.method == "morris" ? "   (mu_star +- conf, sigma)\n" : "   (S1 +- conf, ST +- conf)\n");
    const std::size_t k = p.names.size();
    std::vector<analysis::MorrisIndex> morris;
    std::vector<analysis::SobolIndex> sobol;
    if (p.method == "morris")
      morris = analysis::morris_indices(p.morris, f[o], p.resamples, p.seed);
    else
      sobol = analysis::sobol_indices(f[o], k, p.resamples, p.seed);
    for (std::size_t i = 0; i < k; ++i) {
      const std::string& name = p.names[i];
      if (p.method == "morris") {
        const auto& idx = morris[i];
        out << outcomes[o].text << ',' << name << ',' << csv_number(idx.mu) << ',' << csv_number(idx.mu_star) << ','
            << csv_number(idx.sigma) << ',' << csv_number(idx.mu_star_conf) << '\n';
        std::snprintf(line, sizeof line, "  %-44s %10.4g +- %-10.3g %10.4g\n", name.c_str(), idx.mu_star,
                      idx.mu_star_conf, idx.sigma);
      } else {
        const auto& idx = sobol[i];
        out << outcomes[o].text << ',' << name << ',' << csv_number(idx.s1) << ',' << csv_number(idx.s1_conf) << ','
            << csv_number(idx.st) << ',' << csv_number(idx.st_conf) << '\n';
        std::snprintf(line, sizeof line, "  %-44s %7.3f +- %-6.3f %7.3f +- %-6.3f\n", name.c_str(), idx.s1, idx.s1_conf,
                      idx.st, idx.st_conf);
      }
      shown += line;
    }
  }
  return shown;
}

// sensitivity_design.csv: run, group (block or trajectory), each parameter's value, each outcome.
void write_design(std::ostream& out, const SensitivityPlan& p, const std::vector<std::vector<double>>& f) {
  const std::size_t k = p.names.size();
  out << "run,group";
  for (const auto& name : p.names) out << ',' << name;
  for (const auto& o : p.outcomes) out << ',' << o.text;
  out << '\n';
  for (std::size_t r = 0; r < p.base * p.group; ++r) {
    out << r << ',' << r / p.group;
    for (std::size_t i = 0; i < k; ++i) out << ',' << csv_number(p.value(i, (*p.points)[r * k + i]));
    for (std::size_t o = 0; o < p.outcomes.size(); ++o) out << ',' << csv_number(f[o][r]);
    out << '\n';
  }
}

}  // namespace

namespace {

// Checks the request's options (before anything is read); returns the runner's design.
experiment::DesignKind check_options(const SensitivityRequest& rq, SensitivityPlan& p) {
  const std::string& method = rq.method;
  p.method = method;
  if (method != "morris" && method != "sobol")
    throw UsageError("--method: expected morris or sobol; got \"" + method + "\"");
  p.levels = static_cast<unsigned>(parse_unsigned("--levels", std::to_string(rq.levels.value_or(4)), 2, 1000));
  if (p.levels % 2 != 0)
    throw UsageError("--levels: must be even (the moves are p/2 levels), got " + std::to_string(p.levels));
  if (rq.levels && method != "morris") throw UsageError("--levels: only for --method morris");
  p.resamples = parse_unsigned("--resamples", std::to_string(rq.resamples), 2, 100000);
  parse_unsigned("--runs", std::to_string(rq.runs), 1, MAX_RUNS);
  if (method == "morris" && rq.design) throw UsageError("--design: Morris builds its own trajectories");
  return rq.design.value_or(method == "sobol" ? experiment::DesignKind::SOBOL : experiment::DesignKind::RANDOM);
}

// What the study varies: a scenario's uncertain parameters, or an experiment file's
// uncertainties on its one lever.
struct Inputs {
  scenario::Scenario s;
  std::shared_ptr<const ExperimentFile> file;   ///< null for a scenario
  std::shared_ptr<const LeverScenarios> lever;  ///< the file's one lever
  std::vector<std::string> files_read;          ///< for the identity
  std::vector<std::string> outcome_texts;       ///< the file's outcome names replaced by their specs
};

Inputs load_inputs(const SensitivityRequest& rq, SensitivityPlan& p) {
  Inputs in;
  std::vector<scenario::Override> overrides;
  for (const auto& set : rq.sets) overrides.push_back(scenario::parse_override(set));
  const std::string& path = rq.path;
  in.outcome_texts = rq.outcomes;
  if (is_experiment_file(path)) {
    in.file = std::make_shared<const ExperimentFile>(read_experiment_file(path));
    if (in.file->levers.size() != 1)
      throw engine::InputError(path + ": levers: sensitivity runs one scenario; give scenario: FILE (or one lever)");
    in.lever = std::make_shared<const LeverScenarios>(in.file->levers, overrides);
    in.files_read.push_back(path);
    in.files_read.insert(in.files_read.end(), in.lever->files().begin(), in.lever->files().end());
    for (const auto& u : in.file->uncertainties) p.names.push_back(u.key);
    p.value = [file = in.file](std::size_t i, double u) { return file->uncertainties[i].at(u); };
    for (auto& text : in.outcome_texts)  // an outcome may be named as in the file
      for (const auto& [name, spec] : in.file->outcomes)
        if (text == name) text = spec;
  }
  in.s = in.file ? in.lever->load(0) : scenario::load_scenario(path, overrides, &in.files_read);
  if (rq.seed)
    in.s.seed = *rq.seed;
  else if (in.file && in.file->seed)
    in.s.seed = *in.file->seed;
  p.seed = in.s.seed;
  if (!in.file) {
    for (const auto& u : in.s.uncertain) p.names.push_back(u.key);
    p.value = [uncertain = in.s.uncertain](std::size_t i, double u) { return uncertain[i].distribution.quantile(u); };
  }
  if (p.names.empty())
    throw engine::InputError(path +
                             ": no distribution-valued parameters: nothing to be sensitive to (give a "
                             "parameter a distribution, docs/scenarios.md, or use an experiment file)");
  return in;
}

// The outcomes, the run count (checked against the limits) and the design's points.
void plan_design(const SensitivityRequest& rq, const Inputs& in, experiment::DesignKind design, SensitivityPlan& p) {
  const std::size_t k = p.names.size();
  p.outcomes = parse_outcomes(in.outcome_texts, in.s);
  p.base = rq.runs;
  p.group = p.method == "morris" ? k + 1 : k + 2;
  if (p.base > MAX_RUNS / p.group)
    throw UsageError("--runs: " + std::to_string(p.base) + " x " + std::to_string(p.group) + " runs exceed " +
                     std::to_string(MAX_RUNS));
  check_cost(agent_quarters(in.s), p.base * p.group, rq.max_agent_quarters);
  if (p.method == "morris") {
    p.morris = analysis::morris_design(k, p.base, p.levels, in.s.seed);
    p.points = std::make_shared<const std::vector<double>>(p.morris.points);
  } else {
    p.points = std::make_shared<const std::vector<double>>(analysis::saltelli_points(p.base, k, design, in.s.seed));
  }
}

}  // namespace

Study sensitivity_study(const SensitivityRequest& rq) {
  auto p = std::make_shared<SensitivityPlan>();
  const experiment::DesignKind design = check_options(rq, *p);
  const Inputs in = load_inputs(rq, *p);
  plan_design(rq, in, design, *p);
  const scenario::Scenario& s = in.s;
  const std::string& path = rq.path;
  const std::string& method = rq.method;
  const std::size_t k = p->names.size();

  Study st;
  st.command = "sensitivity";
  st.seed = s.seed;
  st.runs = p->base * p->group;
  st.design = design;
  st.run_cost = agent_quarters(s);
  st.default_output = "output/" + s.name + "-" + method;
  st.identity = "sensitivity=" + method + ";levels=" + std::to_string(p->levels) +
                ";base_runs=" + std::to_string(p->base) + ";scenario=" + s.name + inputs_identity(in.files_read);
  for (const auto& set : rq.sets) st.identity += ";set=" + set;
  output::Manifest& manifest = st.manifest;
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.inputs = experiment::identity_inputs(st.identity);
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["method"] = method;
  manifest.extra["base_runs"] = std::to_string(p->base);
  manifest.extra["uncertain_parameters"] = std::to_string(k);
  manifest.series = manifest_series(s);

  st.arms = {in.file ? experiment_arm(in.file, in.lever, p->points, p->group, s.seed)
                     : design_arm("sweep", s, p->points, p->group)};
  st.finish = [p](const experiment::RunStore& store) {
    std::vector<std::vector<double>> f;
    for (const auto& spec : p->outcomes) f.push_back(outcome_column(store, spec));
    StudyTables t;
    std::ostringstream indices, design_table;
    t.shown = write_indices(indices, *p, f);
    write_design(design_table, *p, f);
    t.files["sensitivity.csv"] = indices.str();
    t.files["sensitivity_design.csv"] = design_table.str();
    return t;
  };
  return st;
}

}  // namespace cmsim::cli
