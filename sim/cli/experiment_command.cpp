#include "sim/cli/experiment_command.h"

#include <fmt/format.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

#include "models/market/market_model.h"
#include "models/market/shared_runs.h"
#include "sim/cli/output_location.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/experiment/mpi_session.h"
#include "sim/experiment/parameter_design.h"
#include "sim/experiment/replication_file.h"
#include "sim/experiment/sweep_files.h"
#include "sim/experiment/sweep_header.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {

namespace fs = std::filesystem;

void add_experiment_options(po::options_description& opts, ExperimentOptionText& t) {
  opts.add_options()("runs", po::value(&t.runs)->required(), "number of replications N (required)");
  t.common.add(opts, {Common::THREADS});
  opts.add_options()("design", po::value(&t.design)->default_value("random"),
                     "parameter design: random (Monte Carlo), lhs (Latin hypercube), sobol")(
      "shard", po::value(&t.shard), "run only shard i of n (i/n, 0-based): replications r with r % n == i")(
      "resume", "continue an interrupted run from its checkpoint (<output>.partial/)")(
      "runs-output", po::value(&t.runs_output)->default_value("csv"),
      "per-replication values: csv (runs.csv), gz (runs.csv.gz) or none");
  t.common.add(opts, {Common::SEED, Common::SET, Common::OUTPUT, Common::FORCE, Common::MAX_AGENT_QUARTERS});
}

std::uint64_t agent_quarters(const scenario::Scenario& s) {
  std::uint64_t agents = static_cast<std::uint64_t>(std::max(0, s.developers.agents));
  for (const auto& b : s.buyers) agents += static_cast<std::uint64_t>(std::max(0, b.count));
  const auto quarters =
      static_cast<std::uint64_t>(engine::Quarter::of(s.end).index() - engine::Quarter::of(s.start).index() + 1);
  return std::max<std::uint64_t>(agents, 1) * quarters;
}

void check_cost(std::uint64_t per_replication, std::uint64_t replications, std::uint64_t limit) {
  const long double total = static_cast<long double>(per_replication) * static_cast<long double>(replications);
  if (total <= static_cast<long double>(limit)) return;
  throw UsageError("predicted cost " + fmt::format("{:.3g}", static_cast<double>(total)) + " agent-quarters (" +
                   std::to_string(per_replication) + " per replication x " + std::to_string(replications) +
                   " replications) exceeds the limit of " + std::to_string(limit) +
                   "; nothing was run. Use fewer agents or replications, or raise the limit " +
                   "with --max-agent-quarters N");
}

std::vector<std::string> sampled_parameters(const scenario::Scenario& s) {
  std::vector<std::string> out;
  for (const auto& u : s.uncertain) out.push_back(u.key + " ~ " + u.distribution.describe());
  return out;
}

void announce_sampled(const std::string& command, const scenario::Scenario& s) {
  if (spdlog::get_level() > spdlog::level::info || s.uncertain.empty()) return;
  const char* rank = std::getenv("OMPI_COMM_WORLD_RANK");
  if (rank && std::string(rank) != "0") return;
  std::cerr << "cmsim " << command << ": " << s.name << " samples " << s.uncertain.size()
            << " parameters (each run's values: params.csv):\n";
  for (const auto& line : sampled_parameters(s)) std::cerr << "  " << printable_message(line) << "\n";
}

void check_finite(const engine::Recorder& r, const std::string& what) {
  for (std::size_t s = 0; s < r.names().size(); ++s) {
    const auto& values = r.series(s);
    for (std::size_t qi = 0; qi < values.size(); ++qi) {
      if (!std::isinf(values[qi])) continue;
      const auto q = engine::Quarter::from_index(r.first().index() + static_cast<std::int32_t>(qi));
      throw engine::InputError(
          "cmsim: " + what + " produced a non-finite value (" + (values[qi] > 0 ? "inf" : "-inf") + ") in series " +
          r.names()[s] + " at " + q.label() +
          "; nothing was written. The scenario's values let it grow without bound: lower the growth rates, "
          "multipliers or quantities that feed it");
    }
  }
}

