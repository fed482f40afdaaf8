// Behaviour of the developer population: exact initial counts, conservation, closed-form
// hazard curves, symmetry, lock-in and determinism. Expected values are computed here from
// the equations in docs/ecosystem.md, independently of the library's code path.
#include "models/ecosystem/developer_population.h"

#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <iostream>
#include <numeric>
#include <vector>

#include "tests/ecosystem/ecosystem_test_support.h"

using cmsim::ecosystem::DeveloperPopulation;
using cmsim::ecosystem::testing::make_scenario;
using cmsim::ecosystem::testing::mean;
using cmsim::ecosystem::testing::sample_sd;

namespace {

constexpr int QUARTERS = 44;  // 2024Q1–2034Q4, the baseline horizon's order of magnitude

// Logit choice probabilities of an agent in `from`, given the utilities before the switching
// cost (U without −c·[e ≠ from]).
std::vector<double> logit_row(const std::vector<double>& utility, std::size_t from, double switching_cost) {
  std::vector<double> p(utility.size());
  double max_u = -1e300;
  for (std::size_t e = 0; e < utility.size(); ++e)
    max_u = std::max(max_u, utility[e] - (e == from ? 0 : switching_cost));
  double total = 0;
  for (std::size_t e = 0; e < utility.size(); ++e) {
    p[e] = std::exp(utility[e] - (e == from ? 0 : switching_cost) - max_u);
    total += p[e];
  }
  for (double& x : p) x /= total;
  return p;
}

}  // namespace

TEST_CASE("Initial counts match the shares by largest remainder, then are shuffled", "[ecosystem]") {
  auto sc = make_scenario({{"cuda", 0.5}, {"cann", 0.3}, {"neuware", 0.2}}, 7);
  DeveloperPopulation small(sc, 0);
  // 3.5, 2.1, 1.4 → floors 3, 2, 1 and the one left over goes to the largest remainder (0.5).
  CHECK(small.agents_in(0) == 4);
  CHECK(small.agents_in(1) == 2);
  CHECK(small.agents_in(2) == 1);

  sc = make_scenario({{"cuda", 1.0 / 3}, {"cann", 1.0 / 3}, {"neuware", 1.0 / 3}}, 1000, "small_world");
  DeveloperPopulation pop(sc, 0);
  CHECK(pop.agents_in(0) == 334);  // tie on remainders: lower index first
  CHECK(pop.agents_in(1) == 333);
  CHECK(pop.agents_in(2) == 333);
  CHECK(pop.shares()[0] == Approx(0.334));
  const auto st = pop.agent_ecosystems();
  // Shuffled: the first 100 agents are not all the first ecosystem (as an unshuffled fill would be).
  CHECK(std::count(st.begin(), st.begin() + 100, 0u) < 60);
  CHECK(pop.developers_per_agent() == Approx(1500.0));
  CHECK(pop.cuda_index() == 0);
}

TEST_CASE("An empty population keeps the initial shares and maturity still learns", "[ecosystem]") {
  auto sc = make_scenario({{"cuda", 3.0}, {"cann", 1.0}}, 0);  // normalised to 0.75 / 0.25
  sc.parameters.maturity_learning = 0.1;
  sc.ecosystems[1].vendor_investment_per_quarter = 0.02;
  DeveloperPopulation pop(sc, 0);
  const std::array<double, 2> pull{0.2, 0.8};
  for (int t = 0; t < 8; ++t) pop.step(pull, pull);
  CHECK(pop.agent_count() == 0);
  CHECK(pop.shares()[0] == Approx(0.75));
  CHECK(pop.shares()[1] == Approx(0.25));
  CHECK(pop.developers_in(0) == Approx(0.75 * 1.5e6));
  CHECK(pop.left_cuda_cumulative() == 0.0);
  // m_t = 1 − (1 − m0)·(1 − λ·s − v)^t exactly when shares are fixed.
  CHECK(pop.maturity()[0] == Approx(1 - 0.5 * std::pow(1 - 0.1 * 0.75, 8)).epsilon(1e-12));
  CHECK(pop.maturity()[1] == Approx(1 - 0.5 * std::pow(1 - 0.1 * 0.25 - 0.02, 8)).epsilon(1e-12));
}

