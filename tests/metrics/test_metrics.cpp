// The metric table: the default rows reproduce timeseries.csv's series (closed-form values
// on a hand-built quarter), selectors and denominators, and the scenario's metrics:
// section (loaded, run through the market, rejected with positioned messages).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "models/market/market_model.h"
#include "models/metrics/metric_table.h"
#include "models/metrics/quarter_metrics.h"
#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"

using namespace cmsim;
using metrics::ProductOutcome;
using scenario::MetricMeasure;
using scenario::Origin;
using scenario::ProductSelector;

namespace {

const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/";
const engine::Quarter Q = engine::Quarter::of(*engine::Date::parse("2024-01-01"));

ProductOutcome product(const char* id, const char* vendor, Origin origin, const char* eco, double tpp) {
  ProductOutcome p;
  p.id = id, p.vendor = vendor, p.origin = origin, p.ecosystem = eco, p.tpp = tpp;
  return p;
}

/// Three products: a high-end Nvidia card partly diverted, a high-end Huawei card, a
/// mid-range Nvidia card with licence fees. Legal units 80 + 300 + 200 = 580, legal
/// PFLOPS 40 + 90 + 30 = 160, legal spend 1000 + 3000 + 2500 = 6500.
metrics::QuarterOutcome quarter() {
  metrics::QuarterOutcome o;
  auto a = product("a", "nvidia", Origin::US, "cuda", 5000);
  a.units = 100, a.diverted_units = 20, a.pflops = 50, a.training_pflops = 35, a.legal_training_pflops = 30;
  a.spend_usd = 1400, a.legal_spend_usd = 1000, a.vendor_revenue_usd = 900, a.fee_usd = 50;
  auto b = product("b", "huawei", Origin::DOMESTIC, "cann", 5120);
  b.units = 300, b.pflops = 90, b.training_pflops = 60, b.legal_training_pflops = 60;
  b.spend_usd = 3000, b.legal_spend_usd = 3000, b.vendor_revenue_usd = 2800;
  auto c = product("c", "nvidia", Origin::US, "cuda", 2368);
  c.units = 200, c.pflops = 30, c.training_pflops = 10, c.legal_training_pflops = 10;
  c.spend_usd = 2500, c.legal_spend_usd = 2500, c.vendor_revenue_usd = 2000, c.fee_usd = 300;
  o.products = {a, b, c};
  o.ecosystems = {{"cuda", 900, 0.9, 1.0, 7}, {"cann", 100, 0.1, 0.4, 3}};
  o.writedown_usd = 11, o.unmet_pflops = 12, o.deferred_pflops = 13, o.installed_pflops_us = 14;
  o.installed_pflops_domestic = 15, o.dev_left_cuda = 16, o.dev_left_cuda_cumulative = 17, o.mean_us_risk = 0.25;
  return o;
}

scenario::Scenario two_ecosystems() {
  scenario::Scenario s;
  s.vendors.resize(1);
  s.vendors[0].id = "nvidia";  // of origin us: the headline vendor (nvidia_* series)
  s.ecosystems.resize(2);
  s.ecosystems[0].id = "cuda";
  s.ecosystems[1].id = "cann";
  return s;
}

/// Every series of one recorded quarter, by name.
struct Recorded {
  engine::Recorder rec{Q, Q};
  double operator[](const std::string& name) const { return rec.get(rec.id(name), Q); }
};

void record(Recorded& r, const scenario::Scenario& s, const metrics::QuarterOutcome& o) {
  metrics::QuarterMetrics m(r.rec, s);
  m.record(Q, o);
}

scenario::MetricDefinition user(const char* name, ProductSelector num, std::optional<ProductSelector> den,
                                MetricMeasure m) {
  scenario::MetricDefinition d;
  d.name = name, d.numerator = std::move(num), d.denominator = std::move(den), d.measure = m;
  return d;
}

/// The messages of loading a file (empty if it loads and its table builds).
std::vector<std::string> messages_of(const std::string& file) {
  try {
    metrics::series_table(scenario::load_scenario(DATA + file));
  } catch (const engine::InputError& e) {
    return e.messages();
  }
  return {};
}

}  // namespace

