#include "sim/experiment/quantile.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

using cmsim::experiment::quantile_sorted;

TEST_CASE("type-7 quantiles match a hand-computed case", "[experiment][quantile]") {
  const std::vector<double> x = {1, 2, 4, 7, 11};  // n = 5, h = 4p
  CHECK(quantile_sorted(x, 0.0) == 1);
  CHECK(quantile_sorted(x, 1.0) == 11);
  CHECK(quantile_sorted(x, 0.5) == 4);              // h = 2
  CHECK(quantile_sorted(x, 0.25) == 2);             // h = 1
  CHECK(quantile_sorted(x, 0.75) == 7);             // h = 3
  CHECK(quantile_sorted(x, 0.05) == Approx(1.2));   // h = 0.2: 1 + 0.2 × (2 − 1)
  CHECK(quantile_sorted(x, 0.95) == Approx(10.2));  // h = 3.8: 7 + 0.8 × (11 − 7)
  CHECK(quantile_sorted(x, 0.6) == Approx(5.2));    // h = 2.4: 4 + 0.4 × 3 (numpy.quantile gives 5.2)
}

TEST_CASE("quantiles of one value and of none", "[experiment][quantile]") {
  const std::vector<double> one = {3.5};
  CHECK(quantile_sorted(one, 0.05) == 3.5);
  CHECK(quantile_sorted(one, 0.95) == 3.5);
  CHECK(std::isnan(quantile_sorted({}, 0.5)));
}
