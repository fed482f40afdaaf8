// An exploratory command's work (experiment, sensitivity, attribute), planned from its
// inputs before anything runs: its runs, as an arm of the sweep runner, and how the
// complete runs become the command's own tables. One Study, three runners, so each
// command's logic exists once: the CLI (run_study: threads, checkpoints, --resume, --shard,
// MPI, an output folder), `cmsim merge` of the shards (the study rebuilt from the shards'
// command line, finished on the joined runs), and the Python module (in memory,
// python/workbench.cpp). The builders take plain requests (experiment_study.h,
// sensitivity_study.h, attribution_study.h); the cmd_*.cpp files only parse options.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/experiment_file.h"
#include "sim/experiment/run_store.h"
#include "sim/experiment/sweep_runner.h"
#include "sim/output/manifest.h"

namespace cmsim::cli {

/// What a study produces from its complete runs.
struct StudyTables {
  std::map<std::string, std::string> files;  ///< file name -> CSV text ("experiments.csv", ...)
  std::string shown;                         ///< what the CLI prints on stdout when done
};

struct Study {
  std::string command;                ///< "experiment", "sensitivity", "attribute"
  std::vector<experiment::Arm> arms;  ///< one arm, "sweep", whose replication r is run r of the study
  std::uint64_t seed = 1;             ///< master seed
  std::uint64_t runs = 0;             ///< every run of the study
  /// The runner's design (recorded in checkpoints and the manifest; the arms have no sweep
  /// parameters: the study chose its own points).
  experiment::DesignKind design = experiment::DesignKind::RANDOM;
  std::string identity;        ///< what a checkpoint or a shard must agree on
  std::uint64_t run_cost = 0;  ///< agent-quarters of one run (check_cost)
  std::string default_output;  ///< the output folder when -o is not given (without a shard suffix)
  output::Manifest manifest;   ///< the study's own fields; the runner adds argv, seed, runs, times
  /// The study's tables from the complete runs of its arm.
  std::function<StudyTables(const experiment::RunStore&)> finish;
  /// Runs computed together (those of one model replication share history up to where
  /// their scenarios part: forked, models/market/shared_runs.h); empty: run by run.
  experiment::RunGroups groups;
};

/// A study's command line parsed.
struct ParsedStudy {
  Study study;
  ExperimentOptions options;
};

/// Runs a study as the CLI does: the cost check, the output folder (with a "-shardIofN"
/// suffix for a shard), then run_experiment; writes the study's tables beside the sweep
/// files and prints what it shows. `args` are the command's arguments (the manifest's).
int run_study(const Study& study, ExperimentOptions options, const std::vector<std::string>& args);

/// Whether `command` is an exploratory command whose shards `cmsim merge` finishes.
bool is_study_command(const std::string& command);
/// Parses an exploratory command's arguments into its study (nullopt after --help), with
/// the errors the command gives.
std::optional<ParsedStudy> parse_study(const std::string& command, const std::vector<std::string>& args);
// Each command's parser (its cmd_*.cpp); cmd_X is run_study of it.
std::optional<ParsedStudy> parse_experiment(const std::vector<std::string>& args);
std::optional<ParsedStudy> parse_sensitivity(const std::vector<std::string>& args);
std::optional<ParsedStudy> parse_attribute(const std::vector<std::string>& args);

/// The scenarios of an experiment file's levers, each composed from its file, its removed
/// events and its values. Checks every lever when built: its scenario loads with the
/// command's `sets`, its removed events exist (an unknown id is named with the lever's
/// file:line:col). A lever that removes events is loaded through a counterfactual file
/// (`extends:` + `remove_events:`) in a temporary folder that lives as long as a copy.
class LeverScenarios {
 public:
  LeverScenarios() = default;
  LeverScenarios(const std::vector<Lever>& levers, const std::vector<scenario::Override>& sets);
  /// Lever i's scenario with the command's sets, the lever's, then `more`.
  scenario::Scenario load(std::size_t lever, const std::vector<scenario::Override>& more = {}) const;
  /// Every file the levers' scenarios are composed from (each `extends:` chain, lever by
  /// lever): what the study's identity hashes.
  const std::vector<std::string>& files() const { return files_; }

 private:
  struct Resolved {
    std::string path;
    std::vector<scenario::Override> sets;
  };
  std::vector<Resolved> levers_;
  std::vector<std::string> files_;
  std::shared_ptr<const TempFolder> folder_;
};

}  // namespace cmsim::cli