// Breaks caught: any default series renamed, dropped or moved (the column contract).
TEST_CASE("The default table declares today's timeseries.csv columns in order", "[metrics]") {
  Recorded r;
  record(r, two_ecosystems(), quarter());
  const std::vector<std::string> expected = {"nvidia_share_units",
                                             "nvidia_share_compute",
                                             "nvidia_share_revenue",
                                             "nvidia_highend_training_share",
                                             "domestic_share_units",
                                             "domestic_share_compute",
                                             "domestic_share_revenue",
                                             "nvidia_china_revenue_usd",
                                             "domestic_revenue_usd",
                                             "writedown_usd",
                                             "unmet_demand_pflops",
                                             "deferred_demand_pflops",
                                             "diverted_units",
                                             "diverted_spend_usd",
                                             "installed_pflops_us",
                                             "installed_pflops_domestic",
                                             "total_units",
                                             "total_pflops",
                                             "market_spend_usd",
                                             "licence_fees_usd",
                                             "mean_us_risk",
                                             "dev_left_cuda",
                                             "dev_left_cuda_cumulative",
                                             "dev_share_cuda",
                                             "dev_share_cann",
                                             "maturity_cuda",
                                             "maturity_cann"};
  CHECK(r.rec.names() == expected);
}

// Breaks caught: shares counting diverted cards (legal share dropped), revenue shares on
// spend_usd instead of legal spend, the wrong selector or measure on any default row, an
// outcome row reading the wrong field, a per-ecosystem row reading the wrong ecosystem.
TEST_CASE("The default table gives the closed-form values of a hand-built quarter", "[metrics]") {
  Recorded r;
  record(r, two_ecosystems(), quarter());
  CHECK(r["nvidia_share_units"] == 280.0 / 580.0);
  CHECK(r["nvidia_share_compute"] == 70.0 / 160.0);
  CHECK(r["nvidia_share_revenue"] == 3500.0 / 6500.0);
  CHECK(r["nvidia_highend_training_share"] == 30.0 / 90.0);  // c is below TPP 4800
  CHECK(r["domestic_share_units"] == 300.0 / 580.0);
  CHECK(r["domestic_share_compute"] == 90.0 / 160.0);
  CHECK(r["domestic_share_revenue"] == 3000.0 / 6500.0);
  CHECK(r["nvidia_china_revenue_usd"] == 2900);
  CHECK(r["domestic_revenue_usd"] == 2800);
  CHECK(r["diverted_units"] == 20);
  CHECK(r["diverted_spend_usd"] == 400);
  CHECK(r["total_units"] == 580);
  CHECK(r["total_pflops"] == 160);
  CHECK(r["market_spend_usd"] == 6500);
  CHECK(r["licence_fees_usd"] == 350);
  CHECK(r["writedown_usd"] == 11);
  CHECK(r["unmet_demand_pflops"] == 12);
  CHECK(r["deferred_demand_pflops"] == 13);
  CHECK(r["installed_pflops_us"] == 14);
  CHECK(r["installed_pflops_domestic"] == 15);
  CHECK(r["dev_left_cuda"] == 16);
  CHECK(r["dev_left_cuda_cumulative"] == 17);
  CHECK(r["mean_us_risk"] == 0.25);
  CHECK(r["dev_share_cuda"] == 0.9);
  CHECK(r["dev_share_cann"] == 0.1);
  CHECK(r["maturity_cuda"] == 1.0);
  CHECK(r["maturity_cann"] == 0.4);
}

