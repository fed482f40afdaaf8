// What `cmsim sweep` and `cmsim compare` share: their options, checked before anything is
// loaded or written; the replication function over the market model; and running the
// arms with Ctrl-C handling, checkpoints, shards and MPI ranks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/cli/cli.h"
#include "sim/experiment/runs_format.h"
#include "sim/experiment/sweep_runner.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {

/// Option text as typed, bound to program_options.
struct ExperimentOptionText {
  std::string runs, threads, design = "random", shard, runs_output = "csv", seed, out_dir;
  std::vector<std::string> sets;
};

/// Adds --runs, --threads, --design, --shard, --resume, --runs-output, --seed, --set, -o, --force.
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

/// Runs the arms (resuming, sharding, splitting over MPI ranks as asked), writes the
/// output directory on rank 0 with `write` and the manifest, and returns the exit status
/// (130 when Ctrl-C stopped it; completed replications stay checkpointed for --resume).
/// `on_done` runs on rank 0 after the output is in place.
int run_experiment(const std::string& command, const std::vector<experiment::Arm>& arms, std::uint64_t seed,
                   const std::string& identity, const ExperimentOptions& options, output::Manifest manifest,
                   const std::function<void(const std::vector<experiment::RunStore>&)>& on_done);

}  // namespace cmsim::cli
