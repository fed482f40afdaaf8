#include "models/market/logit.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

using cmsim::market::logit_probabilities;

TEST_CASE("Logit shares match a hand-computed case", "[logit]") {
  // U = (1, 2, 0): exp = (e, e^2, 1), total = 1 + e + e^2 = 11.1073...
  const std::vector<double> u{1.0, 2.0, 0.0};
  std::vector<double> s(3);
  logit_probabilities(u, s);
  const double total = 1 + std::exp(1.0) + std::exp(2.0);
  CHECK(s[0] == Approx(std::exp(1.0) / total).epsilon(1e-12));
  CHECK(s[1] == Approx(std::exp(2.0) / total).epsilon(1e-12));
  CHECK(s[2] == Approx(1.0 / total).epsilon(1e-12));
  CHECK(s[1] == Approx(0.665240955774822));  // e^2 / (1 + e + e^2)
}

TEST_CASE("Logit is stable for huge utilities and masks unavailable options", "[logit]") {
  const double inf = std::numeric_limits<double>::infinity();
  const std::vector<double> u{1000.0, 1000.0 + std::log(3.0), -inf};
  std::vector<double> s(3);
  logit_probabilities(u, s);
  CHECK(s[0] == Approx(0.25));
  CHECK(s[1] == Approx(0.75));
  CHECK(s[2] == 0.0);
  const std::vector<double> none{-inf, -inf};
  std::vector<double> z(2, 9.0);
  logit_probabilities(none, z);
  CHECK(z[0] == 0.0);
  CHECK(z[1] == 0.0);
}
