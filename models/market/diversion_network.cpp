#include "models/market/diversion_network.h"

// GCC 12 reports a false maybe-uninitialized inside Boost.Graph's edge iterator when
// find_flow_cost is instantiated; the warning stays on everywhere else.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>
// find_flow_cost.hpp relies on declarations from the solver header above: keep it after.
#include <boost/graph/find_flow_cost.hpp>
#include <cmath>
#include <map>

namespace cmsim::market {
namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, long,
                    boost::property<boost::edge_residual_capacity_t, long,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, long>>>>>;

// Mark-ups are solved in integer basis points and capacities in whole cards: Boost's
// successive-shortest-path solver is exact on integers.
constexpr double BASIS_POINTS = 10000.0;

struct Builder {
  Graph g;
  std::map<std::string, Graph::vertex_descriptor> nodes;

  Graph::vertex_descriptor node(const std::string& name) {
    auto it = nodes.find(name);
    if (it != nodes.end()) return it->second;
    auto v = boost::add_vertex(g);
    nodes.emplace(name, v);
    return v;
  }
  void edge(Graph::vertex_descriptor a, Graph::vertex_descriptor b, long capacity, long weight) {
    auto cap = boost::get(boost::edge_capacity, g);
    auto rev = boost::get(boost::edge_reverse, g);
    auto w = boost::get(boost::edge_weight, g);
    auto e = boost::add_edge(a, b, g).first;
    auto r = boost::add_edge(b, a, g).first;
    cap[e] = capacity;
    cap[r] = 0;
    w[e] = weight;
    w[r] = -weight;
    rev[e] = r;
    rev[r] = e;
  }
};

}  // namespace

DiversionNetwork::DiversionNetwork(std::vector<scenario::TradeRoute> routes) : routes_(std::move(routes)) {}

DiversionFlow DiversionNetwork::solve(double requested,
                                      const std::function<double(const std::string&)>& capacity_multiplier,
                                      const std::function<double(const std::string&)>& markup_add) const {
  DiversionFlow out;
  if (routes_.empty()) return out;
  Builder b;
  const auto source = b.node("\x01source");
  const auto us = b.node("us");
  const auto china = b.node("china");
  long total_cap = 0;
  for (const auto& r : routes_) {
    const double cap = std::max(0.0, r.capacity_units_per_quarter * capacity_multiplier(r.id));
    const long c = std::lround(cap);
    const long w = std::lround((r.markup + markup_add(r.id)) * BASIS_POINTS);
    b.edge(b.node(r.from), b.node(r.to), c, std::max(0L, w));
    total_cap += c;
  }
  auto solve_for = [&](long amount, long& flow, long& cost) {
    Builder copy = b;
    copy.edge(source, us, amount, 0);
    boost::successive_shortest_path_nonnegative_weights(copy.g, source, china);
    cost = boost::find_flow_cost(copy.g);
    auto cap = boost::get(boost::edge_capacity, copy.g);
    auto res = boost::get(boost::edge_residual_capacity, copy.g);
    flow = 0;
    for (auto [e, end] = boost::out_edges(source, copy.g); e != end; ++e) flow += cap[*e] - res[*e];
  };
  long flow = 0, cost = 0;
  // Max flow (and its cost) tells the capacity; a single card tells the cheapest path.
  solve_for(total_cap, flow, cost);
  out.capacity = static_cast<double>(flow);
  if (flow == 0) return out;
  long one_flow = 0, one_cost = 0;
  solve_for(1, one_flow, one_cost);
  out.cheapest_markup = static_cast<double>(one_cost) / BASIS_POINTS;
  const long want = std::min(flow, std::lround(std::max(0.0, requested)));
  if (want > 0) {
    solve_for(want, flow, cost);
    out.units = static_cast<double>(flow);
    out.average_markup = static_cast<double>(cost) / BASIS_POINTS / static_cast<double>(flow);
  }
  return out;
}

}  // namespace cmsim::market