// Breaks caught: a row's products chosen once, at the first quarter, so that a product
// added later (a redesign) or a different product at the same position is not counted.
TEST_CASE("Each quarter's sums count the products of that quarter, also those added since", "[metrics]") {
  const engine::Quarter q2 = Q.next(), q3 = q2.next();
  engine::Recorder rec{Q, q3};
  metrics::QuarterMetrics m(rec, two_ecosystems());
  auto o = quarter();
  m.record(Q, o);
  auto d = product("d", "nvidia", Origin::US, "cuda", 6000);  // a redesign: Nvidia, high-end
  d.units = 420, d.pflops = 40, d.training_pflops = 40, d.legal_training_pflops = 40;
  o.products.push_back(d);
  m.record(q2, o);
  o.products[0] = product("e", "huawei", Origin::DOMESTIC, "cann", 5000);  // another product where a was
  o.products[0].units = 100, o.products[0].pflops = 50;
  m.record(q3, o);
  const auto at = [&](const char* name, engine::Quarter q) { return rec.get(rec.id(name), q); };
  CHECK(at("nvidia_share_units", Q) == 280.0 / 580.0);
  CHECK(at("nvidia_share_units", q2) == 700.0 / 1000.0);  // d's 420 legal units too
  CHECK(at("total_units", q2) == 1000);
  CHECK(at("nvidia_share_units", q3) == 620.0 / 1020.0);  // e is Huawei's; all its 100 units legal
  CHECK(at("domestic_share_units", q3) == 400.0 / 1020.0);
}

// Breaks caught: a share of an empty market reported as 0 (or inf) instead of NaN, and a
// level of an empty market reported as NaN instead of 0.
TEST_CASE("A share of an empty denominator is NaN, a level of nothing is 0", "[metrics]") {
  Recorded r;
  auto o = quarter();
  for (auto& p : o.products) p.tpp = 100;  // nothing high-end
  o.products[1].units = 0, o.products[1].pflops = 0;
  record(r, two_ecosystems(), o);
  CHECK(std::isnan(r["nvidia_highend_training_share"]));
  Recorded empty;
  record(empty, two_ecosystems(), metrics::QuarterOutcome{});
  CHECK(std::isnan(empty["nvidia_share_units"]));
  CHECK(std::isnan(empty["domestic_share_revenue"]));
  CHECK(empty["total_units"] == 0);
  CHECK(std::isnan(empty["dev_share_cuda"]));  // no ecosystem reported: left unset
  CHECK(metrics::ratio(1, 0) != metrics::ratio(1, 0));
  CHECK(metrics::ratio(1, 4) == 0.25);
}

// Breaks caught: any selector filter ignored or inverted (vendors, origins, ecosystems,
// products, tpp_min strict instead of at-or-above), filters joined by "or" instead of "and".
TEST_CASE("Selectors pick products by vendor, origin, ecosystem, product and TPP floor", "[metrics]") {
  const auto o = quarter();
  const auto picked = [&](const ProductSelector& sel) {
    std::string ids;
    for (const auto& p : o.products)
      if (metrics::selects(sel, p)) ids += p.id;
    return ids;
  };
  ProductSelector s;
  CHECK(picked(s) == "abc");
  s.vendors = {"nvidia"};
  CHECK(picked(s) == "ac");
  s.tpp_min = 5000;  // at or above
  CHECK(picked(s) == "a");
  s = {};
  s.origins = {Origin::DOMESTIC};
  CHECK(picked(s) == "b");
  s.origins = {Origin::DOMESTIC, Origin::US};
  CHECK(picked(s) == "abc");
  s = {};
  s.ecosystems = {"cuda"};
  CHECK(picked(s) == "ac");
  s.products = {"c", "b"};
  CHECK(picked(s) == "c");
  s = {};
  s.tpp_min = 5001;
  CHECK(picked(s) == "b");
}

