// One behaviour test per policy lever and per buyer-choice and dynamics parameter, on the
// small hand-built market of test_scenario_fixture.h. Each fails if the effect is removed
// or reversed; where a closed form exists it pins the size. Most use the first quarter
// (2022Q1), where no growth, readiness or risk dynamics have acted yet, and a market that
// buys training only, so that a product's units are its buyers' logit share over its
// service per card (docs/model.md §5.2) and ratios of units are ratios of exp(utility).
#include <catch2/catch.hpp>
#include <cmath>

#include "models/market/market_model.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Date;
using engine::Quarter;
using scenario::BuyerKind;
using namespace scenario;  // the instrument types
using scenario::Origin;
using scenario::PolicyEvent;

namespace {

const Quarter Q1(2022, 1);

double units(const market::RunResult& r, const std::string& product, Quarter q) {
  for (const auto& row : r.products)
    if (row.product == product && row.quarter == q) return row.units;
  return 0;
}

double revenue(const market::RunResult& r, const std::string& product, Quarter q) {
  for (const auto& row : r.products)
    if (row.product == product && row.quarter == q) return row.revenue_usd;
  return 0;
}

double series(const market::RunResult& r, const std::string& name, Quarter q) {
  return r.timeseries.get(r.timeseries.id(name), q);
}

/// Cloud buyers only, training only, domestic capacity unbounded, no US risk: a market in
/// which the first quarter's units follow the logit in closed form.
scenario::Scenario training_market() {
  return testing::clouds_training(0);  // domestic capacity unbounded
}

PolicyEvent event(const std::string& id, scenario::Instrument instrument, Date effective) {
  PolicyEvent e;
  e.id = id;
  e.instrument = std::move(instrument);
  e.announced = e.effective = effective;
  e.description = id;
  e.source = "test";
  return e;
}

/// A licence on `products` from 2022-01-01 that every buyer gets, with no risk shock (so only
/// its terms differ between runs).
PolicyEvent granted_licence(const std::vector<std::string>& products) {
  auto lic = event("lic", LicenceRequirement{}, Date(2022, 1, 1));
  lic.as<LicenceRequirement>().products = products;
  lic.as<LicenceRequirement>().grant_probability = 1.0;
  lic.risk_shock = 0;
  return lic;
}

/// ln(units a / units b) in a quarter.
double log_ratio(const market::RunResult& r, const std::string& a, const std::string& b, Quarter q = Q1) {
  return std::log(units(r, a, q) / units(r, b, q));
}

/// Training performance of the fixture's domestic card relative to an H100 (eq. 3:
/// 320/989 TFLOPS, interconnect 392 GB/s above the 200 GB/s knee, elasticity 0.3),
/// times the clouds' CANN training readiness 0.3.
double ln_perf_dom() { return std::log(320.0 / 989.0 * std::pow(392.0 / 900.0, 0.3) * 0.3); }

}  // namespace

// ---- policy events ---------------------------------------------------------------------

TEST_CASE("Lever export_rule: products of the covered origin that match stop selling", "[levers]") {
  auto s = training_market();
  const auto base = market::run_market(s, 0);
  auto us = s;
  us.events.push_back(testing::tpp_rule("ban", Date(2022, 1, 1), 4800));
  const auto r = market::run_market(us, 0);
  CHECK(units(r, "flagship", Q1) == 0.0);                     // TPP 15824 >= 4800
  CHECK(units(r, "cn_sku", Q1) > units(base, "cn_sku", Q1));  // TPP 2368: buyers move to it
  CHECK(units(r, "dom", Q1) > units(base, "dom", Q1));        // and to the domestic card
  auto dom_rule = s;                                          // the same rule on domestic origin
  dom_rule.events.push_back(testing::tpp_rule("ban", Date(2022, 1, 1), 4800));
  dom_rule.events.back().as<scenario::ExportRule>().restricts.origins = {Origin::DOMESTIC};
  dom_rule.events.back().risk_shock = 0;  // a US rule raises perceived US risk by default
  const auto d = market::run_market(dom_rule, 0);
  CHECK(units(d, "dom", Q1) == 0.0);  // TPP 5120
  CHECK(units(d, "flagship", Q1) > units(base, "flagship", Q1));
}