ExperimentOptions validate_experiment_options(const ExperimentOptionText& t, const po::variables_map& vm) {
  ExperimentOptions o;
  o.runs = parse_unsigned("--runs", t.runs, 1, MAX_RUNS);
  o.threads = t.common.threads(vm);
  const auto design = experiment::design_kind_from_string(t.design);
  if (!design) throw UsageError("--design: expected one of random, lhs, sobol; got \"" + t.design + "\"");
  o.design = *design;
  if (vm.count("shard")) {
    const auto slash = t.shard.find('/');
    if (slash == std::string::npos) throw UsageError("--shard: expected i/n (e.g. 0/4), got \"" + t.shard + "\"");
    o.shard_count = parse_unsigned("--shard (n in i/n)", t.shard.substr(slash + 1), 1, 1'000'000);
    o.shard_index = parse_unsigned("--shard (i in i/n)", t.shard.substr(0, slash));
    if (o.shard_index >= o.shard_count)
      throw UsageError("--shard: i must be below n (shards are numbered 0.." + std::to_string(o.shard_count - 1) +
                       "), got \"" + t.shard + "\"");
  }
  const auto fmt = experiment::runs_format_from_string(t.runs_output);
  if (!fmt) throw UsageError("--runs-output: expected one of csv, gz, none; got \"" + t.runs_output + "\"");
  o.runs_output = *fmt;
  o.seed = t.common.seed(vm);
  o.resume = vm.count("resume") > 0;
  o.sets = t.common.sets();
  o.out_dir = t.common.output();
  o.force = t.common.force(vm);
  o.max_agent_quarters = t.common.max_agent_quarters(vm);
  return o;
}

void resolve_output(ExperimentOptions& o, const std::string& default_path) {
  const OutputLocation where = output_location(o.out_dir, default_path, o.force);
  o.out_dir = where.path;
  o.replace = where.replace;
  check_output_location(where);
}

std::string inputs_identity(const std::vector<std::string>& files) {
  std::string id;
  for (const auto& [path, sha] : output::hash_files(files)) {
    id += ';';
    id += experiment::input_identity(path, sha);
  }
  return id;
}

namespace {

/// Quarters simulated by shared_series, and what running every scenario in full would take.
std::atomic<std::uint64_t> g_quarters_run{0}, g_quarters_full{0};

}  // namespace

std::vector<engine::Recorder> shared_series(const std::vector<scenario::Scenario>& scenarios, std::uint64_t replication,
                                            bool fork) {
  std::vector<engine::Recorder> out;
  out.reserve(scenarios.size());
  if (fork) {
    std::vector<const scenario::Scenario*> group;
    for (const auto& s : scenarios) group.push_back(&s);
    market::SharingStats stats;
    for (auto& r : market::run_market_shared(group, replication, market::RunRows::SERIES_ONLY, &stats))
      out.push_back(std::move(r.timeseries));
    g_quarters_run += stats.quarters_run;
    g_quarters_full += stats.quarters_full;
  } else {
    for (const auto& s : scenarios)
      out.push_back(market::run_market(s, replication, market::RunRows::SERIES_ONLY).timeseries);
  }
  for (const auto& r : out) check_finite(r, "replication " + std::to_string(replication));
  return out;
}

experiment::RunGroups shared_arms(const std::vector<scenario::Scenario>& arms, bool fork) {
  auto shared = std::make_shared<const std::vector<scenario::Scenario>>(arms);
  experiment::RunGroups g;
  g.group = [](std::uint64_t r) { return r; };
  g.replicate = [shared, fork](std::span<const std::uint64_t> reps,
                               const std::vector<std::vector<std::vector<double>>>& values) {
    std::vector<std::vector<engine::Recorder>> out;
    for (std::size_t k = 0; k < reps.size(); ++k) {
      std::vector<scenario::Scenario> copies = *shared;
      for (std::size_t a = 0; a < copies.size(); ++a)
        for (std::size_t i = 0; i < values[k][a].size(); ++i) copies[a].uncertain[i].apply(copies[a], values[k][a][i]);
      out.push_back(shared_series(copies, reps[k], fork));
    }
    return out;
  };
  return g;
}

