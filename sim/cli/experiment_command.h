// What `cmsim sweep` and `cmsim compare` share: their options, checked before anything is
// loaded or written; the replication function over the market model; and running the
// arms with Ctrl-C handling, checkpoints, shards and MPI ranks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/experiment/runs_format.h"
#include "sim/experiment/sweep_runner.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {

/// Most replications a sweep or comparison may ask for (each keeps its series in memory).
inline constexpr std::uint64_t MAX_RUNS = 1'000'000;
/// Agents × quarters of one replication of a scenario.
std::uint64_t agent_quarters(const scenario::Scenario& s);
/// Refuses (UsageError, exit 2) a command whose predicted cost, `per_replication` ×
/// `replications`, exceeds `limit`, naming the estimate and how to raise the limit.
void check_cost(std::uint64_t per_replication, std::uint64_t replications, std::uint64_t limit);

/// Throws InputError (exit 2) naming the series, quarter (and replication, when given) of
/// the first infinite value in `r`: nothing non-finite is ever written.
void check_finite(const engine::Recorder& r, const std::string& what);

/// Option text as typed, bound to program_options; the options other commands take too
/// are in `common`.
struct ExperimentOptionText {
  std::string runs, design = "random", shard, runs_output = "csv";
  CommonOptions common;
};

/// Adds --runs, --threads, --design, --shard, --resume, --runs-output, --seed, --set, -o,
/// --force, --max-agent-quarters.
void add_experiment_options(po::options_description& opts, ExperimentOptionText& text);

/// The options after validation.
struct ExperimentOptions {
  std::uint64_t runs = 0;
  unsigned threads = 1;
  experiment::DesignKind design = experiment::DesignKind::RANDOM;
  std::uint64_t shard_index = 0, shard_count = 1;
  bool resume = false;
  experiment::RunsFormat runs_output = experiment::RunsFormat::CSV;
  std::optional<std::uint64_t> seed;
  std::vector<std::string> sets;
  std::string out_dir;  ///< as given ("" for the default); the command resolves it
  bool force = false;
  output::Replace replace = output::Replace::NEVER;
  std::uint64_t max_agent_quarters = DEFAULT_MAX_AGENT_QUARTERS;
};

/// Checks every value; throws UsageError with one clear line for the first bad one.
ExperimentOptions validate_experiment_options(const ExperimentOptionText& text, const po::variables_map& vm);

/// Resolves the output directory (`default_path` when -o was not given) and its
/// replacement policy into `options`, and checks it before anything runs.
void resolve_output(ExperimentOptions& options, const std::string& default_path);

/// The identity components and manifest inputs of a scenario composed from `files`.
std::string inputs_identity(const std::vector<std::string>& files);

/// An arm over a loaded scenario: each replication copies it, applies the sampled values
/// of its uncertain parameters and runs the market model.
experiment::Arm market_arm(const std::string& name, const scenario::Scenario& scenario);

/// Sets the uncertain (distribution-valued) parameters of `s` to their values at point
/// `replication` of the random design with master seed `seed`: the draw of sweep run
/// `replication` (what `cmsim run --sample --replication r` runs). The point's coordinates
/// belong to `reference`'s uncertain parameters (default: `s`'s own); each parameter of `s`
/// takes the coordinate of the reference parameter with its key, mapped through its own
/// distribution, so a counterfactual that lacks some parameters draws the others as the
/// full scenario does (common random numbers, as in compare).
void apply_design_point(scenario::Scenario& s, std::uint64_t seed, std::uint64_t replication,
                        const scenario::Scenario* reference = nullptr);

/// The series of replication `replication` of every scenario: with `fork`, the history they
/// share is run once and forked where they part (models/market/shared_runs.h); byte for
/// byte what running each from the start gives. Checks every value is finite.
std::vector<engine::Recorder> shared_series(const std::vector<scenario::Scenario>& scenarios, std::uint64_t replication,
                                            bool fork);

/// Runs of the arms (each replication r of every arm) computed together, sharing history:
/// each arm's scenario with its sampled values, as market_arm's replications are.
experiment::RunGroups shared_arms(const std::vector<scenario::Scenario>& arms, bool fork);

/// What a sweep samples, one "path ~ distribution" line per uncertain parameter, in the
/// order of params.csv's columns (what `cmsim sweep` prints and the manifest records).
std::vector<std::string> sampled_parameters(const scenario::Scenario& scenario);

/// Prints sampled_parameters() to stderr under "cmsim COMMAND: samples N parameters", at log
/// level info or below, once (rank 0 under MPI).
void announce_sampled(const std::string& command, const scenario::Scenario& scenario);

/// Runs the arms (resuming, sharding, splitting over MPI ranks as asked), writes the
/// output directory on rank 0 with `write` and the manifest, and returns the exit status
/// (130 when Ctrl-C stopped it; completed replications stay checkpointed for --resume).
/// `on_done` runs on rank 0 after the output is in place; `write_more` (when given) adds
/// a command's own files to the output directory before it is committed, so they are
/// written completely or not at all with the rest (it may throw: nothing is then written).
/// `extra_files` (name -> content, e.g. "events.csv", "base/events.csv") are written
/// beside the tables, by a shard too (`cmsim merge` copies them); an arm's manifest gets the run's seed,
/// runs, threads and times filled in (`arm_manifests`, one per arm of a comparison).
using ExtraFiles = std::function<void(const output::OutputDir&, const std::vector<experiment::RunStore>&)>;
int run_experiment(const std::string& command, const std::vector<experiment::Arm>& arms, std::uint64_t seed,
                   const std::string& identity, const ExperimentOptions& options, output::Manifest manifest,
                   const std::function<void(const std::vector<experiment::RunStore>&)>& on_done,
                   const ExtraFiles& write_more = {}, const std::map<std::string, std::string>& extra_files = {},
                   std::vector<output::Manifest> arm_manifests = {}, const experiment::RunGroups& groups = {});

/// events.csv of replication 0 of `s` (with the events its composition removed, read from
/// `path`): the policy events a sweep's or a comparison's charts mark.
std::string replication0_events_csv(const scenario::Scenario& s, const std::string& path);

}  // namespace cmsim::cli