TEST_CASE("Bad input is rejected with a message", "[ecosystem]") {
  auto sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 100);
  sc.developers.initial_shares["rocm"] = 0.1;
  CHECK_THROWS_WITH(DeveloperPopulation(sc, 0), Catch::Contains("unknown ecosystem \"rocm\""));
  sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 100, "scale_free");
  CHECK_THROWS_WITH(DeveloperPopulation(sc, 0), Catch::Contains("expected one of: complete, none, small_world"));
  sc = make_scenario({{"cuda", 0.0}, {"cann", 0.0}}, 100);
  CHECK_THROWS_WITH(DeveloperPopulation(sc, 0), Catch::Contains("all zero"));
  sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 100);
  DeveloperPopulation pop(sc, 0);
  const std::array<double, 3> three{0.3, 0.3, 0.4};
  const std::array<double, 2> two{0.5, 0.5};
  const std::array<double, 2> negative{-0.1, 1.1};
  CHECK_THROWS_WITH(pop.step(three, two), Catch::Contains("expected 2 compute shares"));
  CHECK_THROWS_WITH(pop.step(two, negative), Catch::Contains("finite and >= 0"));
}

TEST_CASE("Developers are conserved every quarter", "[ecosystem]") {
  auto sc = make_scenario({{"cuda", 0.8}, {"cann", 0.12}, {"neuware", 0.05}, {"dtk", 0.03}}, 3000, "small_world");
  sc.parameters.maturity_learning = 0.05;
  DeveloperPopulation pop(sc, 3);
  double left_sum = 0;
  for (int t = 0; t < QUARTERS; ++t) {
    // A pull that drifts toward the domestic ecosystems and is not normalised.
    const double d = t / static_cast<double>(QUARTERS);
    const std::array<double, 4> fresh{0.7 - 0.5 * d, 0.2 + 0.4 * d, 0.05, 0.05 + 0.1 * d};
    const std::array<double, 4> installed{0.85 - 0.3 * d, 0.1 + 0.2 * d, 0.03, 0.02};
    pop.step(fresh, installed);
    std::uint32_t agents = 0;
    double developers = 0, shares = 0;
    for (int e = 0; e < 4; ++e) {
      agents += pop.agents_in(e);
      developers += pop.developers_in(e);
      shares += pop.shares()[e];
      CHECK(pop.maturity()[e] >= 0.0);
      CHECK(pop.maturity()[e] <= 1.0);
    }
    REQUIRE(agents == 3000);
    REQUIRE(static_cast<std::uint32_t>(std::count(pop.agent_ecosystems().begin(), pop.agent_ecosystems().end(), 0u)) ==
            pop.agents_in(0));
    CHECK(developers == Approx(1.5e6));
    CHECK(shares == Approx(1.0));
    CHECK(pop.left_cuda_this_quarter() >= 0.0);
    left_sum += pop.left_cuda_this_quarter();
    CHECK(pop.left_cuda_cumulative() == Approx(left_sum));
  }
  CHECK(pop.quarters() == QUARTERS);
  CHECK(pop.left_cuda_cumulative() > 0.0);  // the pull moved somebody
}

