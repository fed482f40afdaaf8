#include <catch2/catch.hpp>

#include <cmath>
#include <numbers>
#include <vector>

#include "sim/analysis/morris.h"
#include "sim/analysis/sobol_indices.h"

using namespace cmsim::analysis;
using cmsim::experiment::DesignKind;

namespace {

// f over the design's unit points, each coordinate mapped to [lo, hi].
template <class F>
std::vector<double> apply(const std::vector<double>& points, std::size_t k, double lo, double hi, F f) {
  std::vector<double> out;
  std::vector<double> x(k);
  for (std::size_t row = 0; row * k < points.size(); ++row) {
    for (std::size_t i = 0; i < k; ++i) x[i] = lo + (hi - lo) * points[row * k + i];
    out.push_back(f(x));
  }
  return out;
}

double ishigami(const std::vector<double>& x) {
  return std::sin(x[0]) + 7 * std::pow(std::sin(x[1]), 2) + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function lie within their bootstrap intervals",
          "[analysis][sensitivity][sobol]") {
  const std::size_t k = 3;
  const auto points = saltelli_points(4096, k, DesignKind::SOBOL, 1);
  REQUIRE(points.size() == 4096 * (k + 2) * k);
  const auto f = apply(points, k, -std::numbers::pi, std::numbers::pi, ishigami);
  const auto idx = sobol_indices(f, k, 200, 7);
  const double s1[] = {0.3139, 0.4424, 0.0}, st[] = {0.5576, 0.4424, 0.2437};
  for (std::size_t i = 0; i < k; ++i) {
    INFO("parameter " << i << ": S1 " << idx[i].s1 << " +- " << idx[i].s1_conf << ", ST " << idx[i].st << " +- "
                      << idx[i].st_conf);
    CHECK(std::abs(idx[i].s1 - s1[i]) <= idx[i].s1_conf);
    CHECK(std::abs(idx[i].st - st[i]) <= idx[i].st_conf);
    CHECK(idx[i].s1_conf < 0.1);  // the intervals are informative, not vacuous
    CHECK(idx[i].st_conf < 0.1);
  }
}

TEST_CASE("Sobol indices of a linear model equal c_i^2 w_i^2 / sum", "[analysis][sensitivity][sobol]") {
  // f = 1 x0 + 2 x1 + 3 x2 on [0, 1]^3 (a common width, so S_i = c_i^2 / 14 and S1 = ST).
  const std::size_t k = 3;
  const auto points = saltelli_points(2048, k, DesignKind::RANDOM, 3);
  const auto f = apply(points, k, 0, 1, [](const auto& x) { return x[0] + 2 * x[1] + 3 * x[2]; });
  const auto idx = sobol_indices(f, k, 200, 7);
  for (std::size_t i = 0; i < k; ++i) {
    const double c = double(i + 1), exact = c * c / 14.0;
    INFO("parameter " << i << ": S1 " << idx[i].s1 << " +- " << idx[i].s1_conf << ", exact " << exact);
    CHECK(std::abs(idx[i].s1 - exact) <= idx[i].s1_conf);
    CHECK(std::abs(idx[i].st - exact) <= idx[i].st_conf);
  }
}

TEST_CASE("Saltelli design: AB^i is A with coordinate i from B", "[analysis][sensitivity][sobol]") {
  const std::size_t k = 4;
  const auto p = saltelli_points(3, k, DesignKind::RANDOM, 11);
  for (std::size_t j = 0; j < 3; ++j) {
    const double* a = &p[(j * (k + 2)) * k];
    const double* b = a + k;
    for (std::size_t i = 0; i < k; ++i) {
      const double* ab = a + (2 + i) * k;
      for (std::size_t x = 0; x < k; ++x) CHECK(ab[x] == (x == i ? b[x] : a[x]));
    }
  }
  CHECK(p == saltelli_points(3, k, DesignKind::RANDOM, 11));
  CHECK(p != saltelli_points(3, k, DesignKind::RANDOM, 12));
}

TEST_CASE("Sobol indices: a constant outcome is refused", "[analysis][sensitivity][sobol]") {
  const std::vector<double> f(5 * 10, 1.0);
  CHECK_THROWS_WITH(sobol_indices(f, 3, 10, 1), Catch::Contains("variance 0"));
  CHECK_THROWS_WITH(sobol_indices(std::vector<double>(7, 1.0), 3, 10, 1), Catch::Contains("blocks of 5"));
}

TEST_CASE("Morris on a linear model: every effect is c_i times the range", "[analysis][sensitivity][morris]") {
  // x_i uniform on [lo_i, hi_i]; f = sum c_i x_i, so mu_star_i = |c_i| w_i and sigma_i = 0.
  const double c[] = {2, -3, 0.5, 0}, lo[] = {0, 1, -2, 0}, hi[] = {1, 3, 2, 5};
  const std::size_t k = 4;
  const auto d = morris_design(k, 20, 4, 5);
  std::vector<double> f;
  for (std::size_t row = 0; row < d.points.size() / k; ++row) {
    double y = 0;
    for (std::size_t i = 0; i < k; ++i) y += c[i] * (lo[i] + (hi[i] - lo[i]) * d.points[row * k + i]);
    f.push_back(y);
  }
  const auto idx = morris_indices(d, f, 100, 1);
  for (std::size_t i = 0; i < k; ++i) {
    CHECK(idx[i].mu_star == Approx(std::abs(c[i]) * (hi[i] - lo[i])).margin(1e-9));
    CHECK(idx[i].mu == Approx(c[i] * (hi[i] - lo[i])).margin(1e-9));
    CHECK(idx[i].sigma == Approx(0).margin(1e-9));
  }
}

TEST_CASE("Morris: an interaction shows as sigma, an unused input as zero", "[analysis][sensitivity][morris]") {
  const std::size_t k = 3;
  const auto d = morris_design(k, 30, 4, 9);
  std::vector<double> f;
  for (std::size_t row = 0; row < d.points.size() / k; ++row) f.push_back(d.points[row * k] * d.points[row * k + 1]);
  const auto idx = morris_indices(d, f, 100, 1);
  CHECK(idx[0].sigma > 0.05);
  CHECK(idx[1].sigma > 0.05);
  CHECK(idx[2].mu_star == 0.0);
  CHECK(idx[2].sigma == 0.0);
}

TEST_CASE("Morris design: each step moves exactly one parameter by half the unit range",
          "[analysis][sensitivity][morris]") {
  const std::size_t k = 5;
  const auto d = morris_design(k, 10, 6, 2);
  for (std::uint64_t t = 0; t < 10; ++t) {
    std::vector<int> seen(k, 0);
    for (std::size_t m = 0; m < k; ++m) {
      const double* before = &d.points[(t * (k + 1) + m) * k];
      const double* after = before + k;
      const std::size_t i = d.moved[t * k + m];
      ++seen[i];
      for (std::size_t x = 0; x < k; ++x) {
        if (x == i)
          CHECK(after[x] - before[x] == Approx(0.5 * d.direction[t * k + m]));
        else
          CHECK(after[x] == before[x]);
        CHECK((after[x] > 0 && after[x] < 1));
      }
    }
    for (int s : seen) CHECK(s == 1);
  }
  CHECK_THROWS(morris_design(k, 10, 3, 2));
  CHECK_THROWS(morris_design(0, 10, 4, 2));
}