// Breaks caught: a user row evaluated with the wrong measure, its denominator ignored (a
// level instead of a share) or applied to a level, user rows not appended after defaults.
TEST_CASE("User rows are appended after the defaults and evaluated like them", "[metrics]") {
  auto s = two_ecosystems();
  ProductSelector huawei, cuda, high, c;
  huawei.vendors = {"huawei"};
  c.products = {"c"};
  cuda.ecosystems = {"cuda"};
  high.tpp_min = 4800;
  s.metrics = {user("huawei_share_units", huawei, ProductSelector{}, MetricMeasure::UNITS),
               user("cuda_training_pflops", cuda, std::nullopt, MetricMeasure::TRAINING_PFLOPS),
               user("cuda_share_highend_delivered", cuda, high, MetricMeasure::DELIVERED_UNITS),
               user("fees_c", c, std::nullopt, MetricMeasure::FEE_USD)};
  Recorded r;
  record(r, s, quarter());
  const auto& names = r.rec.names();
  REQUIRE(names.size() == 27 + 4);
  CHECK(names[27] == "huawei_share_units");
  CHECK(names[30] == "fees_c");
  CHECK(r["huawei_share_units"] == 300.0 / 580.0);
  CHECK(r["cuda_training_pflops"] == 45);  // 35 + 10, diverted included
  // The numerator is its own selection (a and c: 300), not restricted to the denominator's
  // (a and b: 400); the default high-end share names tpp_min in both.
  CHECK(r["cuda_share_highend_delivered"] == 300.0 / 400.0);
  CHECK(r["fees_c"] == 300);
  const auto table = metrics::series_table(s);
  CHECK(table[27].definition() == "units of {vendors: [huawei]} / units of all");
  CHECK(table[27].unit == "fraction");
  CHECK(table[28].unit == "PFLOPS");
  CHECK(table[0].definition() == "units of {vendors: [nvidia]} / units of all");
  CHECK(table[9].definition() == "outcome writedown_usd");
  CHECK(table[23].definition() == "outcome ecosystems[cuda].share");
}

// Breaks caught: the metrics: section not read, a selector list dropped by the loader, the
// product's ecosystem not passed to the observer, user series missing from the run.
TEST_CASE("A scenario's metrics run through the market: Huawei's share of legal units", "[metrics]") {
  const auto s = scenario::load_scenario(DATA + "metrics.yaml");
  REQUIRE(s.metrics.size() == 4);
  CHECK(s.metrics[0].name == "huawei_share_units");
  CHECK(s.metrics[0].numerator.vendors == std::vector<std::string>{"huawei"});
  const auto res = market::run_market(s, 0);
  const auto& ts = res.timeseries;
  int quarters_with_sales = 0;
  for (std::size_t qi = 0; qi < ts.quarter_count(); ++qi) {
    const auto q = engine::Quarter::from_index(ts.first().index() + static_cast<std::int32_t>(qi));
    // From products.csv's rows: units here are legal and diverted; only Nvidia cards are
    // diverted, so Huawei's units are all legal, and legal units are total_units.
    double huawei = 0, cann = 0, h20 = 0;
    for (const auto& p : res.products) {
      if (p.quarter != q) continue;
      if (p.vendor == "huawei") huawei += p.units, cann += p.pflops;
      if (p.product == "h20") h20 += p.units;
    }
    const double total = ts.get(ts.id("total_units"), q);
    const double share = ts.get(ts.id("huawei_share_units"), q);
    if (total > 0) {
      ++quarters_with_sales;
      CHECK(share == Approx(huawei / total).epsilon(1e-12));
    } else {
      CHECK(std::isnan(share));
    }
    CHECK(ts.get(ts.id("cann_pflops"), q) == Approx(cann).epsilon(1e-12));
    CHECK(ts.get(ts.id("h20_delivered_units"), q) == Approx(h20).epsilon(1e-12));
  }
  CHECK(quarters_with_sales > 10);
  double huawei_total = 0;
  for (const auto& p : res.products) huawei_total += p.vendor == "huawei" ? p.units : 0;
  CHECK(huawei_total > 0);  // the share is not trivially 0
}

// Breaks caught: composition merging metrics lists item by item, or dropping them.
TEST_CASE("A scenario that extends another inherits its metrics, or replaces the list whole", "[metrics]") {
  const auto child = scenario::load_scenario(DATA + "metrics-child.yaml");
  REQUIRE(child.metrics.size() == 4);
  CHECK(child.metrics[3].name == "us_highend_share_compute");
  const auto replaced = scenario::load_scenario(DATA + "metrics-replaced.yaml");
  REQUIRE(replaced.metrics.size() == 1);
  CHECK(replaced.metrics[0].name == "nvidia_fees_usd");
  CHECK(replaced.metrics[0].measure == MetricMeasure::FEE_USD);
}