TEST_CASE("Without interaction, shares follow the Markov chain of logit hazards", "[ecosystem][closed-form]") {
  // Network none, maturity fixed, constant pull: every agent is an independent Markov chain
  // with P(i→j) = r·logit_j(U − c·[j≠i]) for j ≠ i. E[share(t)] = share(0)·M^t exactly.
  auto sc = make_scenario({{"cuda", 0.7}, {"cann", 0.2}, {"neuware", 0.1}}, 2000);
  auto& p = sc.parameters;
  p.dev_revision_rate = 0.2;
  p.dev_beta_jobs = 3.0;
  p.dev_beta_peers = 2.0;  // no neighbours: irrelevant
  p.dev_beta_maturity = 2.0;
  p.dev_switching_cost = 1.0;
  p.dev_jobs_new_weight = 0.5;
  sc.ecosystems[0].initial_maturity = 0.5;
  sc.ecosystems[1].initial_maturity = 0.8;
  sc.ecosystems[2].initial_maturity = 0.3;
  const std::array<double, 3> fresh{0.3, 0.6, 0.1};
  const std::array<double, 3> installed{0.6, 0.3, 0.1};
  std::vector<double> u(3);
  for (std::size_t e = 0; e < 3; ++e)
    u[e] = p.dev_beta_jobs * (0.5 * fresh[e] + 0.5 * installed[e]) +
           p.dev_beta_maturity * sc.ecosystems[e].initial_maturity;
  std::array<std::array<double, 3>, 3> m{};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto row = logit_row(u, i, p.dev_switching_cost);
    for (std::size_t j = 0; j < 3; ++j) m[i][j] = p.dev_revision_rate * row[j] + (i == j ? 1 - p.dev_revision_rate : 0);
  }

  // Pool replications: observed counts summed over R independent populations.
  const int reps = 10;
  const double n_total = 2000.0 * reps;
  std::vector<std::array<double, 3>> observed(QUARTERS + 1, {0, 0, 0});
  std::array<double, 3> start{0, 0, 0};
  double left_cuda = 0;
  for (int r = 0; r < reps; ++r) {
    DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
    for (int e = 0; e < 3; ++e) start[e] += pop.agents_in(e);
    for (int t = 1; t <= QUARTERS; ++t) {
      pop.step(fresh, installed);
      for (int e = 0; e < 3; ++e) observed[t][e] += pop.agents_in(e);
    }
    left_cuda += pop.left_cuda_cumulative() / pop.developers_per_agent();
  }

  // Per origin group g: P(g in e at t) = (M^t)[g][e]; counts are sums of independent
  // Bernoulli draws, so Var = Σ_g n_g·P(1−P).
  std::array<std::array<double, 3>, 3> mt{};
  for (int i = 0; i < 3; ++i) mt[i][i] = 1.0;
  double max_z = 0, expected_left = 0;
  for (int t = 1; t <= QUARTERS; ++t) {
    // Expected CUDA leavers this quarter: (expected agents in CUDA at t−1)·P(leave CUDA).
    double in_cuda_before = 0;
    for (int g = 0; g < 3; ++g) in_cuda_before += start[g] * mt[g][0];
    expected_left += in_cuda_before * (1 - m[0][0]);
    std::array<std::array<double, 3>, 3> next{};
    for (int g = 0; g < 3; ++g)
      for (int j = 0; j < 3; ++j)
        for (int k = 0; k < 3; ++k) next[g][j] += mt[g][k] * m[k][j];
    mt = next;
    for (int e = 0; e < 3; ++e) {
      double expect = 0, var = 0;
      for (int g = 0; g < 3; ++g) {
        expect += start[g] * mt[g][e];
        var += start[g] * mt[g][e] * (1 - mt[g][e]);
      }
      max_z = std::max(max_z, std::abs(observed[t][e] - expect) / std::sqrt(var));
    }
  }
  INFO("largest |z| over 44 quarters × 3 ecosystems: " << max_z);
  CHECK(max_z < 4.5);
  // The chain really moved (expected 0.70 → 0.28): far more than the tolerance.
  CHECK(start[0] - observed[QUARTERS][0] > 0.3 * n_total);
  // Gross outflow: a sum of Bernoulli draws; its sd is below √expected.
  CHECK(std::abs(left_cuda - expected_left) < 4.5 * std::sqrt(expected_left));
}

