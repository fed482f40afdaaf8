#include "sim/experiment/parameter_design.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

using namespace cmsim::experiment;

TEST_CASE("random design: a replication's point does not depend on N", "[experiment][design]") {
  const ParameterDesign small(DesignKind::RANDOM, 3, 10, 42), large(DesignKind::RANDOM, 3, 100000, 42);
  std::vector<double> a(3), b(3);
  for (std::uint64_t r : {0u, 5u, 9u}) {
    small.point(r, a);
    large.point(r, b);
    CHECK(a == b);
    for (double u : a) CHECK((u >= 0 && u < 1));
  }
  ParameterDesign other_seed(DesignKind::RANDOM, 3, 10, 43);
  other_seed.point(0, b);
  small.point(0, a);
  CHECK(a != b);
}

TEST_CASE("LHS design: every parameter hits each of the N strata exactly once", "[experiment][design]") {
  for (std::uint64_t n : {1u, 7u, 64u, 1000u}) {
    const ParameterDesign d(DesignKind::LHS, 4, n, 3);
    std::vector<std::vector<std::uint64_t>> strata(4);
    std::vector<double> u(4);
    for (std::uint64_t r = 0; r < n; ++r) {
      d.point(r, u);
      for (std::size_t k = 0; k < 4; ++k) {
        REQUIRE((u[k] >= 0 && u[k] < 1));
        strata[k].push_back(static_cast<std::uint64_t>(std::floor(u[k] * static_cast<double>(n))));
      }
    }
    for (auto& s : strata) {
      std::sort(s.begin(), s.end());
      for (std::uint64_t i = 0; i < n; ++i) REQUIRE(s[i] == i);
    }
  }
}

TEST_CASE("Sobol design: the first points of the unscrambled sequence (origin skipped)", "[experiment][design]") {
  const ParameterDesign d(DesignKind::SOBOL, 2, 8, 1);
  const double expected[7][2] = {{0.5, 0.5},     {0.75, 0.25},   {0.25, 0.75},  {0.375, 0.375},
                                 {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625}};
  std::vector<double> u(2);
  for (std::uint64_t r = 0; r < 7; ++r) {
    d.point(r, u);
    CHECK(u[0] == expected[r][0]);
    CHECK(u[1] == expected[r][1]);
  }
}

TEST_CASE("designs reject what they cannot do", "[experiment][design]") {
  CHECK_THROWS(ParameterDesign(DesignKind::RANDOM, 1, 0, 1));
  CHECK_THROWS(ParameterDesign(DesignKind::SOBOL, 5000, 10, 1));
  const ParameterDesign d(DesignKind::LHS, 0, 5, 1);
  std::vector<double> none;
  CHECK_NOTHROW(d.point(4, none));
  CHECK(design_kind_from_string("lhs") == DesignKind::LHS);
  CHECK(!design_kind_from_string("grid"));
}
