#include "models/market/shared_runs.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <optional>

#include "models/market/divergence.h"

namespace cmsim::market {
namespace {

std::uint64_t quarters_between(engine::Time from, engine::Time to) {
  if (to <= from) return 0;
  return static_cast<std::uint64_t>(engine::Quarter::of(engine::Date::of(to)).index() -
                                    engine::Quarter::of(engine::Date::of(from)).index());
}

struct Executor {
  std::span<const scenario::Scenario* const> scenarios;
  const ForkPlan& plan;
  std::vector<std::vector<int>> children;
  std::vector<std::optional<RunResult>> results;
  SharingStats stats;

  void execute(int i, std::unique_ptr<MarketRun> run) {
    const engine::Time from = run->reached();
    for (const int c : children[static_cast<std::size_t>(i)]) {
      run->run_before(plan.fork_at[static_cast<std::size_t>(c)]);
      auto child = run->fork(*scenarios[static_cast<std::size_t>(c)]);
      ++stats.forks;
      execute(c, std::move(child));
    }
    results[static_cast<std::size_t>(i)].emplace(run->finish());
    stats.quarters_run += quarters_between(from, run->reached());
  }
};

}  // namespace

SharingStats& SharingStats::operator+=(const SharingStats& o) {
  runs += o.runs, forks += o.forks, quarters_run += o.quarters_run, quarters_full += o.quarters_full;
  return *this;
}

ForkPlan plan_forks(std::span<const scenario::Scenario* const> scenarios, std::uint64_t replication) {
  const std::size_t n = scenarios.size();
  ForkPlan plan{std::vector<int>(n, -1), std::vector<engine::Time>(n)};
  for (std::size_t i = 0; i < n; ++i) plan.fork_at[i] = scenarios[i]->start.start();
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return scenarios[x]->products.size() > scenarios[y]->products.size();
  });
  // Resolved once per scenario; what is not events or products compared once per scenario
  // (equality is transitive): only runs of one class can share history.
  std::vector<PreparedScenario> prepared;
  prepared.reserve(n);
  for (std::size_t i = 0; i < n; ++i) prepared.emplace_back(*scenarios[i], replication);
  std::vector<std::size_t> cls(n), representatives;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t c = 0;
    while (c < representatives.size() && !static_difference(*scenarios[representatives[c]], *scenarios[i]).empty()) ++c;
    if (c == representatives.size()) representatives.push_back(i);
    cls[i] = c;
  }
  std::vector<std::size_t> depth(n, 0);  // forks between a run and its root: paused runs held in memory
  for (std::size_t k = 1; k < n; ++k) {
    const std::size_t x = order[k];
    // Candidates: the first planned and the latest MAX_CANDIDATES (a group of 2^10
    // coalitions would otherwise cost a million comparisons).
    for (std::size_t j = 0; j < k; ++j) {
      if (j > 0 && j + MAX_FORK_CANDIDATES < k) continue;
      const std::size_t y0 = order[j];
      if (cls[y0] != cls[x]) continue;
      const auto at = fork_time(prepared[y0], prepared[x], true);
      if (!at || *at <= plan.fork_at[x]) continue;
      // Before its own fork a run is its parent's: fork from the ancestor running then
      // (the same history, so the same state; products nest transitively).
      int y = static_cast<int>(y0);
      while (plan.parent[static_cast<std::size_t>(y)] >= 0 && *at < plan.fork_at[static_cast<std::size_t>(y)])
        y = plan.parent[static_cast<std::size_t>(y)];
      if (depth[static_cast<std::size_t>(y)] >= MAX_FORK_DEPTH) continue;
      plan.parent[x] = y;
      plan.fork_at[x] = *at;
      depth[x] = depth[static_cast<std::size_t>(y)] + 1;
    }
  }
  return plan;
}

std::vector<RunResult> run_market_shared(std::span<const scenario::Scenario* const> scenarios,
                                         std::uint64_t replication, RunRows rows, SharingStats* stats) {
  const ForkPlan plan = plan_forks(scenarios, replication);
  Executor ex{scenarios,
              plan,
              std::vector<std::vector<int>>(scenarios.size()),
              std::vector<std::optional<RunResult>>(scenarios.size()),
              {}};
  for (std::size_t i = 0; i < scenarios.size(); ++i)
    if (plan.parent[i] >= 0) ex.children[static_cast<std::size_t>(plan.parent[i])].push_back(static_cast<int>(i));
  for (auto& c : ex.children)
    std::stable_sort(c.begin(), c.end(), [&](int x, int y) {
      return plan.fork_at[static_cast<std::size_t>(x)] < plan.fork_at[static_cast<std::size_t>(y)];
    });
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    ex.stats.quarters_full +=
        quarters_between(scenarios[i]->start.start(), scenarios[i]->end.start() + engine::Time::SECONDS_PER_DAY);
    if (plan.parent[i] < 0)
      ex.execute(static_cast<int>(i), std::make_unique<MarketRun>(*scenarios[i], replication, rows));
  }
  ex.stats.runs = scenarios.size();
  if (stats) *stats += ex.stats;
  std::vector<RunResult> out;
  out.reserve(scenarios.size());
  for (auto& r : ex.results) out.push_back(std::move(*r));
  return out;
}

}  // namespace cmsim::market
