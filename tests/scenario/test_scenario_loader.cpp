// Loading a valid scenario: every section reaches the typed structs; distributions give
// their mean and an uncertain parameter with a working setter.
#include "models/scenario/scenario_loader.h"

#include <catch2/catch.hpp>
#include <cmath>

#include "sim/engine/input_error.h"

using namespace cmsim::scenario;
using cmsim::engine::Date;

namespace {
const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/";
}

TEST_CASE("A complete small scenario loads into the typed structs", "[scenario]") {
  const Scenario s = load_scenario(DATA + "mini.yaml");
  CHECK(s.name == "mini");
  CHECK(s.path == DATA + "mini.yaml");
  CHECK(s.start == Date(2020, 1, 1));
  CHECK(s.end == Date(2026, 12, 31));
  CHECK(s.seed == 42);
  CHECK(s.parameters.beta_risk == 3.5);
  CHECK(s.parameters.risk_shock == Approx(0.3));
  CHECK(s.parameters.beta_value == 2.0);  // default kept
  REQUIRE(s.ecosystems.size() == 2);
  CHECK(s.ecosystems[1].origin == Origin::DOMESTIC);
  CHECK(s.ecosystems[1].vendor_investment_per_quarter == 0.02);
  REQUIRE(s.vendors.size() == 2);
  CHECK(s.vendors[0].name == "Nvidia");
  CHECK(s.vendors[1].name == "huawei");  // defaults to the id
  REQUIRE(s.vendors[0].redesign);
  CHECK(s.vendors[0].redesign->lag_days == 150);
  REQUIRE(s.vendors[1].capacity_ceiling.size() == 2);
  CHECK(s.vendors[1].capacity_ceiling[1].units_per_quarter == 300000);
  REQUIRE(s.products.size() == 4);
  const Product& h20 = *s.find_product("h20");
  CHECK(h20.tpp() == 148 * 16);
  CHECK(h20.end_of_sale == Date(2026, 12, 31));
  CHECK(h20.unit_cost_usd == 6000);
  CHECK(h20.china_specific);
  CHECK_FALSE(h20.uses_hbm);
  CHECK(h20.launch_requires == std::vector<std::string>{"ac-2023"});
  CHECK(h20.line == 38);
  CHECK(h20.price_usd > 12400);  // mean of the truncated normal, near 12500
  CHECK(h20.price_usd < 12600);
  REQUIRE(s.buyers.size() == 2);
  CHECK(s.buyers[0].kind == BuyerKind::CLOUD);
  CHECK(s.buyers[0].count == 4);
  CHECK(s.buyers[0].readiness_inference.at("cann") == 0.5);
  CHECK(s.buyers[0].demand_growth_annual == Approx(0.6 * std::exp(0.02)));
  CHECK(s.buyers[1].state_owned);
  CHECK(s.developers.agents == 200);
  CHECK(s.developers.initial_shares.at("cuda") == 0.92);
  CHECK(s.routes.size() == 2);
  REQUIRE(s.events.size() == 11);
  const PolicyEvent& ac = s.events[1];
  CHECK(ac.kind() == "amend_rule");
  REQUIRE(ac.is<AmendRule>());
  const auto& restricts = ac.as<AmendRule>().restricts.predicate;
  REQUIRE(restricts);
  CHECK(restricts->kind == Predicate::Kind::ANY_OF);
  CHECK(restricts->children[1].children[1].metric == Metric::PERFORMANCE_DENSITY);
  CHECK(restricts->children[1].children[1].value == 5.92);
  const PolicyEvent& discourage = *s.find_event("cn-discourage");
  REQUIRE(discourage.requires_.size() == 1);
  CHECK(discourage.requires_[0].probability == 0.7);
  CHECK(discourage.requires_[0].lag_days == 30);
  // Dates follow the required event: h20-deal effective 2025-08-11 + 30 days.
  CHECK(discourage.effective == Date(2025, 9, 10));
  CHECK(discourage.announced == Date(2025, 9, 10));
  CHECK(discourage.as<Discourage>().buyer_kinds == std::vector<BuyerKind>{BuyerKind::STATE, BuyerKind::CLOUD});
  CHECK(s.find_event("subsidy")->as<Subsidy>().origins == std::vector<Origin>{Origin::DOMESTIC});
  CHECK(s.find_event("boom")->as<DemandShock>().workload == Workload::INFERENCE);
  CHECK(s.find_event("h20-deal")->as<LicenceRequirement>().targets == std::vector<std::string>{"h20-licence"});
}

TEST_CASE("Distributions become uncertain parameters with setters", "[scenario]") {
  Scenario s = load_scenario(DATA + "mini.yaml");
  REQUIRE(s.uncertain.size() == 3);
  CHECK(s.uncertain[0].path == "parameters.risk_shock");
  CHECK(s.uncertain[0].distribution.kind() == cmsim::engine::Distribution::Kind::UNIFORM);
  CHECK(s.uncertain[1].path == "products[1].price_usd");
  CHECK(s.uncertain[2].path == "buyers[0].demand_growth_annual");
  for (auto& u : s.uncertain) {
    const double x = u.distribution.quantile(0.9);
    u.apply(s, x);
  }
  CHECK(s.parameters.risk_shock == Approx(0.38));
  CHECK(s.products[1].price_usd > 12500);
  CHECK(s.buyers[0].demand_growth_annual > 0.6);
  // A copy keeps working setters (they index, not point).
  Scenario copy = s;
  copy.uncertain[0].apply(copy, 0.25);
  CHECK(copy.parameters.risk_shock == 0.25);
  CHECK(s.parameters.risk_shock == Approx(0.38));
}
