// Trading within a quarter: the market re-opens when policy changes (a measure acts on its
// day), buyers buy ahead of an announced restriction, and contract inertia keeps part of
// last quarter's allocation.
#include <catch2/catch.hpp>
#include <cmath>

#include "models/market/market_model.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Date;
using engine::Quarter;

namespace {

double units(const market::RunResult& r, const std::string& product, Quarter q) {
  for (const auto& row : r.products)
    if (row.product == product && row.quarter == q) return row.units;
  return 0;
}

scenario::PolicyEvent discourage(const std::string& product, Date effective, double penalty) {
  scenario::PolicyEvent e;
  e.id = "discourage-" + product;
  e.instrument = scenario::Discourage{};
  e.announced = e.effective = effective;
  e.as<scenario::Discourage>().products = {product};
  e.as<scenario::Discourage>().utility_penalty = penalty;
  e.source = "test";
  return e;
}

/// The small market with unbounded domestic capacity (so nothing is rationed).
scenario::Scenario open_market() {
  auto s = testing::small_market();
  s.vendors[1].capacity_units_per_quarter = 0;
  return s;
}

}  // namespace

TEST_CASE("A mid-quarter Chinese measure changes that quarter's sales from its day", "[market][trading]") {
  const auto s = open_market();
  auto t = s;
  // 2023Q2 runs 1 April to 30 June (91 days); 16 May is 45 days in. A penalty this large
  // stops buying; before it, the quarter's orders deliver as chosen.
  t.events.push_back(discourage("cn_sku", Date(2023, 5, 16), 50.0));
  const auto a = market::run_market(s, 0), b = market::run_market(t, 0);
  const Quarter q2(2023, 2);
  REQUIRE(units(a, "cn_sku", q2) > 0);
  CHECK(units(b, "cn_sku", q2) == Approx(units(a, "cn_sku", q2) * 45.0 / 91.0).epsilon(1e-6));
  // Its buyers choose again for the rest of the quarter: the other cards sell more.
  CHECK(units(b, "dom", q2) > units(a, "dom", q2));
  CHECK(units(b, "flagship", q2) > units(a, "flagship", q2));
  // The quarter before is untouched.
  CHECK(units(b, "cn_sku", Quarter(2023, 1)) == units(a, "cn_sku", Quarter(2023, 1)));
}

TEST_CASE("An announced ban raises purchases of the products it names before it takes effect",
          "[market][trading][anticipation]") {
  auto s = open_market();
  auto rule = testing::tpp_rule("ban", Date(2023, 6, 1), 4800);  // the flagship, TPP 15824
  rule.announced = Date(2023, 4, 1);
  s.events.push_back(rule);
  auto unannounced = s;
  unannounced.events.back().announced = unannounced.events.back().effective;
  const auto ahead = market::run_market(s, 0), surprise = market::run_market(unannounced, 0);
  const Quarter q2(2023, 2);
  // Announced on the quarter's first day: the flagship's buyers buy
  // anticipation_pull_forward more of it until the ban.
  CHECK(units(ahead, "flagship", q2) ==
        Approx(units(surprise, "flagship", q2) * (1 + s.parameters.anticipation_pull_forward)).epsilon(1e-6));
  CHECK(units(ahead, "flagship", Quarter(2023, 1)) == units(surprise, "flagship", Quarter(2023, 1)));
  // What they bought ahead is owed from the next quarter: they buy less then.
  double next_ahead = 0, next_surprise = 0;
  for (const char* p : {"cn_sku", "dom"}) {
    next_ahead += units(ahead, p, Quarter(2023, 3));
    next_surprise += units(surprise, p, Quarter(2023, 3));
  }
  CHECK(next_ahead < next_surprise);
  // Announced mid-quarter: trading reopens on the announcement day and they buy ahead from
  // then, in that quarter (not only from the next quarter's start).
  auto mid = s;
  mid.events.back().announced = Date(2023, 5, 1);
  CHECK(units(market::run_market(mid, 0), "flagship", q2) > units(surprise, "flagship", q2));
  // Without foresight there is no difference.
  s.parameters.anticipation_pull_forward = 0;
  unannounced.parameters.anticipation_pull_forward = 0;
  CHECK(units(market::run_market(s, 0), "flagship", q2) == units(market::run_market(unannounced, 0), "flagship", q2));
}

TEST_CASE("Contract inertia: buyers keep part of last quarter's allocation while it is on offer",
          "[market][trading][inertia]") {
  auto s = open_market();
  for (auto& b : s.buyers) b.demand_growth_sd = 0;
  // A price cut on the domestic card from 2023Q1 (a subsidy by product).
  scenario::PolicyEvent cut;
  cut.id = "cut";
  cut.instrument = scenario::Subsidy{};
  cut.announced = cut.effective = Date(2023, 1, 1);
  cut.as<scenario::Subsidy>().products = {"dom"};
  cut.as<scenario::Subsidy>().price_reduction = 0.5;
  cut.source = "test";
  s.events.push_back(cut);
  const auto share = [](const market::RunResult& r, Quarter q) {
    return units(r, "dom", q) / (units(r, "dom", q) + units(r, "flagship", q) + units(r, "cn_sku", q));
  };
  s.parameters.contract_inertia = 0;
  const auto free = market::run_market(s, 0);
  s.parameters.contract_inertia = 0.8;
  const auto sticky = market::run_market(s, 0);
  s.parameters.contract_inertia = 1.0;
  const auto locked = market::run_market(s, 0);
  const Quarter before(2022, 4), after(2023, 1);
  // The first quarter has no history: inertia changes nothing there.
  CHECK(share(sticky, Quarter(2022, 1)) == Approx(share(free, Quarter(2022, 1))).epsilon(1e-12));
  // After the cut the domestic share jumps without inertia, moves part way with it, and not
  // at all when every buyer keeps its whole allocation.
  CHECK(share(free, after) > share(free, before) + 0.01);
  CHECK(share(sticky, after) > share(sticky, before));
  CHECK(share(sticky, after) - share(sticky, before) < 0.5 * (share(free, after) - share(free, before)));
  CHECK(share(locked, after) == Approx(share(locked, before)).epsilon(1e-6));
}

TEST_CASE("Contract inertia never keeps a product that became illegal", "[market][trading][inertia]") {
  auto s = open_market();
  s.parameters.contract_inertia = 1.0;
  s.events.push_back(testing::tpp_rule("ban", Date(2023, 1, 1), 4800));
  const auto r = market::run_market(s, 0);
  CHECK(units(r, "flagship", Quarter(2022, 4)) > 0);
  CHECK(units(r, "flagship", Quarter(2023, 1)) == 0.0);
  CHECK(units(r, "dom", Quarter(2023, 1)) > units(r, "dom", Quarter(2022, 4)));
}
