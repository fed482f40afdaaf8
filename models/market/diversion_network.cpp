#include "models/market/diversion_network.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

namespace cmsim::market {
namespace {

// Mark-ups are solved in integer basis points and capacities in whole cards: a min-cost
// flow on integers is exact. Hostile or compounding inputs (an enforcement multiplier of
// 1e300, several of them, a mark-up of 1e300) must not overflow, so each leg is clamped
// before it is converted to an integer (documented in docs/scenarios.md, "Limits"):
// with up to 10^4 legs, a path's cost is at most 10^12 basis points and the total capacity
// at most 10^16 cards, far inside int64; the total cost (flow × cost) is summed in double.
constexpr double BASIS_POINTS = 10000.0;

struct Edge {
  std::size_t to;
  std::int64_t capacity;  ///< residual capacity
  std::int64_t cost;      ///< basis points per card
  std::size_t reverse;    ///< index of the reverse edge in graph[to]
};

using Graph = std::vector<std::vector<Edge>>;

struct Network {
  Graph g;
  std::map<std::string, std::size_t> nodes;

  std::size_t node(const std::string& name) {
    auto it = nodes.find(name);
    if (it != nodes.end()) return it->second;
    nodes.emplace(name, g.size());
    g.emplace_back();
    return g.size() - 1;
  }
  void edge(std::size_t a, std::size_t b, std::int64_t capacity, std::int64_t cost) {
    const std::size_t ra = g[b].size() + (a == b ? 1 : 0);
    const std::size_t rb = g[a].size();
    g[a].push_back(Edge{b, capacity, cost, ra});
    g[b].push_back(Edge{a, 0, -cost, rb});
  }
};

/// Successive shortest paths with Bellman–Ford (queue-based) on the residual graph: the
/// graph is a handful of legs, and unlike Dijkstra with potentials this needs no
/// "infinite" distances that overflow when a hub cannot be reached or leads nowhere.
/// Sends at most `amount` from `source` to `sink`; returns the flow and its cost.
void min_cost_flow(Graph g, std::size_t source, std::size_t sink, std::int64_t amount, std::int64_t& flow,
                   double& cost) {
  flow = 0;
  cost = 0;
  const std::size_t n = g.size();
  std::vector<std::int64_t> dist(n);
  std::vector<bool> reached(n), queued(n);
  std::vector<std::pair<std::size_t, std::size_t>> pred(n);  // (node, edge index)
  std::vector<std::size_t> queue;
  while (flow < amount) {
    std::fill(reached.begin(), reached.end(), false);
    std::fill(queued.begin(), queued.end(), false);
    dist[source] = 0;
    reached[source] = true;
    queue.assign(1, source);
    queued[source] = true;
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const std::size_t u = queue[head];
      queued[u] = false;
      for (std::size_t k = 0; k < g[u].size(); ++k) {
        const Edge& e = g[u][k];
        if (e.capacity <= 0) continue;
        const std::int64_t d = dist[u] + e.cost;
        if (!reached[e.to] || d < dist[e.to]) {
          reached[e.to] = true;
          dist[e.to] = d;
          pred[e.to] = {u, k};
          if (!queued[e.to]) {
            queued[e.to] = true;
            queue.push_back(e.to);
          }
        }
      }
    }
    if (!reached[sink]) break;
    std::int64_t push = amount - flow;
    for (std::size_t v = sink; v != source; v = pred[v].first)
      push = std::min(push, g[pred[v].first][pred[v].second].capacity);
    for (std::size_t v = sink; v != source; v = pred[v].first) {
      Edge& e = g[pred[v].first][pred[v].second];
      e.capacity -= push;
      g[v][e.reverse].capacity += push;
    }
    flow += push;
    cost += static_cast<double>(push) * static_cast<double>(dist[sink]);
  }
}

/// A finite, non-negative value clamped to [0, ceiling] (NaN counts as 0).
double clamp_leg(double x, double ceiling) {
  if (!(x > 0)) return 0;
  return std::min(x, ceiling);
}

}  // namespace

DiversionNetwork::DiversionNetwork(std::vector<scenario::TradeRoute> routes) : routes_(std::move(routes)) {}

DiversionFlow DiversionNetwork::solve(double requested,
                                      const std::function<double(const std::string&)>& capacity_multiplier,
                                      const std::function<double(const std::string&)>& markup_add) const {
  DiversionFlow out;
  if (routes_.empty()) return out;
  Network b;
  const auto source = b.node("\x01source");
  const auto us = b.node("us");
  const auto china = b.node("china");
  std::int64_t total_cap = 0;
  for (const auto& r : routes_) {
    const double cap = clamp_leg(r.capacity_units_per_quarter * capacity_multiplier(r.id), MAX_LEG_CAPACITY);
    const double markup = clamp_leg(r.markup + markup_add(r.id), MAX_LEG_MARKUP);
    const auto c = static_cast<std::int64_t>(std::llround(cap));
    const auto w = static_cast<std::int64_t>(std::llround(markup * BASIS_POINTS));
    b.edge(b.node(r.from), b.node(r.to), c, w);
    total_cap += c;
  }
  auto solve_for = [&](std::int64_t amount, std::int64_t& flow, double& cost) {
    Network copy = b;
    copy.edge(source, us, amount, 0);
    min_cost_flow(std::move(copy.g), source, china, amount, flow, cost);
  };
  std::int64_t flow = 0;
  double cost = 0;
  // Max flow (and its cost) tells the capacity; a single card tells the cheapest path.
  solve_for(total_cap, flow, cost);
  out.capacity = static_cast<double>(flow);
  if (flow == 0) return out;
  std::int64_t one_flow = 0;
  double one_cost = 0;
  solve_for(1, one_flow, one_cost);
  out.cheapest_markup = one_cost / BASIS_POINTS;
  const double asked = std::min(static_cast<double>(flow), std::max(0.0, requested));  // NaN → 0
  const auto want = static_cast<std::int64_t>(std::llround(std::isnan(asked) ? 0.0 : asked));
  if (want > 0) {
    solve_for(want, flow, cost);
    out.units = static_cast<double>(flow);
    out.average_markup = cost / BASIS_POINTS / static_cast<double>(flow);
  }
  return out;
}

}  // namespace cmsim::market