TEST_CASE("Lever licence_requirement: grant probability 0 bans, 1 allows, in between grants that share of buyers",
          "[levers]") {
  auto s = training_market();
  s.buyers[0].count = 200;
  s.buyers[0].training_pflops_per_quarter *= 200.0 / 3.0;  // the same demand per buyer
  auto with = [&](double p) {
    auto t = s;
    auto lic = event("lic", LicenceRequirement{}, Date(2022, 1, 1));
    lic.as<LicenceRequirement>().products = {"flagship"};
    lic.as<LicenceRequirement>().grant_probability = p;
    lic.risk_shock = 0;  // the same perceived risk whatever p, so only the grants differ
    t.events.push_back(lic);
    return market::run_market(t, 0);
  };
  const auto none = market::run_market(s, 0);
  const auto p0 = with(0.0), p1 = with(1.0), half = with(0.5), low = with(0.2);
  CHECK(units(p0, "flagship", Q1) == 0.0);
  CHECK(units(p1, "flagship", Q1) == Approx(units(none, "flagship", Q1)).epsilon(1e-12));
  // Identical buyers: flagship units are (buyers granted) × (units of one granted buyer).
  const double granted = units(half, "flagship", Q1) / units(p1, "flagship", Q1) * 200;
  CHECK(granted == Approx(std::round(granted)).margin(1e-6));
  CHECK(granted >= 70);  // Binomial(200, 0.5): 100 ± 30 is > 6 sd
  CHECK(granted <= 130);
  // The draws nest: a buyer granted at 0.2 is granted at 0.5.
  CHECK(units(low, "flagship", Q1) < units(half, "flagship", Q1));
  CHECK(units(low, "flagship", Q1) > 0);
  // The products table says whether anyone may buy it.
  for (const auto& row : p0.products)
    if (row.product == "flagship" && row.quarter == Q1) CHECK_FALSE(row.legal);
  for (const auto& row : half.products)
    if (row.product == "flagship" && row.quarter == Q1) CHECK(row.legal);
}

TEST_CASE("Lever licence processing_lag_days: no licence before effective + lag, the market re-opens on that day",
          "[levers][licence]") {
  auto s = training_market();
  auto with_lag = [&](double days) {
    auto t = s;
    t.events.push_back(granted_licence({"flagship"}));
    t.events.back().as<LicenceRequirement>().processing_lag_days = days;
    return market::run_market(t, 0);
  };
  const auto none = market::run_market(s, 0);
  const auto lag0 = with_lag(0), lag45 = with_lag(45), lag90 = with_lag(90), forever = with_lag(5000);
  const Quarter Q2(2022, 2);
  CHECK(units(lag0, "flagship", Q1) == Approx(units(none, "flagship", Q1)).epsilon(1e-12));
  CHECK(units(lag90, "flagship", Q1) == 0.0);  // 2022-01-01 + 90 days = 2022-04-01
  CHECK(units(lag90, "flagship", Q2) > 0.0);
  CHECK(units(lag45, "flagship", Q1) > 0.0);  // from 2022-02-15: about half the quarter
  CHECK(units(lag45, "flagship", Q1) < 0.75 * units(lag0, "flagship", Q1));
  CHECK(units(lag45, "flagship", Q1) > 0.25 * units(lag0, "flagship", Q1));
  // The products table says so too: legal at the close of the quarter its licences opened in
  // (the legality memo of the processing days is forgotten when they end).
  for (const auto& row : lag45.products)
    if (row.product == "flagship" && row.quarter == Q1) CHECK(row.legal);
  double ever = 0;
  for (const auto& row : forever.products)
    if (row.product == "flagship") ever += row.units;
  CHECK(ever == 0.0);
  CHECK(units(forever, "dom", Q1) > units(none, "dom", Q1));  // its buyers went elsewhere
}

