// Runs the replications of a sweep (or of a comparison's two arms) on a pool of threads.
// Results are stored by replication index and everything downstream reads them in
// replication order, so the thread count, the shard split and the MPI rank count never
// change a byte of the output. Completed replications can be checkpointed to a file and
// picked up again by a resumed sweep.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/engine/recorder.h"
#include "sim/experiment/design_kind.h"
#include "sim/experiment/parameter.h"
#include "sim/experiment/progress_reporter.h"
#include "sim/experiment/run_store.h"

namespace cmsim::experiment {

/// One replication of a model: given its index and the sampled values of its parameters
/// (in the order of its Parameter list), run and return the recorded series. Called from
/// several threads at once: it must not touch shared mutable state.
using ReplicationFn =
    std::function<engine::Recorder(std::uint64_t replication, std::span<const double> parameter_values)>;

/// A model run under the sweep's design. A comparison has two arms (base, alt) that see
/// the same replication indices and the same unit design points: a parameter with the same
/// name in both arms gets the same u (common random numbers), each mapped through its
/// own arm's quantile function.
struct Arm {
  std::string name;  ///< "sweep", "base", "alt": names checkpoint files and headers
  ReplicationFn replicate;
  std::vector<Parameter> parameters;
};

/// Replications computed together because they share history (the commands that run a
/// baseline and its counterfactuals fork the market model where they part:
/// models/market/shared_runs.h). Runs r with the same group(r) go to one call of
/// `replicate`, given their replication indices and values[k][a], arm a's parameter values
/// for replications[k]; it returns the series [k][a]. Results must not depend on how runs
/// are grouped: the files stay byte-identical. Shards and MPI ranks split by group; with
/// fewer groups than threads, the largest groups are split in halves until every thread has one.
struct RunGroups {
  std::function<std::uint64_t(std::uint64_t replication)> group;
  std::function<std::vector<std::vector<engine::Recorder>>(std::span<const std::uint64_t> replications,
                                                           const std::vector<std::vector<std::vector<double>>>& values)>
      replicate;
  explicit operator bool() const { return group && replicate; }
};

struct SweepOptions {
  std::uint64_t runs = 1;  ///< N of the whole sweep
  std::uint64_t seed = 1;
  DesignKind design = DesignKind::RANDOM;
  unsigned threads = 1;
  std::uint64_t shard_index = 0;  ///< run replications r with r % shard_count == shard_index
  std::uint64_t shard_count = 1;
  std::string identity;  ///< fingerprint of the inputs; resume and merge refuse other ones
  /// Where completed replications are checkpointed ("" = nowhere), one file per arm:
  /// "<arm><checkpoint_tag>.replications.bin".
  std::filesystem::path checkpoint_dir;
  std::string checkpoint_tag;       ///< e.g. ".rank1", so MPI ranks sharing a directory never collide
  std::string runs_output = "csv";  ///< recorded in replication files for `cmsim merge`
  bool resume = false;              ///< load what checkpoint files of this sweep hold instead of deleting them
  ProgressMode progress = ProgressMode::OFF;
  std::string progress_label = "sweep";
  std::function<bool()> stop_requested;     ///< polled before each replication starts (SIGINT)
  std::optional<std::uint64_t> stop_after;  ///< test hook: start only this many new replications (groups)
  RunGroups groups;                         ///< when set, replaces the arms' replicate functions
};

struct SweepOutcome {
  std::vector<RunStore> arms;  ///< one per Arm, in the same order
  bool complete = false;       ///< every replication of this shard is stored
  std::uint64_t computed = 0;  ///< replications run now
  std::uint64_t resumed = 0;   ///< replications loaded from checkpoints
  double seconds = 0;
};

/// The replications a shard runs: r in [0, runs) with r % count == index (group(r) % count
/// == index when runs are grouped).
std::vector<std::uint64_t> shard_replications(std::uint64_t runs, std::uint64_t index, std::uint64_t count,
                                              const std::function<std::uint64_t(std::uint64_t)>& group = {});
/// "sweep.replications.bin", "base.rank1.replications.bin".
std::string replication_file_name(const std::string& arm, const std::string& tag = "");
/// Throws std::invalid_argument naming the first bad option.
void validate(const SweepOptions& options);

/// Runs (the rest of) the shard's replications for every arm. Throws what a replication
/// throws, after the other threads have finished what they were running.
SweepOutcome run_arms(const std::vector<Arm>& arms, const SweepOptions& options);
/// One arm named "sweep".
SweepOutcome run_sweep(const ReplicationFn& replicate, const std::vector<Parameter>& parameters,
                       const SweepOptions& options);

}  // namespace cmsim::experiment
