// Scenarios built in code for the developer-model tests (no YAML), and small statistics.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::ecosystem::testing {

/// A scenario with the given ecosystems (id, initial developer share) and no market.
/// Maturity 0.5 for all, no vendor investment, no maturity learning: tests switch on what
/// they need.
inline scenario::Scenario make_scenario(const std::vector<std::pair<std::string, double>>& ecos, int agents,
                                        const std::string& network = "none") {
  scenario::Scenario sc;
  sc.name = "ecosystem-test";
  sc.seed = 20240101;
  for (const auto& [id, share] : ecos) {
    scenario::Ecosystem e;
    e.id = id;
    e.name = id;
    e.initial_maturity = 0.5;
    sc.ecosystems.push_back(e);
    sc.developers.initial_shares[id] = share;
  }
  sc.developers.agents = agents;
  sc.developers.developers = 1.5e6;
  sc.developers.network = network;
  sc.developers.degree = 10;
  sc.developers.rewire_probability = 0.1;
  sc.parameters.maturity_learning = 0.0;
  return sc;
}

inline double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

inline double sample_sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace cmsim::ecosystem::testing
