// Captive supply (docs/scenarios.md, vendors `captive_buyers`): a vendor whose products only
// named buyer segments may buy (T-Head's accelerators for Alibaba's cloud, Kunlunxin's for
// Baidu). Other segments never see its products, whatever their price.
#include <catch2/catch.hpp>

#include "models/market/market_model.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Quarter;

namespace {

double total_units(const market::RunResult& r, const std::string& product) {
  double u = 0;
  for (const auto& row : r.products)
    if (row.product == product) u += row.units;
  return u;
}

scenario::Vendor& vendor(scenario::Scenario& s, const std::string& id) {
  for (auto& v : s.vendors)
    if (v.id == id) return v;
  FAIL("no vendor " << id);
  return s.vendors.front();
}

}  // namespace

TEST_CASE("A captive vendor sells nothing to segments it does not serve, even at a give-away price",
          "[market][captive]") {
  auto s = testing::small_market();
  s.buyers[0].training_pflops_per_quarter = 0;  // the clouds want nothing...
  s.buyers[0].inference_tbps_per_quarter = 0;
  s.products[2].price_usd = 1;  // ...and the domestic card costs $1
  const auto open = market::run_market(s, 0);
  REQUIRE(total_units(open, "dom") > 0);  // the state segment buys it when it may

  vendor(s, "huawei").captive_buyers = {"clouds"};
  const auto captive = market::run_market(s, 0);
  CHECK(total_units(captive, "dom") == 0);
  CHECK(total_units(captive, "flagship") + total_units(captive, "cn_sku") > 0);  // demand went elsewhere
}

TEST_CASE("Captive to every segment is the same as open supply, byte for byte", "[market][captive]") {
  auto s = testing::small_market();
  const auto open = market::run_market(s, 3);
  vendor(s, "huawei").captive_buyers = {"clouds", "state"};
  const auto all = market::run_market(s, 3);
  REQUIRE(open.products.size() == all.products.size());
  for (std::size_t i = 0; i < open.products.size(); ++i) {
    CHECK(open.products[i].units == all.products[i].units);
    CHECK(open.products[i].revenue_usd == all.products[i].revenue_usd);
  }
}

TEST_CASE("A captive vendor's named segment still buys it", "[market][captive]") {
  auto s = testing::small_market();
  s.buyers[1].training_pflops_per_quarter = 0;  // only the clouds want compute
  s.buyers[1].inference_tbps_per_quarter = 0;
  const auto open = market::run_market(s, 0);
  vendor(s, "huawei").captive_buyers = {"clouds"};
  const auto captive = market::run_market(s, 0);
  CHECK(total_units(captive, "dom") > 0);
  CHECK(total_units(captive, "dom") == total_units(open, "dom"));
}

TEST_CASE("A captive vendor is closed to other segments also where buyers' own licence draws decide legality",
          "[market][captive]") {
  // A licence granted to half the buyers leaves each buyer's legality to its own draw, so
  // the options are listed buyer by buyer, not once for the segment (procurement.cpp).
  auto s = testing::small_market();
  s.buyers[0].training_pflops_per_quarter = 0;
  s.buyers[0].inference_tbps_per_quarter = 0;
  s.products[2].price_usd = 1;
  scenario::PolicyEvent lic;
  lic.id = "half-licensed";
  lic.announced = lic.effective = s.start;
  lic.description = lic.source = "test";
  scenario::LicenceRequirement l;
  l.products = {"flagship"};
  l.grant_probability = 0.5;
  lic.instrument = l;
  lic.risk_shock = 0;
  s.events.push_back(lic);
  const auto open = market::run_market(s, 0);
  REQUIRE(total_units(open, "dom") > 0);
  REQUIRE(total_units(open, "flagship") > 0);  // some buyers were granted: the draws decide

  vendor(s, "huawei").captive_buyers = {"clouds"};
  const auto captive = market::run_market(s, 0);
  CHECK(total_units(captive, "dom") == 0);
}
