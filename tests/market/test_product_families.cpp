// Measures that name products or vendors (docs/scenarios.md, "Naming a product names its
// family"): a derivative the model derates from a named product is covered by every measure
// naming it; a product banned by name gets no derivative (a copy under a new id would escape
// the measure: the MI308 case); a vendor-wide discourage covers all of the vendor's products;
// and grey routes carry only cards made at volume (a China-only product never sold legally
// here, such as the B30A, cannot be diverted).
#include <catch2/catch.hpp>
#include <cmath>

#include "models/market/market_model.h"
#include "models/policy/policy_regime.h"
#include "models/policy/redesign.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Date;
using engine::Quarter;
using scenario::BuyerKind;
using namespace scenario;  // the instrument types
using scenario::Origin;
using scenario::PolicyEvent;

namespace {

PolicyEvent event(const std::string& id, scenario::Instrument instrument, Date effective) {
  PolicyEvent e;
  e.id = id;
  e.instrument = std::move(instrument);
  e.announced = e.effective = effective;
  e.description = id;
  e.source = "test";
  return e;
}

double units(const market::RunResult& r, const std::string& product, Quarter q) {
  for (const auto& row : r.products)
    if (row.product == product && row.quarter == q) return row.units;
  return 0;
}

bool logged(const market::RunResult& r, const std::string& text) {
  for (const auto& e : r.events)
    if (e.detail.find(text) != std::string::npos) return true;
  return false;
}

bool has_product(const market::RunResult& r, const std::string& id) {
  for (const auto& row : r.products)
    if (row.product == id) return true;
  return false;
}

}  // namespace

TEST_CASE("names() matches a product by its id or by the id of the product it derives from", "[policy][family]") {
  scenario::Product p;
  p.id = "h20-redesign-x";
  CHECK_FALSE(scenario::names({"h20"}, p));
  p.family = "h20";
  CHECK(scenario::names({"h20"}, p));
  CHECK(scenario::names({"b30a", "h20-redesign-x"}, p));
  CHECK_FALSE(scenario::names({"h200"}, p));
  p.family.clear();
  CHECK_FALSE(scenario::names({""}, p));  // an empty family never matches an empty id
}

TEST_CASE("Measures naming a product, or its vendor, cover its derivatives", "[policy][family]") {
  auto s = testing::small_market();
  auto d = event("d", Discourage{}, Date(2022, 1, 1));
  d.as<Discourage>().products = {"flagship"};
  d.as<Discourage>().utility_penalty = 0.7;
  auto v = event("v", Discourage{}, Date(2022, 1, 1));
  v.as<Discourage>().vendors = {"nvidia"};
  v.as<Discourage>().utility_penalty = 0.2;
  auto sub = event("sub", Subsidy{}, Date(2022, 1, 1));
  sub.as<Subsidy>().products = {"flagship"};
  sub.as<Subsidy>().price_reduction = 0.25;
  auto lic = event("lic", LicenceRequirement{}, Date(2022, 1, 1));
  lic.as<LicenceRequirement>().products = {"flagship"};
  s.events = {d, v, sub, lic};
  policy::PolicyRegime regime(s);
  for (const auto& e : s.events) regime.apply(e, e.effective);

  auto derivative = s.products[0];
  derivative.id = "flagship-redesign-rule";
  derivative.family = "flagship";
  CHECK(regime.utility_penalty(derivative, Origin::US, BuyerKind::CLOUD) == Approx(0.9));
  CHECK(regime.price_reduction(derivative, Origin::US) == Approx(0.25));
  CHECK(regime.licence_for(derivative, Origin::US) == &s.events[3]);
  // The vendor-wide penalty alone reaches a product the measure does not name.
  CHECK(regime.utility_penalty(s.products[1], Origin::US, BuyerKind::CLOUD) == Approx(0.2));
  CHECK(regime.utility_penalty(s.products[2], Origin::DOMESTIC, BuyerKind::CLOUD) == 0.0);
  // Without the family link the derivative would escape every measure naming the original.
  derivative.family.clear();
  CHECK(regime.utility_penalty(derivative, Origin::US, BuyerKind::CLOUD) == Approx(0.2));
  CHECK(regime.licence_for(derivative, Origin::US) == nullptr);
}

