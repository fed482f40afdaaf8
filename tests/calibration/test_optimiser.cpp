// The NLopt optimiser (every method) against functions with known minima, its stopping
// rules, multistart, and the identifiability analysis on a known quadratic.
#include "sim/experiment/optimiser.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

using namespace cmsim::experiment;

namespace {

double rosenbrock(std::span<const double> x) { return 100 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1 - x[0], 2); }

const Method ALL_METHODS[] = {Method::BOBYQA, Method::SBPLX, Method::NELDER_MEAD};

}  // namespace

TEST_CASE("Each optimiser method finds the minimum of Rosenbrock's valley in a box", "[optimiser]") {
  for (Method m : ALL_METHODS) {
    INFO(to_string(m));
    OptimiserOptions o;
    o.method = m;
    o.max_evaluations = 4000;
    o.x_tolerance = 1e-9;
    o.f_tolerance = 1e-14;
    const std::vector<double> x0 = {-1.2, 1.0};
    const std::vector<Bounds> box = {{-2, 2}, {-1, 3}};
    const auto r = minimise(rosenbrock, x0, box, o);
    CHECK(r.x[0] == Approx(1.0).margin(2e-3));
    CHECK(r.x[1] == Approx(1.0).margin(4e-3));
    CHECK(r.value < 1e-5);
    CHECK(r.evaluations <= 4000);
    CHECK(r.converged);
    CHECK(r.stop_reason != "evaluation limit");
  }
}

TEST_CASE("Each optimiser method finds a minimum on a bound and one inside", "[optimiser]") {
  // Minimum of the unbounded quadratic at (3, -1); the box cuts x0 at 2, so the answer is (2, -1).
  auto f = [](std::span<const double> x) { return (x[0] - 3) * (x[0] - 3) + 4 * (x[1] + 1) * (x[1] + 1); };
  for (Method m : ALL_METHODS) {
    INFO(to_string(m));
    OptimiserOptions o;
    o.method = m;
    o.max_evaluations = 2000;
    o.x_tolerance = 1e-8;
    int outside = 0;
    auto counted = [&](std::span<const double> x) {
      outside += (x[0] < 0 || x[0] > 2 || x[1] < -2 || x[1] > 2) ? 1 : 0;
      return f(x);
    };
    const std::vector<Bounds> box = {{0, 2}, {-2, 2}};
    const auto r = minimise(counted, std::vector<double>{0.5, 1.5}, box, o);
    CHECK(outside == 0);
    CHECK(r.x[0] == Approx(2.0).margin(1e-4));
    CHECK(r.x[1] == Approx(-1.0).margin(1e-4));
  }
}

TEST_CASE("The optimiser stops at the evaluation limit and at the target value, and says which", "[optimiser]") {
  for (Method m : ALL_METHODS) {
    INFO(to_string(m));
    OptimiserOptions o;
    o.method = m;
    o.max_evaluations = 25;
    const std::vector<Bounds> box = {{-2, 2}, {-1, 3}};
    const auto limited = minimise(rosenbrock, std::vector<double>{-1.2, 1.0}, box, o);
    CHECK_FALSE(limited.converged);
    CHECK(limited.stop_reason == "evaluation limit");
    CHECK(limited.evaluations == 25);

    // A loss that is 0 on a whole plateau: stop as soon as the plateau is reached.
    auto plateau = [](std::span<const double> x) {
      return std::max(0.0, std::fabs(x[0] - 3) - 1) + std::max(0.0, std::fabs(x[1] - 3) - 1);
    };
    o.max_evaluations = 500;
    o.target_value = 0;
    const std::vector<Bounds> wide = {{0, 10}, {0, 10}};
    const auto r = minimise(plateau, std::vector<double>{8.0, 8.0}, wide, o);
    CHECK(r.value == 0);
    CHECK(r.stop_reason == "target value reached");
    CHECK(r.converged);
    CHECK(r.evaluations < 200);
  }
}