TEST_CASE("Lever licence volume_cap_units_per_quarter: licensed sales stop at the cap, the rest buy elsewhere",
          "[levers][licence]") {
  auto s = training_market();
  auto with_cap = [&](double cap) {
    auto t = s;
    t.events.push_back(granted_licence({"flagship", "cn_sku"}));
    t.events.back().as<LicenceRequirement>().volume_cap_units_per_quarter = cap;
    return market::run_market(t, 0);
  };
  const auto open = with_cap(0);  // no cap
  const double licensed = units(open, "flagship", Q1) + units(open, "cn_sku", Q1);
  REQUIRE(licensed > 0);
  const auto half = with_cap(0.5 * licensed);
  // Both products share one cap: together they sell exactly the cap.
  CHECK(units(half, "flagship", Q1) + units(half, "cn_sku", Q1) == Approx(0.5 * licensed).epsilon(1e-9));
  CHECK(units(half, "dom", Q1) > units(open, "dom", Q1));
  // A cap that does not bind changes nothing.
  const auto loose = with_cap(10 * licensed);
  CHECK(units(loose, "flagship", Q1) == units(open, "flagship", Q1));
  CHECK(units(loose, "dom", Q1) == units(open, "dom", Q1));
}

TEST_CASE("Lever licence fee_share and fee_pass_through: price paid and vendor's net in closed form", "[levers]") {
  auto s = training_market();
  auto lic = event("lic", LicenceRequirement{}, Date(2022, 1, 1));
  lic.as<LicenceRequirement>().products = {"flagship"};
  lic.as<LicenceRequirement>().grant_probability = 1.0;
  lic.as<LicenceRequirement>().fee_share = 0.15;
  s.events.push_back(lic);
  for (double pass : {0.0, 0.5, 1.0}) {
    INFO("pass-through " << pass);
    s.parameters.fee_pass_through = pass;
    const auto r = market::run_market(s, 0);
    const double u = units(r, "flagship", Q1);
    REQUIRE(u > 0);
    const double price = 25000 * (1 + pass * 0.15);
    CHECK(revenue(r, "flagship", Q1) / u == Approx(price * 0.85).epsilon(1e-12));
    CHECK(series(r, "licence_fees_usd", Q1) == Approx(u * price * 0.15).epsilon(1e-12));
  }
  // Passing the fee on raises the price buyers see: fewer flagships are bought.
  s.parameters.fee_pass_through = 0.0;
  const double kept = units(market::run_market(s, 0), "flagship", Q1);
  s.parameters.fee_pass_through = 1.0;
  CHECK(units(market::run_market(s, 0), "flagship", Q1) < kept);
}

TEST_CASE("Lever lift: a lifted rule stops restricting from the lift's date", "[levers]") {
  auto s = training_market();
  s.events.push_back(testing::tpp_rule("ban", Date(2022, 4, 1), 4800));
  auto lift = event("lift", Lift{}, Date(2023, 1, 1));
  lift.as<Lift>().targets = {"ban"};
  s.events.push_back(lift);
  const auto r = market::run_market(s, 0);
  CHECK(units(r, "flagship", Quarter(2022, 1)) > 0);
  CHECK(units(r, "flagship", Quarter(2022, 2)) == 0.0);
  CHECK(units(r, "flagship", Quarter(2022, 4)) == 0.0);
  CHECK(units(r, "flagship", Quarter(2023, 1)) > 0);
}

TEST_CASE("Lever amend_rule: the amended predicate applies from the amendment's date", "[levers]") {
  auto s = training_market();
  s.events.push_back(testing::tpp_rule("ban", Date(2022, 4, 1), 4800));
  auto amend = event("amend", AmendRule{}, Date(2023, 1, 1));
  amend.as<AmendRule>().targets = {"ban"};
  amend.as<AmendRule>().restricts =
      testing::tpp_rule("x", Date(2023, 1, 1), 1000).as<ExportRule>().restricts;  // TPP >= 1000
  s.events.push_back(amend);
  const auto r = market::run_market(s, 0);
  CHECK(units(r, "flagship", Quarter(2022, 4)) == 0.0);
  CHECK(units(r, "cn_sku", Quarter(2022, 4)) > 0);     // TPP 2368 < 4800
  CHECK(units(r, "cn_sku", Quarter(2023, 1)) == 0.0);  // 2368 >= 1000
  CHECK(units(r, "flagship", Quarter(2023, 1)) == 0.0);
  // Loosened instead (TPP >= 20000): the flagship (15824) sells again.
  s.events.back().as<AmendRule>().restricts =
      testing::tpp_rule("x", Date(2023, 1, 1), 20000).as<ExportRule>().restricts;
  const auto loose = market::run_market(s, 0);
  CHECK(units(loose, "flagship", Quarter(2023, 1)) > 0);
}

