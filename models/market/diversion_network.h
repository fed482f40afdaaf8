// Grey-market routes by which banned products still reach buyers: a small directed graph
// of legs (us → hub → china) with capacities (cards per quarter) and mark-ups, solved as a
// min-cost flow (successive shortest paths on integers). Enforcement events scale leg
// capacities and add to mark-ups; each leg is clamped to MAX_LEG_CAPACITY cards and
// MAX_LEG_MARKUP before it is converted to integers, so no input can overflow the solver.
// A hub that cannot be reached, or that leads nowhere, simply carries nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::market {

/// Ceiling of one leg's capacity after enforcement, cards per quarter (scenarios give at
/// most 10^12: docs/scenarios.md, Limits).
inline constexpr double MAX_LEG_CAPACITY = 1e12;
/// Ceiling of one leg's mark-up after enforcement, as a fraction of the price (10^4 = 1,000,000 %).
inline constexpr double MAX_LEG_MARKUP = 1e4;

struct DiversionFlow {
  double units = 0;            ///< cards that get through (<= requested)
  double average_markup = 0;   ///< mean mark-up paid per card along the routes used
  double cheapest_markup = 0;  ///< mark-up of the cheapest open path (for buyers' prices)
  double capacity = 0;         ///< max cards per quarter through the network
};

/// The graph's shape is fixed by the routes and laid out once, as flat arrays; a solve only
/// sets capacities and costs, in buffers the network keeps (so it allocates nothing after
/// its first solve). One replication's network: not safe to solve from two threads at once.
class DiversionNetwork {
 public:
  explicit DiversionNetwork(std::vector<scenario::TradeRoute> routes);

  /// Solves for `requested` cards given per-route capacity multipliers and mark-up
  /// additions (from enforcement). With no routes, nothing gets through.
  DiversionFlow solve(double requested, const std::function<double(const std::string&)>& capacity_multiplier,
                      const std::function<double(const std::string&)>& markup_add) const;

  bool empty() const { return routes_.empty(); }

 private:
  void min_cost_flow(std::int64_t amount, std::int64_t& flow, double& cost) const;

  std::vector<scenario::TradeRoute> routes_;
  // Nodes: the source 0, "us" 1, "china" 2, then the routes' other ends. Edge 2k is route
  // k's leg, 2k + 1 its reverse (residual) edge; the last pair is source → "us". The edges
  // leaving node u are adjacency_[first_edge_[u] .. first_edge_[u + 1]), in the order
  // they were added (the order the search relaxes them in).
  std::vector<std::size_t> edge_to_;
  std::vector<std::size_t> first_edge_, adjacency_;
  // Per solve: each edge's capacity before the flow and its cost (basis points per card).
  mutable std::vector<std::int64_t> capacity_, cost_;
  // Per min-cost flow: residual capacities and the search's state.
  mutable std::vector<std::int64_t> residual_, dist_;
  mutable std::vector<char> reached_, queued_;
  mutable std::vector<std::size_t> pred_, queue_;  // pred_: the edge that reached a node
};

}  // namespace cmsim::market
