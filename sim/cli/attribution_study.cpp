#include "sim/cli/attribution_study.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/analysis/attribution_plan.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> chosen_events(const scenario::Scenario& s, const std::vector<std::string>& list, bool all) {
  std::vector<std::string> known;
  for (const auto& e : s.events) known.push_back(e.id);
  if (all) return known;
  std::vector<std::string> out;
  for (const auto& id : list) {
    if (std::find(known.begin(), known.end(), id) == known.end()) {
      std::string names;
      for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
      throw engine::InputError("--events: \"" + engine::printable_text(id) + "\" is not an event of scenario " +
                               s.name + " (events: " + engine::printable_text(names) + ")");
    }
    if (std::find(out.begin(), out.end(), id) != out.end())
      throw engine::InputError("--events: \"" + engine::printable_text(id) + "\" is named twice");
    out.push_back(id);
  }
  return out;
}

struct AttributeContext {
  std::string path;
  std::vector<scenario::Override> overrides;
  std::uint64_t seed = 0;
  analysis::AttributionPlan plan;
  scenario::Scenario full;
  std::shared_ptr<const TempFolder> temp;  ///< the counterfactual files
  analysis::OutcomeSpec outcome;
  std::vector<std::string> events;  ///< the chosen ones
  std::uint64_t samples = 0;
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
  const fs::path file = c.temp->path() / ("run-" + std::to_string(r) + ".yaml");
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
  apply_design_point(s, c.seed, c.plan.replication(r), &c.full);
  return s;
}

engine::Recorder replicate(const AttributeContext& c, std::uint64_t r) {
  auto series = market::run_market(run_scenario(c, r), c.plan.replication(r)).timeseries;
  check_finite(series, "replication " + std::to_string(r));
  return series;
}

// The runs of a replication together: they share history up to the first event removed,
// which is run once and forked (models/market/shared_runs.h; with --no-fork each runs alone).
experiment::RunGroups shared_replications(const std::shared_ptr<AttributeContext>& c) {
  experiment::RunGroups g;
  g.group = [c](std::uint64_t r) { return c->plan.replication(r); };
  g.replicate = [c](std::span<const std::uint64_t> runs, const std::vector<std::vector<std::vector<double>>>&) {
    std::vector<scenario::Scenario> scenarios;
    for (const auto r : runs) scenarios.push_back(run_scenario(*c, r));
    std::vector<std::vector<engine::Recorder>> out;
    for (auto& series : shared_series(scenarios, c->plan.replication(runs.front()), true))
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

std::string shown_rows(const AttributeContext& c, const std::vector<analysis::AttributionRow>& rows) {
  std::string shown =
      fmt::format("attribution of {} ({} Shapley, {} {}; 90% intervals):\n", c.outcome.text.c_str(),
                  c.plan.exact ? "exact" : "sampled", c.samples, c.plan.exact ? "replications" : "permutations");
  for (const auto& r : rows)
    shown += fmt::format("  {} leave-one-out {:+10.4g}   Shapley {:+10.4g}  [{:+.4g}, {:+.4g}]\n",
                         padded(r.event.c_str(), 36), r.leave_one_out, r.shapley, r.shapley_p05, r.shapley_p95);
  return shown;
}

// Checks the request, loads the scenario and plans the runs; `files_read` gets its files.
std::shared_ptr<AttributeContext> plan(const AttributionRequest& rq, std::vector<std::string>& files_read) {
  if (rq.all == !rq.events.empty()) throw UsageError("give either --events ID,ID,... or --all");
  const auto exact_max = static_cast<std::size_t>(parse_unsigned("--exact-max", std::to_string(rq.exact_max), 0, 16));
  parse_unsigned("--runs", std::to_string(rq.samples), 1, MAX_RUNS);

  auto c = std::make_shared<AttributeContext>();
  c->path = rq.path;
  for (const auto& set : rq.sets) c->overrides.push_back(scenario::parse_override(set));
  c->full = scenario::load_scenario(rq.path, c->overrides, &files_read);
  if (rq.seed) c->full.seed = *rq.seed;
  c->seed = c->full.seed;
  c->outcome = parse_outcomes({rq.outcome}, c->full).front();
  c->events = chosen_events(c->full, rq.events, rq.all);
  if (c->events.empty()) throw engine::InputError(rq.path + ": the scenario has no events to attribute to");
  if (c->events.size() > analysis::MAX_PLAYERS)
    throw UsageError("--events: at most 63 events, got " + std::to_string(c->events.size()));
  c->plan = analysis::plan_attribution(c->events, exact_max, rq.samples, c->seed);
  if (c->plan.total_runs() > MAX_RUNS)
    throw UsageError("--runs: " + std::to_string(rq.samples) + " x " + std::to_string(c->plan.runs_per_sample()) +
                     " runs exceed " + std::to_string(MAX_RUNS) + "; lower --runs or --exact-max");
  c->samples = rq.samples;
  check_cost(agent_quarters(c->full), c->plan.total_runs(), rq.max_agent_quarters);
  c->temp = std::make_shared<const TempFolder>("cmsim-attribute");
  return c;
}

}  // namespace

Study attribution_study(const AttributionRequest& rq) {
  std::vector<std::string> files_read;
  const auto c = plan(rq, files_read);
  const std::string& path = rq.path;
  const auto& events = c->events;

  Study st;
  st.command = "attribute";
  st.seed = c->seed;
  st.runs = c->plan.total_runs();
  st.run_cost = agent_quarters(c->full);
  st.default_output = "output/" + c->full.name + "-attribution";
  st.identity = "attribute=" + std::string(c->plan.exact ? "exact" : "sampled") +
                ";samples=" + std::to_string(rq.samples) + ";scenario=" + c->full.name + inputs_identity(files_read);
  for (const auto& e : events) st.identity += ";event=" + e;
  for (const auto& set : rq.sets) st.identity += ";set=" + set;
  output::Manifest& manifest = st.manifest;
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.inputs = experiment::identity_inputs(st.identity);
  manifest.extra["scenario_name"] = c->full.name;
  manifest.extra["outcome"] = c->outcome.text;
  manifest.extra["shapley"] = c->plan.exact ? "exact" : "sampled permutations";
  manifest.extra["samples"] = std::to_string(rq.samples);
  manifest.series = manifest_series(c->full);

  experiment::Arm arm;
  arm.name = "sweep";
  arm.replicate = [c](std::uint64_t r, std::span<const double>) { return replicate(*c, r); };
  st.arms = {arm};
  if (rq.fork) st.groups = shared_replications(c);
  st.finish = [c](const experiment::RunStore& store) {
    std::vector<double> y(store.replications().size());
    for (std::size_t slot = 0; slot < y.size(); ++slot) y[slot] = outcome_value(store, slot, c->outcome);
    const auto rows = analysis::attribution_rows(c->plan, y);
    std::ostringstream out;
    write_rows(out, rows);
    StudyTables t;
    t.files["attribution.csv"] = out.str();
    t.shown = shown_rows(*c, rows);
    return t;
  };
  return st;
}

}  // namespace cmsim::cli