TEST_CASE("Two ecosystems: origin share follows S(t) = π + (1−π)(1−h−g)^t → (1−h)^t", "[ecosystem][closed-form]") {
  // All developers start in CUDA. h = r·P(leave), g = r·P(return). Survival in the origin is
  // (1−h)^t; the share in the origin adds the returns: S(t) = π + (1−π)(1−h−g)^t, π = g/(h+g).
  // Here g is made tiny (the rival is far more attractive), so S(t) ≈ (1−h)^t, the
  // logit-hazard (Bass p-only, q = 0) curve.
  auto sc = make_scenario({{"cuda", 1.0}, {"cann", 0.0}}, 5000, "none");
  auto& p = sc.parameters;
  p.dev_revision_rate = 0.1;
  p.dev_beta_jobs = 4.0;
  p.dev_beta_maturity = 0.0;
  p.dev_switching_cost = 3.0;
  const std::array<double, 2> pull{0.0, 1.0};  // all jobs in the rival: U = (0, 4)
  const double p_leave = std::exp(4.0 - 3.0) / (1 + std::exp(4.0 - 3.0));
  const double p_return = std::exp(0.0 - 3.0) / (std::exp(4.0) + std::exp(-3.0));
  const double h = p.dev_revision_rate * p_leave, g = p.dev_revision_rate * p_return;
  const double pi = g / (h + g);
  const int reps = 4;
  std::vector<double> share(QUARTERS + 1, 0.0);
  for (int r = 0; r < reps; ++r) {
    DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
    for (int t = 1; t <= QUARTERS; ++t) {
      pop.step(pull, pull);
      share[t] += pop.shares()[0] / reps;
    }
  }
  const double n = 5000.0 * reps;
  for (int t = 1; t <= QUARTERS; t += 1) {
    const double s = pi + (1 - pi) * std::pow(1 - h - g, t);
    const double se = std::sqrt(std::max(s * (1 - s), 1e-9) / n);
    INFO("quarter " << t << ": observed " << share[t] << ", closed form " << s << ", (1−h)^t " << std::pow(1 - h, t));
    CHECK(std::abs(share[t] - s) < 4.5 * se + 1e-12);
    // The pure survival curve differs only by the returns, which are < 0.1% here.
    CHECK(std::abs(share[t] - std::pow(1 - h, t)) < 4.5 * se + 1e-3);
  }
}

TEST_CASE("Complete graph with peers: each quarter's step matches the mean-field (Bass-type) hazard",
          "[ecosystem][closed-form]") {
  // On a complete graph every agent in one ecosystem faces the same hazard, a function of
  // last quarter's counts only (synchronous update). Conditional on the counts (n_A, n_B):
  //   leave A: h(F) = r·σ(U_B − c + β_p·n_B/(N−1) − U_A − β_p·(n_A−1)/(N−1)),
  // the discrete-time mean-field form of Bass's f/(1−F) = p + qF with the imitation term
  // entering through the logit (to first order p = h(0), q = h'(0)). The number of movers
  // is binomial, so each quarter's change has a known mean and variance: standardised
  // residuals must look N(0,1).
  auto sc = make_scenario({{"cuda", 0.97}, {"cann", 0.03}}, 2000, "complete");
  auto& p = sc.parameters;
  p.dev_revision_rate = 0.25;
  p.dev_beta_jobs = 5.0;
  p.dev_beta_peers = 2.5;
  p.dev_beta_maturity = 0.0;
  p.dev_switching_cost = 1.0;
  const std::array<double, 2> pull{0.4, 0.6};
  const double ua = 5.0 * 0.4, ub = 5.0 * 0.6;
  const double n = 2000;
  auto sigma = [](double x) { return 1 / (1 + std::exp(-x)); };
  double sum_z2 = 0;
  double max_z = 0;
  int count = 0;
  double final_b = 0;
  const int reps = 10;
  for (int r = 0; r < reps; ++r) {
    DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
    for (int t = 0; t < QUARTERS; ++t) {
      const double na = pop.agents_in(0), nb = pop.agents_in(1);
      const double h = p.dev_revision_rate *
                       sigma(ub - 1.0 + p.dev_beta_peers * nb / (n - 1) - ua - p.dev_beta_peers * (na - 1) / (n - 1));
      const double back = p.dev_revision_rate * sigma(ua - 1.0 + p.dev_beta_peers * na / (n - 1) - ub -
                                                      p.dev_beta_peers * (nb - 1) / (n - 1));
      const double mean_change = na * h - nb * back;
      const double var = na * h * (1 - h) + nb * back * (1 - back);
      pop.step(pull, pull);
      const double z = (pop.agents_in(1) - nb - mean_change) / std::sqrt(var);
      sum_z2 += z * z;
      max_z = std::max(max_z, std::abs(z));
      ++count;
    }
    final_b += pop.shares()[1] / reps;
  }
  const double mean_z2 = sum_z2 / count;
  INFO("mean z² = " << mean_z2 << " over " << count << " quarters; max |z| = " << max_z);
  CHECK(max_z < 4.5);
  // χ²(440)/440 has sd ≈ 0.067; allow ±5 sd.
  CHECK(mean_z2 > 0.66);
  CHECK(mean_z2 < 1.34);
  // And the S-curve took off: imitation carried CANN well past its start.
  CHECK(final_b > 0.5);
}

