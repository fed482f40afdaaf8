// The developer layer's inflow, outflow and milestones (docs/ecosystem.md "Inflow and
// milestones"): entrants choose without a switching cost, the real count grows by (1+g)^t,
// entrants take the stack of the job they get, milestones close a fixed share of the maturity gap, and the baseline's
// CANN milestones act on their dates and only then.
#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "models/ecosystem/developer_population.h"
#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "tests/ecosystem/ecosystem_test_support.h"

using cmsim::ecosystem::DeveloperPopulation;
using cmsim::ecosystem::testing::make_scenario;

TEST_CASE("Entrants learn the stack of their job: S(t) = j + (1−j)(1−a)^t", "[ecosystem][inflow]") {
  // Nobody revises (rate 0): the only moves are entrants, a fraction a a quarter, who pick an
  // ecosystem with probability equal to its jobs pull j (here 0.3 for CUDA), whatever the
  // utilities or the switching cost (which would keep a reviser where it is).
  auto sc = make_scenario({{"cuda", 1.0}, {"cann", 0.0}}, 5000, "none");
  sc.parameters.dev_revision_rate = 0.0;
  sc.parameters.dev_beta_jobs = 4.0;
  sc.parameters.dev_beta_maturity = 0.0;
  sc.parameters.dev_switching_cost = 50.0;
  sc.parameters.dev_jobs_new_weight = 0.5;
  sc.developers.attrition_per_quarter = 0.05;
  const std::array<double, 2> pull{0.3, 0.7};
  const double p = 0.3;
  const double a = 0.05;
  const int reps = 4, quarters = 30;
  std::vector<double> share(quarters + 1, 0.0);
  double left = 0, entrants = 0;
  for (int r = 0; r < reps; ++r) {
    DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
    for (int t = 1; t <= quarters; ++t) {
      pop.step(pull, pull);
      share[t] += pop.shares()[0] / reps;
      left += pop.left_cuda_this_quarter();
      entrants += pop.entrants_last_quarter();
    }
  }
  const double n = 5000.0 * reps;
  for (int t = 1; t <= quarters; ++t) {
    const double s = p + (1 - p) * std::pow(1 - a, t);
    const double se = std::sqrt(s * (1 - s) / n);
    INFO("quarter " << t << ": observed " << share[t] << ", closed form " << s);
    CHECK(std::abs(share[t] - s) < 4.5 * se + 1e-12);
  }
  // Entrants replace leavers: nobody "left CUDA", and a of the agents entered each quarter.
  CHECK(left == 0.0);
  const double expected_entrants = a * n * quarters;
  CHECK(std::abs(entrants - expected_entrants) < 4.5 * std::sqrt(expected_entrants));
}

TEST_CASE("Growth: the real count is D0·(1+g)^t and g/(1+g) of agents enter", "[ecosystem][inflow]") {
  auto sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 4000, "none");
  sc.developers.developers = 500000;
  sc.developers.growth_per_quarter = 0.056;
  const std::array<double, 2> pull{0.5, 0.5};
  DeveloperPopulation pop(sc, 0);
  double entrants = 0;
  for (int t = 1; t <= 20; ++t) {
    pop.step(pull, pull);
    entrants += pop.entrants_last_quarter();
    CHECK(pop.developers() == Approx(500000 * std::pow(1.056, t)).epsilon(1e-12));
    CHECK(pop.developers_in(0) + pop.developers_in(1) == Approx(pop.developers()).epsilon(1e-12));
    CHECK(pop.developers_per_agent() == Approx(pop.developers() / 4000).epsilon(1e-12));
  }
  const double expected = 0.056 / 1.056 * 4000 * 20;
  CHECK(std::abs(entrants - expected) < 4.5 * std::sqrt(expected));
}

TEST_CASE("No growth and no attrition: no entrants", "[ecosystem][inflow]") {
  auto sc = make_scenario({{"cuda", 0.9}, {"cann", 0.1}}, 1000, "small_world");
  sc.parameters.dev_revision_rate = 0.3;
  DeveloperPopulation pop(sc, 0);
  const std::array<double, 2> pull{0.2, 0.8};
  for (int t = 0; t < 8; ++t) {
    pop.step(pull, pull);
    CHECK(pop.entrants_last_quarter() == 0u);
    CHECK(pop.developers() == 1.5e6);
  }
}

TEST_CASE("A milestone closes its share of the maturity gap and bad ones are refused", "[ecosystem][milestone]") {
  auto sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 0);
  sc.ecosystems[1].initial_maturity = 0.4;
  DeveloperPopulation pop(sc, 0);
  pop.raise_maturity(1, 0.25);
  CHECK(pop.maturity()[1] == Approx(0.4 + 0.25 * 0.6).epsilon(1e-15));
  CHECK(pop.maturity()[0] == 0.5);
  pop.raise_maturity(1, 1.0);
  CHECK(pop.maturity()[1] == 1.0);
  CHECK_THROWS_AS(pop.raise_maturity(2, 0.1), std::invalid_argument);
  CHECK_THROWS_AS(pop.raise_maturity(0, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(pop.raise_maturity(0, -0.1), std::invalid_argument);
}

TEST_CASE("The baseline's CANN milestones raise maturity on their dates and not before", "[ecosystem][milestone]") {
  const auto base = cmsim::scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  const int cann = base.ecosystem_index("cann");
  REQUIRE(cann >= 0);
  const auto& ms = base.ecosystems[static_cast<std::size_t>(cann)].milestones;
  REQUIRE(ms.size() >= 2);
  auto without = base;
  without.ecosystems[static_cast<std::size_t>(cann)].milestones.clear();
  const auto with_run = cmsim::market::run_market(base, 0, cmsim::market::RunRows::ALL);
  const auto without_run = cmsim::market::run_market(without, 0, cmsim::market::RunRows::ALL);
  const auto first = cmsim::engine::Quarter::of(ms.front().date);
  int before = 0, after = 0;
  for (std::size_t i = 0; i < with_run.ecosystems.size(); ++i) {
    const auto& a = with_run.ecosystems[i];
    const auto& b = without_run.ecosystems[i];
    REQUIRE(a.quarter == b.quarter);
    REQUIRE(a.ecosystem == b.ecosystem);
    if (a.ecosystem != "cann") continue;
    if (a.quarter < first) {
      CHECK(a.maturity == b.maturity);
      ++before;
    } else {
      CHECK(a.maturity > b.maturity);
      ++after;
    }
  }
  CHECK(before > 0);
  CHECK(after > 0);
  // Each milestone is logged in events.csv under the ecosystem's id.
  const auto logged = std::count_if(with_run.events.begin(), with_run.events.end(),
                                    [](const auto& e) { return e.kind == "milestone" && e.event == "cann"; });
  CHECK(static_cast<std::size_t>(logged) == ms.size());
}