TEST_CASE("Lever entity_list: a listed segment buys no US product and its risk jumps to 1", "[levers]") {
  auto s = training_market();
  auto listing = event("listing", EntityList{}, Date(2022, 1, 1));
  listing.as<EntityList>().buyers = {"clouds"};
  s.events.push_back(listing);
  const auto r = market::run_market(s, 0);
  for (Quarter q = Q1; q <= Quarter(2024, 4); q = q.next()) {
    CHECK(units(r, "flagship", q) == 0.0);
    CHECK(units(r, "cn_sku", q) == 0.0);
  }
  CHECK(units(r, "dom", Q1) > 0);
  // Risk jumps to 1 and decays once by the close of the quarter.
  CHECK(series(r, "mean_us_risk", Q1) == Approx(1.0 - s.parameters.risk_decay_per_quarter).epsilon(1e-12));
}

TEST_CASE("Lever supply_control: the named vendor's capacity is multiplied", "[levers]") {
  auto s = training_market();
  s.products[2].price_usd = 500;  // demand exceeds any capacity here
  s.vendors[1].capacity_units_per_quarter = 20000;
  s.vendors[1].capacity_growth_per_quarter = 0;
  CHECK(units(market::run_market(s, 0), "dom", Q1) == Approx(20000).epsilon(1e-12));
  auto sc = event("hbm", SupplyControl{}, Date(2022, 1, 1));
  sc.as<SupplyControl>().vendors = {"huawei"};
  sc.as<SupplyControl>().capacity_multiplier = 0.4;
  s.events.push_back(sc);
  CHECK(units(market::run_market(s, 0), "dom", Q1) == Approx(8000).epsilon(1e-12));
  s.events.back().as<SupplyControl>().vendors = {"nvidia"};  // another vendor's control leaves it alone
  CHECK(units(market::run_market(s, 0), "dom", Q1) == Approx(20000).epsilon(1e-12));
}

namespace {
/// The training market with the flagship banned from the start and one grey route
/// us → hub → china (capacity per leg, mark-ups 0.2 + 0.1).
scenario::Scenario grey_market(double capacity) {
  auto s = training_market();
  s.events.push_back(testing::tpp_rule("ban", Date(2022, 1, 1), 4800));
  s.routes = {{"us-hub", "us", "hub", capacity, 0.2, "test"}, {"hub-cn", "hub", "china", capacity, 0.1, "test"}};
  return s;
}
}  // namespace

TEST_CASE("Lever enforcement: route capacity is multiplied and the mark-up raised", "[levers]") {
  // Capacity binds: diversion is the route's capacity, times the enforcement multiplier.
  auto tight = grey_market(1000);
  CHECK(series(market::run_market(tight, 0), "diverted_units", Q1) == Approx(1000).epsilon(1e-9));
  auto enf = event("enf", Enforcement{}, Date(2022, 1, 1));
  enf.as<Enforcement>().capacity_multiplier = 0.5;
  tight.events.push_back(enf);
  CHECK(series(market::run_market(tight, 0), "diverted_units", Q1) == Approx(500).epsilon(1e-9));
  tight.events.back().as<Enforcement>().routes = {"hub-cn"};  // one leg is enough to halve the path
  CHECK(series(market::run_market(tight, 0), "diverted_units", Q1) == Approx(500).epsilon(1e-9));

  // Capacity ample: the grey price is list × (1 + mark-up of the path), so a mark-up added
  // on every leg (routes empty: all) shifts the grey card's log-odds against the domestic
  // card by −beta_value × ln((1.3 + 2a) / 1.3).
  auto ample = grey_market(1e9);
  const auto before = market::run_market(ample, 0);
  REQUIRE(units(before, "flagship", Q1) > 0);
  CHECK(series(before, "diverted_units", Q1) == Approx(units(before, "flagship", Q1)));
  auto markup = event("markup", Enforcement{}, Date(2022, 1, 1));
  markup.as<Enforcement>().markup_add = 0.5;
  ample.events.push_back(markup);
  const auto after = market::run_market(ample, 0);
  CHECK(log_ratio(after, "flagship", "dom") - log_ratio(before, "flagship", "dom") ==
        Approx(-ample.parameters.beta_value * std::log(2.3 / 1.3)).epsilon(1e-9));
}