TEST_CASE("Symmetric ecosystems end symmetric across replications", "[ecosystem][symmetry]") {
  // Complete graph, 50/50, equal parameters and pull. Strong peers make the process bistable,
  // so each run tips one way; which way must be a fair coin.
  auto sc = make_scenario({{"a", 0.5}, {"b", 0.5}}, 400, "complete");
  auto& p = sc.parameters;
  p.dev_revision_rate = 0.3;
  p.dev_beta_peers = 5.0;
  p.dev_beta_maturity = 2.0;
  p.maturity_learning = 0.1;
  p.dev_switching_cost = 0.5;
  const std::array<double, 2> pull{0.5, 0.5};
  const int reps = 300;
  std::vector<double> final_a;
  int a_wins = 0, decided = 0;
  for (int r = 0; r < reps; ++r) {
    DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
    for (int t = 0; t < QUARTERS; ++t) pop.step(pull, pull);
    final_a.push_back(pop.shares()[0]);
    if (pop.shares()[0] != 0.5) {
      ++decided;
      if (pop.shares()[0] > 0.5) ++a_wins;
    }
  }
  const double m = mean(final_a), sd = sample_sd(final_a);
  INFO("mean final share of A " << m << ", sd " << sd << ", A won " << a_wins << " of " << decided);
  CHECK(sd > 0.2);  // runs did tip, so the sign test has power
  CHECK(std::abs(m - 0.5) < 4 * sd / std::sqrt(reps));
  // Sign test: wins ~ Binomial(decided, 1/2).
  CHECK(std::abs(a_wins - decided / 2.0) < 3.5 * std::sqrt(decided / 4.0));
}

TEST_CASE("Increasing returns lock in a small early lead", "[ecosystem][lock-in]") {
  // Arthur (1989): with strong increasing returns a 55/45 start ends with the leader
  // dominant in most runs. Contrast: without peers and maturity returns, it does not.
  auto run = [](double beta_peers, double beta_maturity, double learning) {
    auto sc = make_scenario({{"cuda", 0.55}, {"cann", 0.45}}, 1000, "small_world");
    auto& p = sc.parameters;
    p.dev_revision_rate = 0.3;
    p.dev_beta_jobs = 1.0;
    p.dev_beta_peers = beta_peers;
    p.dev_beta_maturity = beta_maturity;
    p.maturity_learning = learning;
    p.dev_switching_cost = 0.5;
    for (auto& e : sc.ecosystems) e.initial_maturity = 0.1;
    const std::array<double, 2> pull{0.5, 0.5};
    int dominant = 0;
    for (int r = 0; r < 100; ++r) {
      DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
      for (int t = 0; t < QUARTERS; ++t) pop.step(pull, pull);
      if (pop.shares()[0] > 0.9) ++dominant;
    }
    return dominant;
  };
  // Maturity learning slow enough (λ = 0.15) that the leader's tooling lead lasts; on a
  // small world, much stronger peer effects alone would instead freeze local clusters.
  const int strong = run(5.0, 5.0, 0.15);
  const int weak = run(0.0, 0.0, 0.0);
  INFO("leader > 0.9 share: strong returns " << strong << "/100, none " << weak << "/100");
  CHECK(strong >= 80);
  CHECK(weak <= 5);
}

