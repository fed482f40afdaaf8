// Several scenarios on one replication, sharing their history: a counterfactual that
// removes a 2025 event repeats 2020-2024 of the baseline exactly (common random numbers),
// so that prefix is run once and the state forked where they part (divergence.h,
// market_checkpoint.h). Every result equals run_market() of its scenario byte for byte.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/market/market_model.h"

namespace cmsim::market {

/// What sharing saved: quarters simulated, against running each scenario in full.
struct SharingStats {
  std::uint64_t runs = 0, forks = 0;
  std::uint64_t quarters_run = 0, quarters_full = 0;
  SharingStats& operator+=(const SharingStats& o);
};

/// How a group of runs is executed: run i continues run parent[i] from fork_at[i]
/// (parent -1: from its own start).
struct ForkPlan {
  std::vector<int> parent;
  std::vector<engine::Time> fork_at;
};

/// How many earlier-planned runs (besides the first) a run may fork from.
inline constexpr std::size_t MAX_FORK_CANDIDATES = 64;
/// Most forks between a run and the run it started from: each holds a paused run in memory
/// (about half a megabyte for the baseline) while its forks run.
inline constexpr std::size_t MAX_FORK_DEPTH = 16;

/// Each scenario's run forks from the earlier-planned run (scenarios with more products
/// first: a fork can drop products, not add them) that shares the most history with it,
/// among the first and the latest MAX_FORK_CANDIDATES planned.
ForkPlan plan_forks(std::span<const scenario::Scenario* const> scenarios, std::uint64_t replication);

/// Replication `replication` of every scenario: result i equals run_market(*scenarios[i],
/// replication, rows). The scenarios must outlive the call.
std::vector<RunResult> run_market_shared(std::span<const scenario::Scenario* const> scenarios,
                                         std::uint64_t replication, RunRows rows = RunRows::ALL,
                                         SharingStats* stats = nullptr);

}  // namespace cmsim::market
