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

/// A finite, non-negative value clamped to [0, ceiling] (NaN counts as 0).
double clamp_leg(double x, double ceiling) {
  if (!(x > 0)) return 0;
  return std::min(x, ceiling);
}

}  // namespace

DiversionNetwork::DiversionNetwork(std::vector<scenario::TradeRoute> routes) : routes_(std::move(routes)) {
  if (routes_.empty()) return;
  std::map<std::string, std::size_t> nodes{{"\x01source", 0}, {"us", 1}, {"china", 2}};
  auto node = [&nodes](const std::string& name) { return nodes.emplace(name, nodes.size()).first->second; };
  std::vector<std::size_t> from;  // by edge
  for (const auto& r : routes_) {
    const std::size_t a = node(r.from), b = node(r.to);
    from.insert(from.end(), {a, b});
    edge_to_.insert(edge_to_.end(), {b, a});
  }
  from.insert(from.end(), {0, 1});
  edge_to_.insert(edge_to_.end(), {1, 0});
  // Edges by the node they leave, in the order they were added (a counting sort).
  first_edge_.assign(nodes.size() + 1, 0);
  for (std::size_t u : from) ++first_edge_[u + 1];
  for (std::size_t u = 0; u < nodes.size(); ++u) first_edge_[u + 1] += first_edge_[u];
  adjacency_.resize(from.size());
  std::vector<std::size_t> next(first_edge_.begin(), first_edge_.end() - 1);
  for (std::size_t e = 0; e < from.size(); ++e) adjacency_[next[from[e]]++] = e;
  capacity_.assign(from.size(), 0);
  cost_.assign(from.size(), 0);
  residual_.assign(from.size(), 0);
  dist_.assign(nodes.size(), 0);
  reached_.assign(nodes.size(), 0);
  queued_.assign(nodes.size(), 0);
  pred_.assign(nodes.size(), 0);
  queue_.reserve(nodes.size());
}

/// Successive shortest paths with Bellman–Ford (queue-based) on the residual graph: the
/// graph is a handful of legs, and unlike Dijkstra with potentials this needs no
/// "infinite" distances that overflow when a hub cannot be reached or leads nowhere.
/// Sends at most `amount` from the source to "china" (the source's edge to "us" carries
/// `amount`); returns the flow and its cost.
void DiversionNetwork::min_cost_flow(std::int64_t amount, std::int64_t& flow, double& cost) const {
  constexpr std::size_t source = 0, sink = 2;
  flow = 0;
  cost = 0;
  residual_ = capacity_;
  residual_[residual_.size() - 2] = amount;
  auto from = [this](std::size_t e) { return edge_to_[e ^ 1]; };
  while (flow < amount) {
    std::fill(reached_.begin(), reached_.end(), 0);
    std::fill(queued_.begin(), queued_.end(), 0);
    dist_[source] = 0;
    reached_[source] = 1;
    queue_.assign(1, source);
    queued_[source] = 1;
    for (std::size_t head = 0; head < queue_.size(); ++head) {
      const std::size_t u = queue_[head];
      queued_[u] = 0;
      for (std::size_t k = first_edge_[u]; k < first_edge_[u + 1]; ++k) {
        const std::size_t e = adjacency_[k];
        if (residual_[e] <= 0) continue;
        const std::size_t to = edge_to_[e];
        const std::int64_t d = dist_[u] + cost_[e];
        if (!reached_[to] || d < dist_[to]) {
          reached_[to] = 1;
          dist_[to] = d;
          pred_[to] = e;
          if (!queued_[to]) {
            queued_[to] = 1;
            queue_.push_back(to);
          }
        }
      }
    }
    if (!reached_[sink]) break;
    std::int64_t push = amount - flow;
    for (std::size_t v = sink; v != source; v = from(pred_[v])) push = std::min(push, residual_[pred_[v]]);
    for (std::size_t v = sink; v != source; v = from(pred_[v])) {
      residual_[pred_[v]] -= push;
      residual_[pred_[v] ^ 1] += push;
    }
    flow += push;
    cost += static_cast<double>(push) * static_cast<double>(dist_[sink]);
  }
}

DiversionFlow DiversionNetwork::solve(double requested,
                                      const std::function<double(const std::string&)>& capacity_multiplier,
                                      const std::function<double(const std::string&)>& markup_add) const {
  DiversionFlow out;
  if (routes_.empty()) return out;
  std::int64_t total_cap = 0;
  for (std::size_t k = 0; k < routes_.size(); ++k) {
    const auto& r = routes_[k];
    const double cap = clamp_leg(r.capacity_units_per_quarter * capacity_multiplier(r.id), MAX_LEG_CAPACITY);
    const double markup = clamp_leg(r.markup + markup_add(r.id), MAX_LEG_MARKUP);
    const auto c = static_cast<std::int64_t>(std::llround(cap));
    const auto w = static_cast<std::int64_t>(std::llround(markup * BASIS_POINTS));
    capacity_[2 * k] = c;
    cost_[2 * k] = w;
    cost_[2 * k + 1] = -w;
    total_cap += c;
  }
  std::int64_t flow = 0;
  double cost = 0;
  // Max flow (and its cost) tells the capacity; a single card tells the cheapest path.
  min_cost_flow(total_cap, flow, cost);
  out.capacity = static_cast<double>(flow);
  if (flow == 0) return out;
  std::int64_t one_flow = 0;
  double one_cost = 0;
  min_cost_flow(1, one_flow, one_cost);
  out.cheapest_markup = one_cost / BASIS_POINTS;
  const double asked = std::min(static_cast<double>(flow), std::max(0.0, requested));  // NaN → 0
  const auto want = static_cast<std::int64_t>(std::llround(std::isnan(asked) ? 0.0 : asked));
  if (want > 0) {
    min_cost_flow(want, flow, cost);
    out.units = static_cast<double>(flow);
    out.average_markup = cost / BASIS_POINTS / static_cast<double>(flow);
  }
  return out;
}

}  // namespace cmsim::market