TEST_CASE("The optimiser treats NaN as worse than anything and passes exceptions on", "[optimiser]") {
  auto f = [](std::span<const double> x) {
    return x[0] < 0.5 ? std::nan("") : (x[0] - 1) * (x[0] - 1) + (x[1] - 1) * (x[1] - 1);
  };
  const std::vector<Bounds> box = {{0, 2}, {0, 2}};
  for (Method m : ALL_METHODS) {
    INFO(to_string(m));
    OptimiserOptions o;
    o.method = m;
    o.max_evaluations = 1000;
    const auto r = minimise(f, std::vector<double>{0.6, 0.2}, box, o);
    CHECK(r.x[0] == Approx(1.0).margin(1e-3));
    CHECK(r.x[1] == Approx(1.0).margin(1e-3));
  }
  auto thrower = [](std::span<const double>) -> double { throw std::runtime_error("model failed"); };
  CHECK_THROWS_WITH(minimise(thrower, std::vector<double>{1.0}, std::vector<Bounds>{{0, 2}}), "model failed");
  CHECK_THROWS_AS(minimise(rosenbrock, std::vector<double>{1.0, 1.0}, std::vector<Bounds>{{0, 2}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(minimise(rosenbrock, std::vector<double>{1.0, 1.0}, std::vector<Bounds>{{0, 2}, {3, 3}}),
                  std::invalid_argument);
}

TEST_CASE("Multistart from a Sobol sequence escapes a local minimum", "[optimiser]") {
  // Two wells: a shallow one at x = -1 (value 1) next to the start, a deep one at x = 2 (value 0).
  auto f = [](std::span<const double> x) {
    const double a = (x[0] + 1) * (x[0] + 1) + 1, b = 3 * (x[0] - 2) * (x[0] - 2);
    return std::min(a, b) + x[1] * x[1];
  };
  const std::vector<Bounds> box = {{-3, 3}, {-1, 1}};
  OptimiserOptions o;
  o.max_evaluations = 300;
  o.initial_step = 0.05;
  const auto one = minimise(f, std::vector<double>{-1.5, 0.5}, box, o);
  CHECK(one.x[0] == Approx(-1.0).margin(1e-3));  // the local well
  o.starts = 4;
  const auto many = minimise(f, std::vector<double>{-1.5, 0.5}, box, o);
  REQUIRE(many.starts.size() == 4);
  CHECK(many.starts[0].x0 == std::vector<double>{-1.5, 0.5});
  CHECK(many.starts[1].x0 == std::vector<double>{0.0, 0.0});  // Sobol point 1: the box's centre
  CHECK(many.x[0] == Approx(2.0).margin(1e-3));
  CHECK(many.value < 1e-6);
  CHECK(many.best_start > 0);
  std::size_t total = 0;
  for (const auto& s : many.starts) total += s.evaluations;
  CHECK(many.evaluations == total);
}

TEST_CASE("Method names parse and print", "[optimiser]") {
  for (Method m : ALL_METHODS) CHECK(parse_method(to_string(m)) == m);
  CHECK_FALSE(parse_method("nelder-mead").has_value());
  CHECK_FALSE(parse_method("").has_value());
}

TEST_CASE("Finite-difference Hessian and its eigenvalues recover a known quadratic's weak direction",
          "[optimiser][identifiability]") {
  // f(x) = 1/2 (x − c)' A (x − c) with A = Q diag(0.02, 8) Q', Q a rotation by 45°: the
  // weak direction is (1, −1)/√2 (eigenvalue 0.02), the strong one (1, 1)/√2 (8).
  const double c0 = 0.4, c1 = 0.6;
  const double lw = 0.02, ls = 8;
  const double a = (lw + ls) / 2, b = (ls - lw) / 2;  // A = [[a, b], [b, a]]
  auto f = [&](std::span<const double> x) {
    const double d0 = x[0] - c0, d1 = x[1] - c1;
    return 0.5 * (a * d0 * d0 + 2 * b * d0 * d1 + a * d1 * d1);
  };
  const std::vector<double> at = {c0, c1}, h = {1e-3, 1e-3};
  const auto H = finite_difference_hessian(f, at, h);
  CHECK(H[0][0] == Approx(a).epsilon(1e-6));
  CHECK(H[0][1] == Approx(b).epsilon(1e-6));
  CHECK(H[1][0] == H[0][1]);
  const auto e = symmetric_eigen(H);
  REQUIRE(e.size() == 2);
  CHECK(e[0].value == Approx(lw).epsilon(1e-4));
  CHECK(e[1].value == Approx(ls).epsilon(1e-6));
  CHECK(e[0].vector[0] == Approx(std::sqrt(0.5)).epsilon(1e-6));
  CHECK(e[0].vector[1] == Approx(-std::sqrt(0.5)).epsilon(1e-6));
  const std::vector<std::string> names = {"beta_risk", "risk_shock"};
  CHECK(describe_direction(e[0].vector, names) == "0.71 beta_risk - 0.71 risk_shock");
  CHECK(describe_direction(e[1].vector, names) == "0.71 beta_risk + 0.71 risk_shock");

  // The same through analyse_identifiability, in a box of width 1 per coordinate (scaled
  // coordinates equal the parameters): profile, Hessian, eigenpairs, the weak flag.
  const std::vector<Bounds> box = {{0, 1}, {0, 1}};
  IdentifiabilityOptions o;
  const auto id = analyse_identifiability(f, at, box, o);
  CHECK(id.eigen[0].value == Approx(lw).epsilon(1e-3));
  CHECK(id.eigen[1].value == Approx(ls).epsilon(1e-6));
  CHECK(id.relative[0] == Approx(lw / ls).epsilon(1e-3));
  CHECK(id.weak[0]);  // 0.0025 < 0.01
  CHECK_FALSE(id.weak[1]);
  REQUIRE(id.profile.size() == 14);  // 7 per parameter, all inside the box
  CHECK(id.profile[3].step == 0);
  CHECK(id.profile[3].value == 0);
  CHECK(id.profile[0].x == Approx(c0 - 0.1));
  CHECK(id.profile[0].value == Approx(0.5 * a * 0.01));
  CHECK(id.evaluations == 1 + 12 + 1 + 4 + 4);
}

TEST_CASE("Identifiability at a minimum on a bound moves the Hessian's centre inside", "[optimiser][identifiability]") {
  auto f = [](std::span<const double> x) { return x[0] + (x[1] - 0.5) * (x[1] - 0.5); };
  const std::vector<Bounds> box = {{0, 2}, {0, 1}};
  const auto id = analyse_identifiability(f, std::vector<double>{0.0, 0.5}, box);
  CHECK(id.centre[0] == Approx(0.1));  // one step (5% of the width 2) inside
  CHECK(id.centre[1] == Approx(0.5));
  std::size_t left = 0;
  for (const auto& p : id.profile) left += p.parameter == 0 ? 1 : 0;
  CHECK(left == 4);   // only the steps 0..3 lie inside the box
  CHECK(id.weak[0]);  // a linear loss has no curvature along x0
}