experiment::Arm market_arm(const std::string& name, const scenario::Scenario& s) {
  auto shared = std::make_shared<const scenario::Scenario>(s);
  experiment::Arm arm;
  arm.name = name;
  for (const auto& u : s.uncertain) arm.parameters.push_back(experiment::from_distribution(u.key, u.distribution));
  arm.replicate = [shared](std::uint64_t r, std::span<const double> values) {
    // One working copy per thread, assigned from the scenario each replication: assignment
    // reuses the copy's strings, vectors and map nodes, so a replication does not rebuild
    // the scenario in fresh memory (only the parameters' std::function copies allocate).
    thread_local scenario::Scenario copy;
    copy = *shared;
    for (std::size_t k = 0; k < values.size(); ++k) copy.uncertain[k].apply(copy, values[k]);
    auto series = market::run_market(copy, r, market::RunRows::SERIES_ONLY).timeseries;
    check_finite(series, "replication " + std::to_string(r));
    return series;
  };
  return arm;
}

void apply_design_point(scenario::Scenario& s, std::uint64_t seed, std::uint64_t replication,
                        const scenario::Scenario* reference) {
  const auto& coordinates = (reference ? *reference : s).uncertain;
  const experiment::ParameterDesign design(experiment::DesignKind::RANDOM, coordinates.size(), replication + 1, seed);
  std::vector<double> u(coordinates.size());
  design.point(replication, u);
  for (std::size_t i = 0; i < s.uncertain.size(); ++i) {
    auto& p = s.uncertain[i];
    if (!reference) {
      p.apply(s, p.distribution.quantile(u[i]));
      continue;
    }
    for (std::size_t k = 0; k < u.size(); ++k)
      if (coordinates[k].key == p.key) p.apply(s, p.distribution.quantile(u[k]));
  }
}

std::string replication0_events_csv(const scenario::Scenario& s, const std::string& path) {
  std::ostringstream out;
  write_events(out, with_removed_events(market::run_market(s, 0).events, s, path));
  return out.str();
}

namespace {

experiment::SweepOptions sweep_options(const std::string& command, const ExperimentOptions& o, std::uint64_t seed,
                                       const std::string& identity, const experiment::MpiSession& mpi,
                                       const fs::path& partial, const experiment::RunGroups& groups) {
  experiment::SweepOptions so;
  so.runs = o.runs;
  so.seed = seed;
  so.design = o.design;
  so.threads = o.threads;
  so.shard_index = mpi.size() > 1 ? static_cast<std::uint64_t>(mpi.rank()) : o.shard_index;
  so.shard_count = mpi.size() > 1 ? static_cast<std::uint64_t>(mpi.size()) : o.shard_count;
  so.identity = identity;
  so.checkpoint_dir = partial;
  so.checkpoint_tag = mpi.size() > 1 ? ".rank" + std::to_string(mpi.rank()) : "";
  so.runs_output = experiment::to_string(o.runs_output);
  so.resume = o.resume;
  so.progress = mpi.is_root() && spdlog::get_level() <= spdlog::level::info ? experiment::ProgressMode::AUTO
                                                                            : experiment::ProgressMode::OFF;
  so.progress_label = command;
  so.groups = groups;
  return so;
}

void start_manifest(output::Manifest& manifest, const std::string& command, std::uint64_t seed,
                    const ExperimentOptions& o, const experiment::MpiSession& mpi) {
  manifest.command = command;
  manifest.seed = seed;
  manifest.runs = o.runs;
  manifest.threads = o.threads;
  manifest.started_utc = output::utc_now();
  manifest.extra["design"] = experiment::to_string(o.design);
  manifest.extra["runs_output"] = experiment::to_string(o.runs_output);
  manifest.numbers["mpi_ranks"] = mpi.size();
  if (o.shard_count > 1) manifest.extra["shard"] = std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count);
}

/// The tables: a shard's replications (what `cmsim merge` needs, exactly), a sweep's files
/// or a comparison's; then a command's own files.
void write_tables(output::OutputDir& dir, const std::vector<experiment::RunStore>& stores, const ExperimentOptions& o,
                  const ExtraFiles& write_more) {
  const bool sharded = o.shard_count > 1;
  if (sharded) {
    for (const auto& s : stores) {
      auto f = dir.open(experiment::replication_file_name(s.header().arm));
      experiment::write_replications(f, s);
    }
  } else if (stores.size() == 1) {
    experiment::write_sweep_files(dir, "", stores[0], o.runs_output);
  } else {
    experiment::write_compare_files(dir, stores[0], stores[1], o.runs_output);
  }
  if (write_more && !sharded) write_more(dir, stores);
}