TEST_CASE("Lever procurement_mandate: a mandate of 1 gives state buyers 100% domestic", "[levers]") {
  auto s = testing::small_market();
  s.buyers.erase(s.buyers.begin());  // state buyers only
  s.vendors[1].capacity_units_per_quarter = 0;
  const auto free = market::run_market(s, 0);
  REQUIRE(units(free, "flagship", Q1) > 0);
  auto mandate = event("mandate", ProcurementMandate{}, Date(2022, 1, 1));
  mandate.as<ProcurementMandate>().buyer_kinds = {BuyerKind::STATE};
  mandate.as<ProcurementMandate>().domestic_share_min = 1.0;
  s.events.push_back(mandate);
  const auto full = market::run_market(s, 0);
  CHECK(units(full, "flagship", Q1) == 0.0);
  CHECK(units(full, "cn_sku", Q1) == 0.0);
  CHECK(series(full, "domestic_share_units", Q1) == 1.0);
  s.events.back().as<ProcurementMandate>().domestic_share_min = 0.5;
  const auto half = market::run_market(s, 0);
  CHECK(series(half, "domestic_share_units", Q1) > series(free, "domestic_share_units", Q1));
  CHECK(series(half, "domestic_share_units", Q1) < 1.0);
  s.events.back().as<ProcurementMandate>().buyer_kinds = {
      BuyerKind::CLOUD};  // a mandate on other buyers changes nothing
  CHECK(units(market::run_market(s, 0), "flagship", Q1) == units(free, "flagship", Q1));
}

TEST_CASE("Lever discourage: a penalty by product or origin lowers log-odds by exactly the penalty", "[levers]") {
  auto s = training_market();
  const auto base = market::run_market(s, 0);
  auto by_product = s;
  auto d = event("d", Discourage{}, Date(2022, 1, 1));
  d.as<Discourage>().products = {"flagship"};
  d.as<Discourage>().utility_penalty = 0.7;
  by_product.events.push_back(d);
  const auto p = market::run_market(by_product, 0);
  CHECK(log_ratio(p, "flagship", "dom") - log_ratio(base, "flagship", "dom") == Approx(-0.7).epsilon(1e-9));
  CHECK(log_ratio(p, "cn_sku", "dom") == Approx(log_ratio(base, "cn_sku", "dom")).epsilon(1e-9));

  auto by_origin = s;
  d.as<Discourage>().products.clear();
  d.as<Discourage>().origins = {Origin::US};
  by_origin.events.push_back(d);
  const auto o = market::run_market(by_origin, 0);
  CHECK(log_ratio(o, "flagship", "dom") - log_ratio(base, "flagship", "dom") == Approx(-0.7).epsilon(1e-9));
  CHECK(log_ratio(o, "cn_sku", "dom") - log_ratio(base, "cn_sku", "dom") == Approx(-0.7).epsilon(1e-9));

  by_origin.events.back().as<Discourage>().buyer_kinds = {BuyerKind::STATE};  // not these buyers
  CHECK(units(market::run_market(by_origin, 0), "flagship", Q1) == units(base, "flagship", Q1));
}

TEST_CASE("Lever subsidy: by origin, vendor or product the price paid falls by exactly the subsidy", "[levers]") {
  auto s = training_market();
  const auto base = market::run_market(s, 0);
  REQUIRE(revenue(base, "dom", Q1) / units(base, "dom", Q1) == Approx(15000).epsilon(1e-12));
  auto sub = event("sub", Subsidy{}, Date(2022, 1, 1));
  sub.as<Subsidy>().price_reduction = 0.1;
  const auto with = [&](auto set) {
    auto t = s;
    auto e = sub;
    set(e);
    t.events.push_back(e);
    return market::run_market(t, 0);
  };
  const auto by_origin = with([](PolicyEvent& e) { e.as<Subsidy>().origins = {Origin::DOMESTIC}; });
  const auto by_vendor = with([](PolicyEvent& e) { e.as<Subsidy>().vendors = {"huawei"}; });
  const auto by_product = with([](PolicyEvent& e) { e.as<Subsidy>().products = {"dom"}; });
  for (const auto* r : {&by_origin, &by_vendor, &by_product}) {
    CHECK(revenue(*r, "dom", Q1) / units(*r, "dom", Q1) == Approx(13500).epsilon(1e-12));
    CHECK(units(*r, "dom", Q1) > units(base, "dom", Q1));
    CHECK(revenue(*r, "flagship", Q1) / units(*r, "flagship", Q1) == Approx(25000).epsilon(1e-12));
  }
  // Cheaper by 10%: log-odds against the flagship rise by −beta_value × ln(0.9).
  CHECK(log_ratio(by_origin, "dom", "flagship") - log_ratio(base, "dom", "flagship") ==
        Approx(-s.parameters.beta_value * std::log(0.9)).epsilon(1e-9));
  // Two subsidies multiply.
  auto both = s;
  auto a = sub, b = sub;
  a.as<Subsidy>().origins = {Origin::DOMESTIC};
  b.id = "sub2";
  b.as<Subsidy>().products = {"dom"};
  b.as<Subsidy>().price_reduction = 0.2;
  both.events = {a, b};
  const auto r = market::run_market(both, 0);
  CHECK(revenue(r, "dom", Q1) / units(r, "dom", Q1) == Approx(15000 * 0.9 * 0.8).epsilon(1e-12));
}