TEST_CASE("Lever discourage by vendor: log-odds of each of its products fall by exactly the penalty",
          "[levers][family]") {
  auto s = testing::clouds_training(0);
  const auto base = market::run_market(s, 0);
  auto v = event("v", Discourage{}, Date(2022, 1, 1));
  v.as<Discourage>().vendors = {"nvidia"};
  v.as<Discourage>().utility_penalty = 0.7;
  s.events.push_back(v);
  const auto r = market::run_market(s, 0);
  const Quarter q1(2022, 1);
  const auto shift = [&](const std::string& p) {
    return std::log(units(r, p, q1) / units(r, "dom", q1)) - std::log(units(base, p, q1) / units(base, "dom", q1));
  };
  CHECK(shift("flagship") == Approx(-0.7).epsilon(1e-9));
  CHECK(shift("cn_sku") == Approx(-0.7).epsilon(1e-9));
}

TEST_CASE("A product banned by name gets no derivative: a copy would be the same card under another id",
          "[market][redesign][family]") {
  auto s = testing::small_market();
  s.vendors[0].redesign = scenario::Redesign{1.0, 90, 0.02, 0.6};
  auto lic = event("by-name", LicenceRequirement{}, Date(2022, 7, 1));
  lic.as<LicenceRequirement>().products = {"cn_sku"};  // no threshold: nothing a derating could get under
  s.events.push_back(lic);
  const auto r = market::run_market(s, 0);
  CHECK(logged(r, "banned by name, not by a threshold; no derivative can comply"));
  CHECK_FALSE(has_product(r, "cn_sku-redesign-by-name"));
  // derate_to_comply returns the unchanged card; derated() is what tells it apart.
  const auto copy = policy::derate_to_comply(s.products[1], {}, 0.02);
  REQUIRE(copy);
  CHECK_FALSE(policy::derated(s.products[1], *copy));
}

TEST_CASE("A derivative is dropped when a licence no buyer is sure to get names its family",
          "[market][redesign][family]") {
  // The early-full-ban case: a letter names the flagship (no licences granted), the vendor
  // starts a derivative, and by its launch a threshold rule is in force too. Derating gets
  // it under the threshold, but the letter names its family: it is dropped, not launched.
  auto s = testing::small_market();
  s.vendors[0].redesign = scenario::Redesign{1.0, 90, 0.02, 0.6};
  auto letter = event("letter", LicenceRequirement{}, Date(2022, 7, 1));
  letter.as<LicenceRequirement>().products = {"flagship"};
  s.events = {letter, testing::tpp_rule("rule", Date(2022, 8, 1), 4800)};
  const auto r = market::run_market(s, 0);
  CHECK(logged(r, "vendor started a compliant derivative"));
  CHECK(logged(r, "derivative dropped, letter names its family"));
  CHECK_FALSE(has_product(r, "flagship-redesign-letter"));

  // The threshold rule alone: the derivative launches and sells.
  s.events = {testing::tpp_rule("rule", Date(2022, 8, 1), 4800)};
  const auto alone = market::run_market(s, 0);
  CHECK(units(alone, "flagship-redesign-rule", Quarter(2023, 1)) > 0);
}

TEST_CASE("Grey routes carry a China-only product only once it was sold legally here", "[market][grey][family]") {
  auto s = testing::clouds_training(20000);  // the small market's domestic capacity
  s.routes = {{"us-hub", "us", "hub", 1e9, 0.2, "test"}, {"hub-cn", "hub", "china", 1e9, 0.1, "test"}};
  // Banned from the first day (TPP 2368 >= 2000): never legal, never made at volume.
  auto never = s;
  never.events.push_back(testing::tpp_rule("ban", Date(2022, 1, 1), 2000));
  const auto r = market::run_market(never, 0);
  double cn = 0, flagship = 0;
  for (Quarter q(2022, 1); q <= Quarter(2022, 4); q = q.next())
    cn += units(r, "cn_sku", q), flagship += units(r, "flagship", q);
  CHECK(cn == 0.0);
  CHECK(flagship > 0);  // sold worldwide: divertible from the start

  // Sold legally in 2022, banned from 2023: the cards made for this market can leak.
  auto later = s;
  later.events.push_back(testing::tpp_rule("ban", Date(2023, 1, 1), 2000));
  const auto l = market::run_market(later, 0);
  REQUIRE(units(l, "cn_sku", Quarter(2022, 4)) > 0);
  CHECK(units(l, "cn_sku", Quarter(2023, 2)) > 0);
}
