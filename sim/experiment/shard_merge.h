// Joins the replication files of a sweep's shards (or MPI ranks, or a comparison's shards)
// into complete stores, from which the unsharded sweep's files follow byte for byte.
#pragma once

#include <filesystem>
#include <vector>

#include "sim/experiment/run_store.h"

namespace cmsim::experiment {

/// Reads every "*.replications.bin" in the directories. Returns one complete store per arm:
/// {sweep} or {base, alt}. Throws engine::InputError when the files belong to different
/// sweeps, a directory holds none, or replications are missing.
std::vector<RunStore> merge_shard_dirs(const std::vector<std::filesystem::path>& dirs);

}  // namespace cmsim::experiment