TEST_CASE("Lever demand_shock: a workload's demand is multiplied", "[levers]") {
  auto s = training_market();
  const auto base = market::run_market(s, 0);
  auto shock = event("boom", DemandShock{}, Date(2022, 1, 1));
  shock.as<DemandShock>().workload = scenario::Workload::TRAINING;
  shock.as<DemandShock>().demand_multiplier = 2.5;
  s.events.push_back(shock);
  const auto r = market::run_market(s, 0);
  for (const char* p : {"flagship", "cn_sku", "dom"})
    CHECK(units(r, p, Q1) == Approx(2.5 * units(base, p, Q1)).epsilon(1e-12));
  s.events.back().as<DemandShock>().workload = scenario::Workload::INFERENCE;  // these buyers want no inference
  CHECK(units(market::run_market(s, 0), "flagship", Q1) == units(base, "flagship", Q1));
}

// ---- buyer choice ----------------------------------------------------------------------

TEST_CASE("Parameter beta_value and beta_performance: log-odds move by the closed form", "[levers][choice]") {
  auto s = training_market();
  // Flagship: performance 1 (the reference card) at the reference price; domestic card:
  // ln_perf_dom() at 15000/25000 of the price.
  const double value_gap = (0.0 - 0.0) - (ln_perf_dom() - std::log(0.6));
  const double perf_gap = 0.0 - ln_perf_dom();
  const auto at = [&](double bv, double bp) {
    auto t = s;
    t.parameters.beta_value = bv;
    t.parameters.beta_performance = bp;
    return log_ratio(market::run_market(t, 0), "flagship", "dom");
  };
  CHECK(at(3.0, 1.0) - at(1.0, 1.0) == Approx(2.0 * value_gap).epsilon(1e-9));
  CHECK(at(2.0, 2.5) - at(2.0, 0.5) == Approx(2.0 * perf_gap).epsilon(1e-9));
}

TEST_CASE("Parameter beta_risk: US log-odds fall by beta_risk x perceived risk", "[levers][choice]") {
  auto s = training_market();
  s.buyers[0].initial_us_risk = 0.4;
  const auto at = [&](double beta) {
    auto t = s;
    t.parameters.beta_risk = beta;
    return log_ratio(market::run_market(t, 0), "flagship", "dom");
  };
  CHECK(at(2.5) - at(0.0) == Approx(-2.5 * 0.4).epsilon(1e-9));
}

TEST_CASE("Parameter beta_state_domestic: state buyers' domestic log-odds rise by it", "[levers][choice]") {
  auto s = testing::small_market();
  s.buyers.erase(s.buyers.begin());  // state buyers only
  s.buyers[0].inference_tbps_per_quarter = 0;
  s.vendors[1].capacity_units_per_quarter = 0;
  const auto at = [&](double beta) {
    auto t = s;
    t.parameters.beta_state_domestic = beta;
    return log_ratio(market::run_market(t, 0), "dom", "flagship");
  };
  CHECK(at(1.5) - at(0.0) == Approx(1.5).epsilon(1e-9));
  s.buyers[0].state_owned = false;  // the preference is for state-owned buyers only
  CHECK(at(1.5) - at(0.0) == Approx(0.0).margin(1e-9));
}

