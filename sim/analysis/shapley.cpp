#include "sim/analysis/shapley.h"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/analysis/analysis_stream_purpose.h"
#include "sim/engine/random_stream.h"

namespace cmsim::analysis {

std::vector<double> exact_shapley(std::size_t n, std::span<const double> v) {
  if (n > 30 || v.size() != (std::size_t{1} << n))
    throw std::invalid_argument("exact_shapley: expected 2^" + std::to_string(n) + " coalition values, got " +
                                std::to_string(v.size()));
  // weight[s] = s! (n - s - 1)! / n!, built as a product so it never overflows.
  std::vector<double> weight(n, 0.0);
  for (std::size_t s = 0; s < n; ++s) {
    double w = 1.0 / static_cast<double>(n);
    for (std::size_t j = 1; j <= s; ++j) w *= static_cast<double>(j) / static_cast<double>(n - j);
    weight[s] = w;
  }
  std::vector<double> phi(n, 0.0);
  for (Coalition s = 0; s < v.size(); ++s) {
    const auto size = static_cast<std::size_t>(std::popcount(s));
    for (std::size_t i = 0; i < n; ++i) {
      const Coalition bit = Coalition{1} << i;
      if (s & bit) continue;
      phi[i] += weight[size] * (v[s | bit] - v[s]);
    }
  }
  return phi;
}

std::vector<std::size_t> random_permutation(std::size_t n, std::uint64_t seed, std::uint64_t sample) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  engine::RandomStream s({seed, sample, purpose_id(AnalysisPurpose::SHAPLEY_PERMUTATION), 0});
  for (std::size_t i = n; i > 1; --i) {
    const auto j = std::min<std::size_t>(i - 1, static_cast<std::size_t>(s.uniform() * static_cast<double>(i)));
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

std::vector<Coalition> prefix_coalitions(std::span<const std::size_t> order) {
  if (order.size() > MAX_PLAYERS) throw std::invalid_argument("at most 63 players");
  std::vector<Coalition> out{0};
  for (const auto i : order) out.push_back(out.back() | (Coalition{1} << i));
  return out;
}

std::vector<double> marginal_contributions(std::span<const std::size_t> order, std::span<const double> v) {
  if (v.size() != order.size() + 1) throw std::invalid_argument("marginal_contributions: need n + 1 values");
  std::vector<double> out(order.size(), 0.0);
  for (std::size_t m = 0; m < order.size(); ++m) out[order[m]] = v[m + 1] - v[m];
  return out;
}

}  // namespace cmsim::analysis
