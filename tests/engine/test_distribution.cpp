// Distributions of uncertain parameters: quantiles, means (also truncated), argument checks.
#include "sim/engine/distribution.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <stdexcept>

using cmsim::engine::Distribution;

namespace {
// Mean by the midpoint rule over the quantile function: an independent check of mean().
double numeric_mean(const Distribution& d, int n = 200000) {
  double s = 0;
  for (int i = 0; i < n; ++i) s += d.quantile((i + 0.5) / n);
  return s / n;
}
}  // namespace

TEST_CASE("Normal quantiles and mean", "[distribution]") {
  const auto d = Distribution::normal(0.3, 0.05);
  CHECK(d.kind() == Distribution::Kind::NORMAL);
  CHECK(d.mean() == Approx(0.3));
  CHECK(d.quantile(0.5) == Approx(0.3));
  CHECK(d.quantile(0.975) == Approx(0.3 + 1.959964 * 0.05).epsilon(1e-6));
  CHECK(d.quantile(0.0) < d.quantile(1e-6));  // clamped, finite
  CHECK(std::isfinite(d.quantile(0.0)));
  CHECK(std::isfinite(d.quantile(1.0)));
}

TEST_CASE("Lognormal is parameterised by median and sigma", "[distribution]") {
  const auto d = Distribution::lognormal(0.6, 0.2);
  CHECK(d.quantile(0.5) == Approx(0.6));
  CHECK(d.mean() == Approx(0.6 * std::exp(0.02)));
  CHECK(d.quantile(0.8413447) == Approx(0.6 * std::exp(0.2)).epsilon(1e-5));
}

TEST_CASE("Uniform, triangular and beta", "[distribution]") {
  const auto u = Distribution::uniform(0.2, 0.4);
  CHECK(u.mean() == Approx(0.3));
  CHECK(u.quantile(0.25) == Approx(0.25));
  const auto t = Distribution::triangular(0.1, 0.2, 0.5);
  CHECK(t.mean() == Approx(0.8 / 3));
  CHECK(t.quantile(0.25) == Approx(0.2));  // F(mode) = (0.2-0.1)/(0.5-0.1)
  const auto b = Distribution::beta(2, 5);
  CHECK(b.mean() == Approx(2.0 / 7));
  CHECK(b.quantile(0.5) == Approx(0.26445).epsilon(1e-4));
  CHECK(Distribution::fixed(4).mean() == 4);
  CHECK(Distribution::fixed(4).quantile(0.1) == 4);
}

TEST_CASE("Truncation keeps draws inside the interval and moves the mean", "[distribution]") {
  const auto d = Distribution::normal(0.3, 0.1).truncated(0.0, 1.0);
  for (double u : {0.0, 1e-9, 0.1, 0.5, 0.9, 1.0}) {
    CHECK(d.quantile(u) >= 0.0);
    CHECK(d.quantile(u) <= 1.0);
  }
  CHECK(d.mean() == Approx(numeric_mean(d)).epsilon(1e-4));
  // One-sided truncation of a standard normal at 0: mean sqrt(2/pi).
  const auto half = Distribution::normal(0, 1).truncated(0.0, std::nullopt);
  CHECK(half.mean() == Approx(std::sqrt(2 / M_PI)).epsilon(1e-9));
  CHECK(half.quantile(0.5) == Approx(0.6744898).epsilon(1e-6));

  const auto ln = Distribution::lognormal(1.0, 0.5).truncated(0.5, 2.0);
  CHECK(ln.mean() == Approx(numeric_mean(ln)).epsilon(1e-4));
  const auto tr = Distribution::triangular(0, 1, 4).truncated(0.5, 3.0);
  CHECK(tr.mean() == Approx(numeric_mean(tr)).epsilon(1e-4));
  const auto be = Distribution::beta(0.5, 0.5).truncated(0.1, 0.6);
  CHECK(be.mean() == Approx(numeric_mean(be)).epsilon(1e-4));
  const auto un = Distribution::uniform(0, 10).truncated(2.0, 20.0);
  CHECK(un.mean() == Approx(6.0));
  CHECK(un.quantile(0.5) == Approx(6.0));
}

TEST_CASE("Bad arguments and empty truncations throw", "[distribution]") {
  CHECK_THROWS_AS(Distribution::normal(0, 0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::normal(0, -1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::lognormal(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(1, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::triangular(0, 2, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::beta(0, 1), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::normal(0, 1).truncated(1.0, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::uniform(0, 1).truncated(2.0, 3.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::normal(0, 1).truncated(50.0, 60.0), std::invalid_argument);
  CHECK_THROWS_AS(Distribution::fixed(NAN), std::invalid_argument);
}

TEST_CASE("describe() names the distribution and its truncation", "[distribution]") {
  CHECK(Distribution::normal(0.3, 0.05).truncated(0.0, 1.0).describe() ==
        "normal(mean=0.3, sd=0.05) truncated to [0, 1]");
  CHECK(Distribution::lognormal(0.6, 0.2).describe() == "lognormal(median=0.6, sigma=0.2)");
  CHECK(Distribution::beta(2, 5).describe() == "beta(alpha=2, beta=5)");
}