// Breaks caught: any check of the metrics: reader dropped (unknown key, unknown vendor,
// product or ecosystem id, bad measure, bad selector, duplicate name, bad name, negative
// TPP floor, required keys) or its message or position changed.
TEST_CASE("Bad metrics entries are rejected with positioned messages", "[metrics]") {
  const std::string f = DATA + "metrics-bad.yaml:";
  const std::vector<std::string> expected = {
      f + "7:17: metrics[0].numerator.vendor: expected a key of a product selector (one of: ecosystems, origins, "
          "products, tpp_min, vendors), got \"vendor\"; did you mean \"vendors\"?",
      f + "10:27: metrics[1].numerator.vendors[0]: expected a vendor id (one of: huawei, nvidia), got \"huwei\"; did "
          "you mean \"huawei\"?",
      f + "13:28: metrics[2].numerator.products[0]: expected a product id (one of: a100, ascend910b, h20, l2), got "
          "\"h2O\"; did you mean \"h20\"?",
      f + "14:14: metrics[2].measure: expected a measure (one of: delivered_units, diverted_spend_usd, "
          "diverted_units, fee_usd, legal_training_pflops, pflops, spend_usd, training_pflops, units, "
          "vendor_revenue_usd), got \"unit\"; did you mean \"units\"?",
      f + "16:30: metrics[3].numerator.ecosystems[0]: expected an ecosystem id (one of: cann, cuda), got \"rocm\"",
      f + "17:18: metrics[3].denominator: expected all or a product selector {vendors, origins, ecosystems, "
          "products, tpp_min}, got \"some\"",
      f + "19:11: metrics[4].name: expected a name not used before (first at " + f + "9:11), got \"x_units\"",
      f + "22:11: metrics[5].name: expected a name of lower-case letters, digits and '_', got \"Bad-Name\"",
      f + "23:26: metrics[5].numerator.tpp_min: expected a number in [0, 1e+09], got \"-1\"",
      f + "26:5: metrics[6].colour: expected a key of a metric (one of: denominator, description, measure, name, "
          "numerator), got \"colour\"",
      f + "25:5: metrics[6].name: expected a value (the key is required), got none",
      f + "25:5: metrics[6].numerator: expected a value (the key is required), got none",
  };
  CHECK(messages_of("metrics-bad.yaml") == expected);
}

// Breaks caught: a user series silently shadowing (or duplicating) a default column.
TEST_CASE("A user metric named like a default series is rejected", "[metrics]") {
  CHECK(messages_of("metrics-clash.yaml") ==
        std::vector<std::string>{DATA +
                                 "metrics-clash.yaml:6:11: metrics[0].name: expected a name that no default series "
                                 "uses, got \"nvidia_share_units\" (a default column of timeseries.csv, "
                                 "docs/output.md)"});
  auto s = two_ecosystems();
  s.metrics = {user("maturity_cann", ProductSelector{}, std::nullopt, MetricMeasure::UNITS)};
  engine::Recorder rec(Q, Q);
  CHECK_THROWS_AS(metrics::QuarterMetrics(rec, s), engine::InputError);
  CHECK(messages_of("metrics.yaml").empty());
}

// Breaks caught: the headline vendor or ecosystem written into the code (the series would
// follow "nvidia" and "cuda" whatever the scenario says).
TEST_CASE("The headline series follow the vendor and ecosystem the scenario names, else its first of origin us",
          "[metrics]") {
  auto s = two_ecosystems();
  s.vendors.resize(2);
  s.vendors[0].id = "huawei";  // a domestic vendor first: the default is still the first of origin us
  s.vendors[0].origin = scenario::Origin::DOMESTIC;
  s.vendors[1].id = "nvidia";
  CHECK(scenario::headline_vendor_of(s) == "nvidia");
  CHECK(scenario::headline_ecosystem_of(s) == "cuda");
  s.headline_vendor = "huawei";
  s.headline_ecosystem = "cann";
  Recorded r;
  record(r, s, quarter());
  const auto& names = r.rec.names();
  CHECK(std::find(names.begin(), names.end(), "huawei_share_units") != names.end());
  CHECK(std::find(names.begin(), names.end(), "dev_left_cann_cumulative") != names.end());
  CHECK(std::find(names.begin(), names.end(), "nvidia_share_units") == names.end());
  CHECK(r["huawei_share_units"] == Approx(300.0 / 580.0));  // huawei's 300 of the 580 legal cards
  CHECK(r["dev_left_cann"] == 16);                          // the outcome's departures, now named for cann
}
