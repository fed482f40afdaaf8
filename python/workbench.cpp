#include "python/workbench.h"

#include <sstream>
#include <stdexcept>
#include <thread>

#include "models/market/market_model.h"
#include "models/metrics/metric_table.h"
#include "models/scenario/model_parameters.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/experiment/comparison.h"
#include "sim/experiment/summary_statistics.h"
#include "sim/experiment/sweep_files.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::workbench {
namespace {

template <class Write, class... Args>
std::string text_of(Write write, const Args&... args) {
  std::ostringstream out;
  write(out, args...);
  return out.str();
}

void add_sweep_tables(Tables& t, const std::string& prefix, const experiment::RunStore& store) {
  if (!store.complete()) throw std::logic_error("cmsim: the sweep is incomplete");
  t[prefix + "runs.csv"] = text_of(experiment::write_runs_csv, store);
  t[prefix + "params.csv"] = text_of(experiment::write_params_csv, store);
  t[prefix + "summary.csv"] = text_of(experiment::write_summary_csv, experiment::summarize(store));
}

unsigned threads_of(const ExperimentSettings& settings) {
  return settings.threads ? settings.threads : std::max(1u, std::thread::hardware_concurrency());
}

experiment::SweepOutcome run_arms(const std::vector<experiment::Arm>& arms, std::uint64_t seed,
                                  const ExperimentSettings& settings, const experiment::RunGroups& groups = {}) {
  if (settings.runs < 1 || settings.runs > cli::MAX_RUNS)
    throw std::invalid_argument("runs: expected 1 to " + std::to_string(cli::MAX_RUNS) + ", got " +
                                std::to_string(settings.runs));
  const auto design = experiment::design_kind_from_string(settings.design);
  if (!design)
    throw std::invalid_argument("design: expected one of random, lhs, sobol; got \"" + settings.design + "\"");
  experiment::SweepOptions so;
  so.runs = settings.runs;
  so.seed = seed;
  so.design = *design;
  so.threads = threads_of(settings);
  so.stop_requested = settings.stop_requested;
  so.groups = groups;
  auto outcome = experiment::run_arms(arms, so);  // no checkpoint directory, no progress line
  if (!outcome.complete) throw Interrupted();
  return outcome;
}

Tables run_study(const cli::Study& st, const ExperimentSettings& settings) {
  experiment::SweepOptions so;
  so.runs = st.runs;
  so.seed = st.seed;
  so.design = st.design;
  so.threads = threads_of(settings);
  so.identity = st.identity;
  so.stop_requested = settings.stop_requested;
  so.groups = st.groups;  // runs that share a replication fork where they part, as the CLI's
  const auto outcome = experiment::run_arms(st.arms, so);
  if (!outcome.complete) throw Interrupted();
  return st.finish(outcome.arms.at(0)).files;
}

}  // namespace

LoadedScenario load(const std::string& path, const std::vector<scenario::Override>& overrides) {
  LoadedScenario s;
  s.path = path;
  s.overrides = overrides;
  s.scenario = scenario::load_scenario(path, overrides, &s.files);
  return s;
}

std::string validate(const LoadedScenario& loaded) {
  const auto s = scenario::load_scenario(loaded.path, loaded.overrides);
  metrics::series_table(s);  // a user metric must not reuse a default series' name
  return "OK (" + std::to_string(s.products.size()) + " products, " + std::to_string(s.events.size()) + " events, " +
         std::to_string(s.uncertain.size()) + " uncertain parameters)";
}

Tables run(const LoadedScenario& loaded, std::uint64_t replication, std::optional<std::uint64_t> seed, bool sample) {
  scenario::Scenario s = loaded.scenario;
  if (seed) s.seed = *seed;
  if (sample) cli::apply_design_point(s, s.seed, replication);  // as `cmsim run --sample --replication r`
  const market::RunResult res = market::run_market(s, replication);
  cli::check_finite(res.timeseries, "the run");
  cli::check_finite_rows(res);
  Tables t;
  t["timeseries.csv"] = text_of(cli::write_timeseries, res.timeseries);
  t["products.csv"] = text_of(cli::write_products, res.products);
  t["ecosystems.csv"] = text_of(cli::write_ecosystems, res.ecosystems);
  t["events.csv"] = text_of(cli::write_events, cli::with_removed_events(res.events, s, loaded.path));
  return t;
}

Tables sweep(const LoadedScenario& loaded, const ExperimentSettings& settings) {
  scenario::Scenario s = loaded.scenario;
  if (settings.seed) s.seed = *settings.seed;
  const auto outcome = run_arms({cli::market_arm("sweep", s)}, s.seed, settings);
  Tables t;
  add_sweep_tables(t, "", outcome.arms.at(0));
  return t;
}

Tables compare(const LoadedScenario& base_in, const LoadedScenario& alt_in, const ExperimentSettings& settings) {
  scenario::Scenario base = base_in.scenario, alt = alt_in.scenario;
  // Common random numbers need one master seed: the base's (or `seed=`) drives both.
  const std::uint64_t seed = settings.seed ? *settings.seed : base.seed;
  base.seed = alt.seed = seed;
  // The history base and alt share is run once and forked where they part, as `cmsim compare` does.
  const auto outcome = run_arms({cli::market_arm("base", base), cli::market_arm("alt", alt)}, seed, settings,
                                cli::shared_arms({base, alt}, true));
  const auto& stores = outcome.arms;
  Tables t;
  t["compare.csv"] = text_of(experiment::write_compare_csv, experiment::compare_arms(stores.at(0), stores.at(1), seed));
  add_sweep_tables(t, "base/", stores.at(0));
  add_sweep_tables(t, "alt/", stores.at(1));
  return t;
}

Tables experiment(const cli::ExperimentRequest& request, const ExperimentSettings& settings) {
  return run_study(cli::experiment_study(request), settings);
}

Tables sensitivity(const cli::SensitivityRequest& request, const ExperimentSettings& settings) {
  return run_study(cli::sensitivity_study(request), settings);
}

Tables attribute(const cli::AttributionRequest& request, const ExperimentSettings& settings) {
  return run_study(cli::attribution_study(request), settings);
}

Tables discover(const cli::DiscoveryRequest& request) { return cli::discover(request).tables.files; }

std::vector<std::pair<std::string, double>> parameters(const LoadedScenario& s) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& p : scenario::parameter_specs())
    out.emplace_back(std::string(p.name), scenario::get_parameter(s.scenario.parameters, p));
  return out;
}

}  // namespace cmsim::workbench
