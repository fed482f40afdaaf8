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

TEST_CASE("Matrix logit agrees with the vector form row by row", "[logit]") {
  Eigen::ArrayXXd u(2, 3);
  u << 0.5, -1.0, 2.0, 3.0, 3.0, -std::numeric_limits<double>::infinity();
  const Eigen::ArrayXXd p = logit_probabilities(u);
  for (int r = 0; r < 2; ++r) {
    std::vector<double> row{u(r, 0), u(r, 1), u(r, 2)}, s(3);
    logit_probabilities(row, s);
    for (int c = 0; c < 3; ++c) CHECK(p(r, c) == Approx(s[c]).margin(1e-15));
    CHECK(p.row(r).sum() == Approx(1.0));
  }
}
