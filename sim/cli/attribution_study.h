// `cmsim attribute` as a study (study.h): how much of an outcome each policy event accounts
// for. Every run removes a set of the chosen events exactly as a scenario's `remove_events:`
// would (with the events and products that require them), on replications shared by every
// set (common random numbers); attribution.csv has each event's leave-one-out effect and
// Shapley value, and the total.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/cli/study.h"

namespace cmsim::cli {

struct AttributionRequest {
  std::string path;                 ///< the scenario file
  std::vector<std::string> events;  ///< the events to attribute to (ids), or
  bool all = false;                 ///< every event of the scenario
  std::string outcome;              ///< METRIC:PERIOD:REDUCTION
  std::uint64_t exact_max = 10;     ///< exact Shapley values up to this many events (at most 16)
  std::uint64_t samples = 20;       ///< replications (exact) or permutations (sampled): --runs
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::uint64_t max_agent_quarters = UINT64_MAX;
  bool fork = true;  ///< the runs of a replication share history and fork where they part (--no-fork: false)
};

/// Checks the request, loads the scenario and plans the coalitions' runs. Throws
/// InputError/UsageError.
Study attribution_study(const AttributionRequest& request);

}  // namespace cmsim::cli
