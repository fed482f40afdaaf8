#include "sim/analysis/shapley.h"

#include <catch2/catch.hpp>

#include <bit>
#include <numeric>
#include <vector>

using namespace cmsim::analysis;

namespace {

// v(S) = sum of a_i over S, plus c when players 0 and 1 are both in S.
double game(Coalition s) {
  const double a[] = {1.0, -2.0, 0.5, 4.0};
  double v = 0;
  for (std::size_t i = 0; i < 4; ++i)
    if (s & (Coalition{1} << i)) v += a[i];
  if ((s & 3) == 3) v += 3.0;
  return v;
}

std::vector<double> all_values(std::size_t n, double (*v)(Coalition)) {
  std::vector<double> out(std::size_t{1} << n);
  for (Coalition s = 0; s < out.size(); ++s) out[s] = v(s);
  return out;
}

}  // namespace

TEST_CASE("exact Shapley: additive parts and a shared interaction", "[analysis][shapley]") {
  const auto phi = exact_shapley(4, all_values(4, game));
  // The interaction term 3 is split equally between players 0 and 1.
  CHECK(phi[0] == Approx(1.0 + 1.5));
  CHECK(phi[1] == Approx(-2.0 + 1.5));
  CHECK(phi[2] == Approx(0.5));
  CHECK(phi[3] == Approx(4.0));
  CHECK(std::accumulate(phi.begin(), phi.end(), 0.0) == Approx(game(15) - game(0)).epsilon(1e-14));
}

TEST_CASE("exact Shapley: the majority game gives each of three players 1/3", "[analysis][shapley]") {
  const auto phi = exact_shapley(3, all_values(3, [](Coalition s) { return std::popcount(s) >= 2 ? 1.0 : 0.0; }));
  for (double p : phi) CHECK(p == Approx(1.0 / 3));
  CHECK_THROWS(exact_shapley(3, std::vector<double>(7)));
}

TEST_CASE("sampled permutations: contributions sum to the total on each permutation and converge",
          "[analysis][shapley]") {
  const std::size_t n = 4;
  std::vector<double> mean(n, 0.0);
  const int samples = 4000;
  for (int s = 0; s < samples; ++s) {
    const auto order = random_permutation(n, 99, static_cast<std::uint64_t>(s));
    const auto coalitions = prefix_coalitions(order);
    REQUIRE(coalitions.front() == 0);
    REQUIRE(coalitions.back() == grand_coalition(n));
    std::vector<double> v;
    for (const auto c : coalitions) v.push_back(game(c));
    const auto m = marginal_contributions(order, v);
    REQUIRE(std::accumulate(m.begin(), m.end(), 0.0) == Approx(game(15) - game(0)).epsilon(1e-14));
    for (std::size_t i = 0; i < n; ++i) mean[i] += m[i] / samples;
  }
  CHECK(mean[0] == Approx(2.5).margin(0.1));
  CHECK(mean[1] == Approx(-0.5).margin(0.1));
  CHECK(mean[2] == Approx(0.5).margin(1e-12));  // additive players contribute the same in every order
  CHECK(mean[3] == Approx(4.0).margin(1e-12));
}

TEST_CASE("random permutation: a permutation, reproducible from (seed, sample)", "[analysis][shapley]") {
  const auto a = random_permutation(31, 5, 3);
  auto sorted = a;
  std::sort(sorted.begin(), sorted.end());
  for (std::size_t i = 0; i < 31; ++i) CHECK(sorted[i] == i);
  CHECK(a == random_permutation(31, 5, 3));
  CHECK(a != random_permutation(31, 5, 4));
}
