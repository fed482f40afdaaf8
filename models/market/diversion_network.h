// Grey-market routes by which banned products still reach buyers: a small directed graph
// of legs (us → hub → china) with capacities (cards per quarter) and mark-ups, solved as a
// min-cost flow (Boost.Graph successive shortest paths). Enforcement events scale leg
// capacities and add to mark-ups.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::market {

struct DiversionFlow {
  double units = 0;            ///< cards that get through (<= requested)
  double average_markup = 0;   ///< mean mark-up paid per card along the routes used
  double cheapest_markup = 0;  ///< mark-up of the cheapest open path (for buyers' prices)
  double capacity = 0;         ///< max cards per quarter through the network
};

class DiversionNetwork {
 public:
  explicit DiversionNetwork(std::vector<scenario::TradeRoute> routes);

  /// Solves for `requested` cards given per-route capacity multipliers and mark-up
  /// additions (from enforcement). With no routes, nothing gets through.
  DiversionFlow solve(double requested, const std::function<double(const std::string&)>& capacity_multiplier,
                      const std::function<double(const std::string&)>& markup_add) const;

  bool empty() const { return routes_.empty(); }

 private:
  std::vector<scenario::TradeRoute> routes_;
};

}  // namespace cmsim::market