TEST_CASE("Same seed and replication replay exactly, and another replication differs", "[ecosystem][determinism]") {
  auto sc = make_scenario({{"cuda", 0.8}, {"cann", 0.15}, {"neuware", 0.05}}, 2000, "small_world");
  sc.parameters.maturity_learning = 0.05;
  const std::array<double, 3> fresh{0.5, 0.4, 0.1};
  const std::array<double, 3> installed{0.8, 0.15, 0.05};
  DeveloperPopulation a(sc, 5), b(sc, 5), c(sc, 6);
  bool differs = false;
  for (int t = 0; t < QUARTERS; ++t) {
    a.step(fresh, installed);
    b.step(fresh, installed);
    c.step(fresh, installed);
    REQUIRE(std::equal(a.agent_ecosystems().begin(), a.agent_ecosystems().end(), b.agent_ecosystems().begin()));
    for (int e = 0; e < 3; ++e) {
      REQUIRE(a.shares()[e] == b.shares()[e]);
      REQUIRE(a.maturity()[e] == b.maturity()[e]);
      if (a.shares()[e] != c.shares()[e]) differs = true;
    }
    REQUIRE(a.left_cuda_cumulative() == b.left_cuda_cumulative());
  }
  CHECK(differs);
  auto other_seed = sc;
  other_seed.seed += 1;
  DeveloperPopulation d(other_seed, 5);
  CHECK_FALSE(std::equal(a.agent_ecosystems().begin(), a.agent_ecosystems().end(), d.agent_ecosystems().begin()));
}

TEST_CASE("Benchmark: ns per agent-quarter", "[.][benchmark]") {
  for (const char* network : {"small_world", "complete", "none"}) {
    auto sc = make_scenario({{"cuda", 0.85}, {"cann", 0.08}, {"neuware", 0.04}, {"dtk", 0.03}}, 5000, network);
    const std::array<double, 4> fresh{0.5, 0.35, 0.1, 0.05};
    const std::array<double, 4> installed{0.8, 0.12, 0.05, 0.03};
    const int reps = 20;
    double step_ns = 0, build_ns = 0;
    for (int r = 0; r < reps; ++r) {
      const auto t0 = std::chrono::steady_clock::now();
      DeveloperPopulation pop(sc, static_cast<std::uint64_t>(r));
      const auto t1 = std::chrono::steady_clock::now();
      for (int t = 0; t < QUARTERS; ++t) pop.step(fresh, installed);
      const auto t2 = std::chrono::steady_clock::now();
      build_ns += std::chrono::duration<double, std::nano>(t1 - t0).count();
      step_ns += std::chrono::duration<double, std::nano>(t2 - t1).count();
    }
    std::cout << network << ": construction " << build_ns / reps / 1e6 << " ms, 44 quarters " << step_ns / reps / 1e6
              << " ms, " << step_ns / reps / (5000.0 * QUARTERS) << " ns per agent-quarter\n";
  }
}

// The batched draws are each agent's own stream (purpose REVISION, key = agent id), word
// 2q (revise?) and 2q + 1 (which ecosystem) in quarter q. With every weight equal and
// everyone revising, agent i ends quarter q in ecosystem [u_choice ≥ 1/2]. Catches: the
// block index off by one, the same half of the block read every quarter, or the words of
// agent i taken from another agent's key.
TEST_CASE("Each agent's uniforms are the words of its own stream, quarter after quarter", "[ecosystem]") {
  auto sc = make_scenario({{"cuda", 0.5}, {"cann", 0.5}}, 64);
  sc.parameters.dev_revision_rate = 1.0;
  sc.parameters.dev_beta_jobs = 0;
  sc.parameters.dev_beta_maturity = 0;
  sc.parameters.dev_beta_peers = 0;
  sc.parameters.dev_switching_cost = 0;
  sc.developers.growth_per_quarter = 0;
  sc.developers.attrition_per_quarter = 0;
  const std::uint64_t replication = 3;
  DeveloperPopulation pop(sc, replication);
  std::vector<cmsim::engine::RandomStream> own;
  for (std::uint64_t i = 0; i < 64; ++i) own.emplace_back(cmsim::engine::StreamKey{sc.seed, replication, 102, i});
  const std::array<double, 2> pull{0.5, 0.5};
  for (int q = 0; q < 5; ++q) {
    pop.step(pull, pull);
    int mismatches = 0;
    for (std::size_t i = 0; i < 64; ++i) {
      own[i].uniform();  // revise?
      const std::uint32_t expected = own[i].uniform() * 2.0 < 1.0 ? 0 : 1;
      mismatches += pop.agent_ecosystems()[i] != expected;
    }
    CHECK(mismatches == 0);
  }
}