TEST_CASE("Parameter diversion_penalty: grey log-odds fall by the penalty", "[levers][choice]") {
  auto s = grey_market(1e9);
  const auto at = [&](double pen) {
    auto t = s;
    t.parameters.diversion_penalty = pen;
    return log_ratio(market::run_market(t, 0), "flagship", "dom");
  };
  CHECK(at(2.0) - at(0.5) == Approx(-1.5).epsilon(1e-9));
}

// ---- dynamics --------------------------------------------------------------------------

TEST_CASE("Parameter risk_shock: a restrictive US event raises risk by shock x (1 - risk)", "[levers][risk]") {
  auto s = training_market();
  s.buyers[0].initial_us_risk = 0.4;
  s.events.push_back(testing::tpp_rule("nothing", Date(2022, 2, 1), 1e9));  // restricts no product
  const double decay = s.parameters.risk_decay_per_quarter;
  for (double shock : {0.0, 0.3, 0.6}) {
    s.parameters.risk_shock = shock;
    CHECK(series(market::run_market(s, 0), "mean_us_risk", Q1) ==
          Approx((0.4 + shock * 0.6) * (1 - decay)).epsilon(1e-12));
  }
  s.events.back().risk_shock = 0.5;  // an event's own shock overrides the parameter
  CHECK(series(market::run_market(s, 0), "mean_us_risk", Q1) == Approx((0.4 + 0.5 * 0.6) * (1 - decay)).epsilon(1e-12));
  // A Chinese measure is not a US restriction: no shock by default.
  auto d = event("d", Discourage{}, Date(2022, 2, 1));
  d.as<Discourage>().origins = {Origin::US};
  s.events.back() = d;
  CHECK(series(market::run_market(s, 0), "mean_us_risk", Q1) == Approx(0.4 * (1 - decay)).epsilon(1e-12));
}

TEST_CASE("Parameter risk_decay_per_quarter: risk decays geometrically", "[levers][risk]") {
  auto s = training_market();
  s.buyers[0].initial_us_risk = 0.5;
  s.parameters.risk_decay_per_quarter = 0.1;
  const auto r = market::run_market(s, 0);
  int k = 1;
  for (Quarter q = Q1; q <= Quarter(2024, 4); q = q.next(), ++k)
    CHECK(series(r, "mean_us_risk", q) == Approx(0.5 * std::pow(0.9, k)).epsilon(1e-12));
}

TEST_CASE("Parameter readiness rates and purchase weight drive the domestic share over time", "[levers][readiness]") {
  auto s = training_market();
  s.buyers[0].demand_growth_sd = 0;
  // Readiness moves toward max(initial, maturity × reach) (docs/model.md §5.7): from a low
  // start, CANN's rises.
  s.buyers[0].readiness_training["cann"] = 0.05;
  const auto dom_share = [](const market::RunResult& r, Quarter q) { return series(r, "domestic_share_units", q); };
  // No readiness learning, no risk, no events: each quarter's choice is the first's.
  auto frozen = s;
  frozen.parameters.readiness_rate_training = 0;
  frozen.parameters.readiness_rate_inference = 0;
  const auto f = market::run_market(frozen, 0);
  for (Quarter q = Q1; q <= Quarter(2024, 4); q = q.next())
    CHECK(dom_share(f, q) == Approx(dom_share(f, Q1)).epsilon(1e-12));
  // Learning: CANN readiness rises toward its maturity, so the domestic share rises.
  s.parameters.readiness_rate_training = 0.3;
  const auto fast = market::run_market(s, 0);
  s.parameters.readiness_rate_training = 0.05;
  const auto slow = market::run_market(s, 0);
  CHECK(dom_share(fast, Quarter(2024, 4)) > 1.5 * dom_share(fast, Q1));
  CHECK(dom_share(fast, Quarter(2023, 4)) > dom_share(slow, Quarter(2023, 4)));
  // The target weighs own purchases against developers' shares: the weight matters.
  s.parameters.readiness_purchase_weight = 1.0;
  const auto own = market::run_market(s, 0);
  s.parameters.readiness_purchase_weight = 0.0;
  const auto devs = market::run_market(s, 0);
  CHECK(std::abs(dom_share(own, Quarter(2024, 4)) - dom_share(devs, Quarter(2024, 4))) > 1e-4);
}