/// Files beside the tables (a shard writes them too: `cmsim merge` copies them into the
/// merged output), the arms' manifests and the manifest.
void write_manifests(output::OutputDir& dir, const std::vector<experiment::RunStore>& stores,
                     const std::map<std::string, std::string>& extra_files, std::vector<output::Manifest> arm_manifests,
                     const output::Manifest& manifest) {
  for (const auto& [name, content] : extra_files) {
    const auto folder = fs::path(name).parent_path();  // base/, alt/: a shard has no tables making them
    if (!folder.empty()) fs::create_directories(dir.temp_path(folder.string()));
    auto f = dir.open(name);
    f << content;
  }
  for (std::size_t i = 0; i < arm_manifests.size() && i < stores.size(); ++i) {
    auto& m = arm_manifests[i];
    m.seed = manifest.seed, m.runs = manifest.runs, m.threads = manifest.threads;
    m.started_utc = manifest.started_utc, m.finished_utc = manifest.finished_utc;
    m.extra["design"] = manifest.extra.at("design"), m.extra["runs_output"] = manifest.extra.at("runs_output");
    fs::create_directories(dir.temp_path(stores[i].header().arm));
    auto f = dir.open(stores[i].header().arm + "/manifest.json");
    f << m.to_json();
  }
  auto f = dir.open("manifest.json");
  f << manifest.to_json();
}

}  // namespace

int run_experiment(const std::string& command, const std::vector<experiment::Arm>& arms, std::uint64_t seed,
                   const std::string& identity, const ExperimentOptions& o, output::Manifest manifest,
                   const std::function<void(const std::vector<experiment::RunStore>&)>& on_done,
                   const ExtraFiles& write_more, const std::map<std::string, std::string>& extra_files,
                   std::vector<output::Manifest> arm_manifests, const experiment::RunGroups& groups) {
  experiment::MpiSession mpi;
  if (mpi.size() > 1 && o.shard_count > 1)
    throw UsageError("--shard splits replications between separate jobs; under mpirun the ranks already do that");
  const fs::path partial = fs::path(o.out_dir + ".partial");
  experiment::SweepOptions so = sweep_options(command, o, seed, identity, mpi, partial, groups);
  if (!o.resume && mpi.is_root() && fs::exists(partial))
    spdlog::warn("{}: discarding the checkpoint of an earlier unfinished run (use --resume to continue it)",
                 partial.string());
  start_manifest(manifest, command, seed, o, mpi);

  experiment::SweepOutcome outcome;
  // Ctrl-C from here on stops cleanly: replications are checkpointed, output is removed.
  experiment::InterruptFlag interrupt;
  so.stop_requested = [] { return experiment::InterruptFlag::raised(); };
  try {
    outcome = experiment::run_arms(arms, so);
  } catch (...) {
    mpi.all_ok(false);  // let the other ranks stop waiting
    throw;
  }
  if (!mpi.all_ok(outcome.complete)) {
    if (mpi.is_root())
      std::cerr << "cmsim " << command << ": interrupted; completed replications are kept in " << partial.string()
                << "/; run the same command with --resume to continue\n";
    return experiment::InterruptFlag::exit_status();  // 130: the shell's code for "ended by Ctrl-C"
  }
  const auto stores = mpi.gather(std::move(outcome.arms));  // moved: one copy of the values, not two
  if (!mpi.is_root()) return EXIT_OK;

  output::OutputDir dir(o.out_dir, o.replace, interrupt_requested());
  write_tables(dir, stores, o, write_more);
  manifest.numbers["replications_resumed"] = static_cast<std::int64_t>(outcome.resumed);
  manifest.finished_utc = output::utc_now();
  write_manifests(dir, stores, extra_files, std::move(arm_manifests), manifest);
  dir.commit();
  std::error_code ec;
  fs::remove_all(partial, ec);
  std::cerr << "cmsim " << command << ": " << stores[0].completed() << " replications"
            << (outcome.resumed ? " (" + std::to_string(outcome.resumed) + " resumed)" : "") << " in "
            << experiment::format_duration(outcome.seconds) << ","
            << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  if (g_quarters_full > 0 && g_quarters_run < g_quarters_full)
    spdlog::info("{}: forked where runs part: simulated {} of {} quarters ({:.0f}%)", command, g_quarters_run.load(),
                 g_quarters_full.load(),
                 100.0 * static_cast<double>(g_quarters_run) / static_cast<double>(g_quarters_full));
  if (on_done) on_done(stores);
  return EXIT_OK;
}

}  // namespace cmsim::cli
