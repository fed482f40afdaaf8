// The factored logit choice (choice_weights.h) against eq. 2 and 4 computed directly in
// log-sum-exp form: every probability of every buyer, workload and option of the baseline
// at several dates of its policy history, with risk and penalties varied, agrees to 1e-12
// relative. It would catch a factor left out or counted twice (risk on a domestic product,
// the state preference on a private buyer, readiness's exponent, the diversion penalty on
// a legal quote), and the weights not refreshed after the policy changes.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <utility>

#include "models/market/choice_weights.h"
#include "models/market/clearing.h"
#include "models/market/legality.h"
#include "models/market/logit.h"
#include "models/market/market_state.h"
#include "models/market/procurement.h"
#include "models/market/readiness.h"
#include "models/scenario/rules_in_force.h"
#include "models/scenario/scenario_loader.h"

using namespace cmsim;
using namespace cmsim::market;
using engine::Date;
using engine::Quarter;

namespace {

const std::string SRC = CMSIM_SOURCE_DIR;

/// The largest relative difference between the factored and the direct probabilities over
/// every buyer and workload; `compared` counts the probabilities above zero.
double worst_relative_difference(MarketState& m, std::size_t& compared) {
  const ClosedOptions none_closed(2 * m.products.size(), 0), empty;
  ChoiceScratch c, fast;
  std::vector<double> u, direct;
  double worst = 0;
  for (std::size_t bi = 0; bi < m.buyers.size(); ++bi)
    for (int w = 0; w < WORKLOADS; ++w) {
      const auto& opts = m.options[bi];
      choice_probabilities(m, bi, w, none_closed, c);
      const std::size_t n = c.n;
      // An empty list (a clearing's first round: nothing closed) offers the same, bit for bit.
      choice_probabilities(m, bi, w, empty, fast);
      REQUIRE(fast.n == n);
      for (std::size_t k = 0; k <= n; ++k) {
        if (k < n) REQUIRE(fast.offered[k] == c.offered[k]);
        REQUIRE(fast.weights[k] == c.weights[k]);
        REQUIRE(fast.shares[k] == c.shares[k]);
      }
      // Each option's item among those offered (its product and route), if any.
      std::vector<double> factored(opts.size() + 1, 0.0);
      std::size_t matched = 0;
      for (std::size_t k = 0; k < opts.size(); ++k)
        for (std::size_t j = 0; j < n; ++j) {
          const MenuItem& it = c.menu[c.offered[j]];
          if (it.product != opts[k].product || it.diverted != opts[k].diverted) continue;
          ++matched;
          factored[k] = c.shares[j];
          REQUIRE(c.weights[j] == option_weight(m, bi, w, opts[k]));  // the same lookup
        }
      REQUIRE(matched == n);  // every item offered is one of the buyer's options, once
      factored.back() = c.shares[n];
      u.assign(opts.size() + 1, NEG_INF);
      for (std::size_t k = 0; k < opts.size(); ++k) u[k] = option_utility(m, bi, w, opts[k]);
      u.back() = m.p.outside_utility;
      direct.assign(u.size(), 0.0);
      logit_probabilities(u, direct);
      for (std::size_t k = 0; k < u.size(); ++k) {
        REQUIRE((direct[k] == 0) == (factored[k] == 0));
        if (direct[k] == 0) continue;
        ++compared;
        worst = std::max(worst, std::abs(factored[k] - direct[k]) / direct[k]);
      }
    }
  return worst;
}

}  // namespace

TEST_CASE("Factored choice: probabilities equal the direct log-sum-exp formula to 1e-12", "[market][choice]") {
  auto s = scenario::load_scenario(SRC + "/scenarios/baseline.yaml");
  MarketState m(s, 3);
  const auto when = scenario::scenario_event_dates(s);
  std::vector<std::pair<Date, const scenario::PolicyEvent*>> order;  // the events that happen, in date order
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (when[i]) order.emplace_back(*when[i], &s.events[i]);
  std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::size_t next = 0, compared = 0, grey = 0;
  engine::RandomStream draw({1, 2, 3, 4});
  for (const Date on : {Date(2020, 3, 1), Date(2023, 1, 15), Date(2024, 6, 1), Date(2025, 8, 1), Date(2027, 2, 1)}) {
    for (; next < order.size() && order[next].first <= on; ++next)
      m.regime.apply(*order[next].second, order[next].first);
    for (auto& ps : m.products) ps.launched = ps.spec.launch <= on;
    for (auto& b : m.buyers) {
      b.risk = draw.uniform();  // risk and readiness as far from their start as they get
      for (int w = 0; w < WORKLOADS; ++w)
        for (double& r : b.readiness[w]) r = draw.uniform() < 0.2 ? 0.0 : 0.05 + 0.95 * draw.uniform();
    }
    open_quarter(m, Quarter::of(on));
    refresh_policy(m);
    refresh_log_readiness(m);
    const auto flow = grey_supply(m);
    quote_products(m, flow);
    gather_options(m);
    for (const auto& opts : m.options)
      for (const auto& o : opts) grey += o.diverted;
    weigh_choices(m);
    CHECK(worst_relative_difference(m, compared) <= 1e-12);
  }
  CHECK(compared > 10000);  // every buyer, workload and date contributed
  CHECK(grey > 0);          // grey quotes were among the options
}

TEST_CASE("Factored choice: stale weights are caught (the refresh is what keeps them right)", "[market][choice]") {
  auto s = scenario::load_scenario(SRC + "/scenarios/baseline.yaml");
  MarketState m(s, 0);
  open_quarter(m, Quarter::of(s.start));
  refresh_policy(m);
  refresh_log_readiness(m);
  quote_products(m, grey_supply(m));
  gather_options(m);
  weigh_choices(m);
  std::size_t compared = 0;
  CHECK(worst_relative_difference(m, compared) <= 1e-12);
  for (auto& b : m.buyers) b.risk += 0.5;  // a risk shock the weights have not seen
  CHECK(worst_relative_difference(m, compared) > 1e-3);
  weigh_choices(m);
  CHECK(worst_relative_difference(m, compared) <= 1e-12);
}
