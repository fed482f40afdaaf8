// Validates the engine as a whole against a closed form: the M/M/1 queue's long-run mean
// number in system L = rho / (1 - rho).
#include "sim/examples/mm1_queue.h"

#include <catch2/catch.hpp>

using cmsim::examples::Mm1Params;
using cmsim::examples::run_mm1;

TEST_CASE("M/M/1 mean number in system matches rho/(1-rho)", "[mm1]") {
  // Standard error of the time average for horizon T (service rate 1) is about
  // sqrt(2 rho (1+rho) / ((1-rho)^4 T)): 0.0032 at rho=0.5 and 0.042 at rho=0.8 with T=1e6.
  // The tolerances are about 4 standard errors, relative: 2.5% and 4%.
  struct Case {
    double rho;
    double rel_tol;
  };
  for (const auto c : {Case{0.5, 0.025}, Case{0.8, 0.04}}) {
    Mm1Params p;
    p.arrival_rate = c.rho;
    p.service_rate = 1.0;
    p.horizon_days = 1e6;
    p.warmup_days = 1e4;
    p.seed = 2022;
    const auto r = run_mm1(p);
    const double theory = c.rho / (1 - c.rho);
    INFO("rho=" << c.rho << " simulated L=" << r.mean_in_system << " theory=" << theory);
    CHECK(r.mean_in_system == Approx(theory).epsilon(c.rel_tol));
    CHECK(r.utilisation == Approx(c.rho).epsilon(0.01));
    CHECK(r.arrivals >= r.departures);
  }
}

TEST_CASE("M/M/1 is identical for the same seed and differs for another", "[mm1]") {
  Mm1Params p;
  p.horizon_days = 2e4;
  p.warmup_days = 100;
  const auto a = run_mm1(p), b = run_mm1(p);
  CHECK(a.mean_in_system == b.mean_in_system);
  CHECK(a.events == b.events);
  p.seed = 2;
  CHECK(run_mm1(p).mean_in_system != a.mean_in_system);
}

TEST_CASE("M/M/1 rejects impossible parameters", "[mm1]") {
  Mm1Params p;
  p.service_rate = 0;
  CHECK_THROWS_AS(run_mm1(p), std::invalid_argument);
  p = Mm1Params{};
  p.warmup_days = p.horizon_days;
  CHECK_THROWS_AS(run_mm1(p), std::invalid_argument);
}
