// Nelder–Mead against functions with known minima: Rosenbrock, quadratics in and out of a box.
#include "sim/experiment/nelder_mead.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using namespace cmsim::experiment;

namespace {

double rosenbrock(std::span<const double> x) { return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2); }

}  // namespace

TEST_CASE("Nelder-Mead finds the minimum of Rosenbrock's valley", "[nelder_mead]") {
  NelderMeadOptions o;
  o.max_evaluations = 2000;
  const std::vector<double> x0 = {-1.2, 1.0};
  const auto r = nelder_mead(rosenbrock, x0, o);
  CHECK(r.converged);
  CHECK(r.x[0] == Approx(1.0).margin(1e-4));
  CHECK(r.x[1] == Approx(1.0).margin(1e-4));
  CHECK(r.value < 1e-8);
  CHECK(r.evaluations <= 2000);
}

TEST_CASE("Nelder-Mead minimises a quadratic in four dimensions", "[nelder_mead]") {
  const std::vector<double> centre = {1, -2, 3, 0.5};
  auto f = [&](std::span<const double> x) {
    double s = 0;
    for (std::size_t k = 0; k < x.size(); ++k) s += (k + 1.0) * (x[k] - centre[k]) * (x[k] - centre[k]);
    return s;
  };
  NelderMeadOptions o;
  o.max_evaluations = 5000;
  const auto r = nelder_mead(f, std::vector<double>(4, 0.0), o);
  for (std::size_t k = 0; k < 4; ++k) CHECK(r.x[k] == Approx(centre[k]).margin(1e-4));
}

TEST_CASE("Nelder-Mead stops at the evaluation limit and at the target value", "[nelder_mead]") {
  NelderMeadOptions o;
  o.max_evaluations = 25;
  const std::vector<double> x0 = {-1.2, 1.0};
  const auto limited = nelder_mead(rosenbrock, x0, o);
  CHECK_FALSE(limited.converged);
  CHECK(limited.stop_reason == "evaluation limit");
  CHECK(limited.evaluations == 25);

  // A loss that is 0 on a whole plateau: stop as soon as the plateau is reached.
  auto plateau = [](std::span<const double> x) { return std::max(0.0, std::fabs(x[0] - 3) - 1); };
  o.max_evaluations = 500;
  o.target_value = 0;
  const auto r = nelder_mead(plateau, std::vector<double>{0.0}, o);
  CHECK(r.value == 0);
  CHECK(r.stop_reason == "target value reached");
  CHECK(r.evaluations < 30);
}

TEST_CASE("Nelder-Mead treats NaN as worse than anything", "[nelder_mead]") {
  auto f = [](std::span<const double> x) { return x[0] < 0 ? std::nan("") : (x[0] - 2) * (x[0] - 2); };
  const auto r = nelder_mead(f, std::vector<double>{0.5}, {});
  CHECK(r.x[0] == Approx(2.0).margin(1e-4));
}

TEST_CASE("Bounded Nelder-Mead respects the box and finds minima on and inside it", "[nelder_mead]") {
  // Unconstrained minimum (3, -1); the box cuts x to [0, 2], so the answer is (2, -1).
  auto f = [](std::span<const double> x) { return (x[0] - 3) * (x[0] - 3) + (x[1] + 1) * (x[1] + 1); };
  const std::vector<Bounds> box = {{0, 2}, {-5, 5}};
  bool outside = false;
  auto watched = [&](std::span<const double> x) {
    outside = outside || x[0] < 0 || x[0] > 2 || x[1] < -5 || x[1] > 5;
    return f(x);
  };
  NelderMeadOptions o;
  o.max_evaluations = 1000;
  const auto r = nelder_mead_bounded(watched, std::vector<double>{1.0, 4.0}, box, o);
  CHECK_FALSE(outside);
  CHECK(r.x[0] == Approx(2.0).margin(1e-3));
  CHECK(r.x[0] <= 2.0);
  CHECK(r.x[1] == Approx(-1.0).margin(1e-4));

  const std::vector<Bounds> wide = {{0, 10}, {-5, 5}};
  const auto inside = nelder_mead_bounded(f, std::vector<double>{1.0, 4.0}, wide, o);
  CHECK(inside.x[0] == Approx(3.0).margin(1e-4));
  CHECK(inside.x[1] == Approx(-1.0).margin(1e-4));
}

TEST_CASE("The logit transform maps the line into the interval and back", "[nelder_mead]") {
  const Bounds b{-2, 6};
  for (double x : {-1.9, 0.0, 2.0, 5.5}) CHECK(from_unbounded(to_unbounded(x, b), b) == Approx(x));
  CHECK(from_unbounded(1e6, b) <= 6);
  CHECK(from_unbounded(-1e6, b) >= -2);
  CHECK(std::isfinite(to_unbounded(6, b)));  // a start on a bound is moved inside
  CHECK_THROWS_AS(nelder_mead_bounded([](std::span<const double>) { return 0.0; }, std::vector<double>{1.0},
                                      std::vector<Bounds>{{1, 1}}),
                  std::invalid_argument);
}