TEST_CASE("Vendor capacity_growth_per_quarter: a sold-out vendor grows geometrically", "[levers][capacity]") {
  auto s = training_market();
  s.products[2].price_usd = 500;  // always sold out
  s.vendors[1].capacity_units_per_quarter = 20000;
  s.vendors[1].capacity_growth_per_quarter = 0.1;
  const auto r = market::run_market(s, 0);
  int k = 0;
  for (Quarter q = Q1; q <= Quarter(2024, 4); q = q.next(), ++k)
    CHECK(units(r, "dom", q) == Approx(20000 * std::pow(1.1, k)).epsilon(1e-9));
  s.vendors[1].capacity_growth_per_quarter = 0;
  CHECK(units(market::run_market(s, 0), "dom", Quarter(2024, 4)) == Approx(20000).epsilon(1e-12));
}

TEST_CASE("Lever lift of an entity listing: the segment may buy US products again", "[levers]") {
  auto s = training_market();
  auto listing = event("listing", EntityList{}, Date(2022, 1, 1));
  listing.as<EntityList>().buyers = {"clouds"};
  auto lift = event("delisting", Lift{}, Date(2023, 1, 1));
  lift.as<Lift>().targets = {"listing"};
  s.events = {listing, lift};
  const auto r = market::run_market(s, 0);
  CHECK(units(r, "flagship", Quarter(2022, 4)) == 0.0);
  CHECK(units(r, "flagship", Quarter(2023, 1)) > 0);
}

TEST_CASE("A product launched mid-quarter delivers from its launch day", "[levers][launch]") {
  auto s = training_market();
  const auto full = market::run_market(s, 0);
  s.products[2].launch = Date(2022, 2, 15);  // 45 of 2022Q1's 90 days have passed
  const auto late = market::run_market(s, 0);
  // Ordered at the quarter's start like any other product, delivered over what is left.
  CHECK(units(late, "dom", Q1) == Approx(units(full, "dom", Q1) * 45.0 / 90.0).epsilon(1e-12));
  CHECK(units(late, "flagship", Q1) == Approx(units(full, "flagship", Q1)).epsilon(1e-12));
}

TEST_CASE("Lever import_approval: a gate with approval 0 lets nothing through whatever the utility", "[levers][gate]") {
  auto s = training_market();
  s.products[0].price_usd = 1;  // the flagship is overwhelmingly attractive
  auto gate = event("gate", ImportApproval{}, Date(2022, 1, 1));
  gate.as<ImportApproval>().products = {"flagship"};
  gate.as<ImportApproval>().approval_probability = 0.0;
  s.events.push_back(gate);
  const auto r = market::run_market(s, 0);
  for (Quarter q = Q1; q <= Quarter(2024, 4); q = q.next()) CHECK(units(r, "flagship", q) == 0.0);
  CHECK(units(r, "dom", Q1) > 0);
  // By vendor: every product of it, the China SKU too.
  s.events.back().as<ImportApproval>().products.clear();
  s.events.back().as<ImportApproval>().vendors = {"nvidia"};
  const auto v = market::run_market(s, 0);
  CHECK(units(v, "cn_sku", Q1) == 0.0);
  // Exempt buyers (a gate for state buyers only) are not stopped.
  s.events.back().as<ImportApproval>().buyer_kinds = {BuyerKind::STATE};
  CHECK(units(market::run_market(s, 0), "flagship", Q1) > 0);
}

TEST_CASE("Lever import_approval: approval probability is the share of buyers let through", "[levers][gate]") {
  auto s = training_market();
  s.buyers[0].count = 200;
  s.buyers[0].training_pflops_per_quarter *= 200.0 / 3.0;
  const auto with = [&](double p) {
    auto t = s;
    auto gate = event("gate", ImportApproval{}, Date(2022, 1, 1));
    gate.as<ImportApproval>().products = {"flagship"};
    gate.as<ImportApproval>().approval_probability = p;
    t.events.push_back(gate);
    return market::run_market(t, 0);
  };
  const auto all = with(1.0), half = with(0.5);
  const double approved = units(half, "flagship", Q1) / units(all, "flagship", Q1) * 200;
  CHECK(approved == Approx(std::round(approved)).margin(1e-6));
  CHECK(approved >= 70);
  CHECK(approved <= 130);
  CHECK(units(all, "flagship", Q1) == Approx(units(market::run_market(s, 0), "flagship", Q1)).epsilon(1e-12));
}
