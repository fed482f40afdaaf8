// Targets: periods, the loader and its messages, evaluation on a hand-made replication,
// validate-history's bands and exit status, and the calibration loss.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "models/calibration/calibrated_scenario.h"
#include "models/calibration/calibration_loss.h"
#include "models/calibration/period.h"
#include "models/calibration/target_band.h"
#include "models/calibration/target_evaluation.h"
#include "models/calibration/target_loader.h"
#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/quantile.h"

using namespace cmsim;
using namespace cmsim::calibration;
using engine::Quarter;

namespace {

const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/calibration/";

std::string error_of(const std::string& path) {
  try {
    load_targets(path);
  } catch (const engine::InputError& e) {
    return e.what();
  }
  return "";
}

/// The message check_targets throws for a targets file against a scenario ("" when none).
std::string check_error_of(const std::string& targets, const std::string& scenario_path) {
  try {
    check_targets(load_targets(targets), scenario::load_scenario(scenario_path));
  } catch (const engine::InputError& e) {
    return e.what();
  }
  return "";
}

Target make_target(const std::string& metric, const std::string& period, Aggregate how) {
  Target t;
  t.id = std::string(1, 't');  // not = "t": GCC 12 warns falsely (-Wrestrict)
  t.metric = metric;
  const auto colon = metric.find(':');
  t.key = colon == std::string::npos ? metric : metric.substr(colon + 1);
  if (colon != std::string::npos) {
    const std::string kind = metric.substr(0, colon);
    t.source = kind == "units"                  ? MetricSource::PRODUCT_UNITS
               : kind == "revenue"              ? MetricSource::PRODUCT_REVENUE
               : kind == "vendor_revenue_share" ? MetricSource::VENDOR_REVENUE_SHARE
                                                : MetricSource::VENDOR_REVENUE;
  }
  t.period = *parse_period(period);
  t.aggregate = how;
  return t;
}

// Two years, 2023..2024, of a share series (one quarter unrecorded) and products rows.
market::RunResult hand_made_run() {
  market::RunResult r{engine::Recorder(Quarter(2023, 1), Quarter(2024, 4)), {}, {}, {}, 0,
                      engine::Recorder(Quarter(2023, 1), Quarter(2024, 4))};
  const std::size_t id = r.timeseries.declare("domestic_share_revenue");
  const double share[8] = {0.1, 0.2, 0.3, 0.4, 0.5, NAN, 0.7, 0.8};
  for (int i = 0; i < 8; ++i) r.timeseries.set(id, Quarter::from_index(Quarter(2023, 1).index() + i), share[i]);
  const std::size_t w = r.timeseries.declare("writedown_usd");
  r.timeseries.set(w, Quarter(2024, 2), 4.5e9);
  auto row = [&](Quarter q, const char* product, const char* vendor, double units, double price) {
    r.products.push_back({q, product, vendor, "us", units, units * price, 0, true, price});
  };
  row(Quarter(2024, 1), "h20", "nvidia", 100, 12000);
  row(Quarter(2024, 2), "h20", "nvidia", 300, 12000);
  row(Quarter(2024, 2), "a800", "nvidia", 50, 20000);
  row(Quarter(2024, 3), "910b", "huawei", 1000, 15000);
  row(Quarter(2023, 4), "h20", "nvidia", 7, 12000);  // outside 2024
  return r;
}

}  // namespace

TEST_CASE("Periods: years, halves, quarters and ranges", "[targets]") {
  const auto y = parse_period("2024");
  REQUIRE(y);
  CHECK(y->first == Quarter(2024, 1));
  CHECK(y->last == Quarter(2024, 4));
  CHECK(parse_period("2023H1")->last == Quarter(2023, 2));
  CHECK(parse_period("2023H2")->first == Quarter(2023, 3));
  CHECK(parse_period("2025Q2")->quarters() == 1);
  const auto range = parse_period("2025Q3..2025Q4");
  REQUIRE(range);
  CHECK(range->quarters() == 2);
  CHECK(parse_period("2021Q1..2021Q4")->quarters() == 4);
  for (const char* bad : {"", "24", "2024Q5", "2024H3", "2024Q4..2024Q1", "2024..", "x2024", "2024q1", "20 4"})
    CHECK_FALSE(parse_period(bad));
}

TEST_CASE("The project's history.yaml loads and fits the baseline", "[targets]") {
  const auto set = load_targets(std::string(CMSIM_SOURCE_DIR) + "/scenarios/targets/history.yaml");
  CHECK(set.scenario == "baseline.yaml");
  REQUIRE(set.usd_per_cny);
  CHECK(*set.usd_per_cny == 7.2);
  REQUIRE(set.targets.size() >= 20);
  int must = 0;
  for (const auto& t : set.targets) must += t.must ? 1 : 0;
  CHECK(must == 6);
  CHECK(set.targets[0].id == "nvidia-highend-training-2021");
  CHECK(set.targets[0].role == TargetRole::CALIBRATION);
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  CHECK_NOTHROW(check_targets(set, s));
}

TEST_CASE("Calibration protocol: history.yaml fits only rows that end by 2024Q4", "[targets][protocol]") {
  const auto set = load_targets(std::string(CMSIM_SOURCE_DIR) + "/scenarios/targets/history.yaml");
  int fitted = 0, later = 0;
  for (const auto& t : set.targets) {
    INFO(t.id << " " << t.period.label << " " << to_string(t.role));
    if (t.in_loss()) {
      ++fitted;
      CHECK(t.period.last <= engine::Quarter(2024, 4));
    }
    if (t.period.last > engine::Quarter(2024, 4) && t.role != TargetRole::FORECAST) {
      ++later;
      CHECK(t.role == TargetRole::CHECK);
    }
  }
  CHECK(fitted >= 10);
  CHECK(later >= 5);  // the 2025-2026 history is there, as checks
}

TEST_CASE("Targets files: every error with its position and key path", "[targets]") {
  const std::string unknown = error_of(DATA + "bad-unknown-key.yaml");
  CHECK_THAT(unknown, Catch::Contains("bad-unknown-key.yaml:10:5: targets[0].wieght: expected key"));
  CHECK_THAT(unknown, Catch::Contains("did you mean \"weight\"?"));

  const std::string bad = error_of(DATA + "bad-values.yaml");
  CHECK_THAT(bad, Catch::Contains("bad-values.yaml:2:9: targets[0].id: expected lower-case"));
  CHECK_THAT(bad, Catch::Contains("targets[0].metric: expected a timeseries column"));
  CHECK_THAT(bad, Catch::Contains("bad-values.yaml:4:13: targets[0].period: expected a year"));
  CHECK_THAT(bad,
             Catch::Contains("targets[0].aggregate: expected aggregate (one of: mean, ratio, sum), got \"median\""));
  CHECK_THAT(bad, Catch::Contains("targets[0].band: expected low <= high"));
  CHECK_THAT(bad, Catch::Contains("targets[0].role: expected role (one of: calibration, check, forecast)"));

  const std::string missing = error_of(DATA + "does-not-exist.yaml");
  CHECK_THAT(missing, Catch::Contains("does-not-exist.yaml"));

  const std::string product = check_error_of(DATA + "bad-unknown-product.yaml", DATA + "small.yaml");
  CHECK_THAT(product, Catch::Contains("bad-unknown-product.yaml:3:13: targets[0].metric: unknown "
                                      "product in scenario small"));
  CHECK_THAT(product, Catch::Contains("did you mean \"h20\"?"));
}

TEST_CASE("Target values: mean and sum over the period, NaN quarters skipped", "[targets]") {
  const auto run = hand_made_run();
  CHECK(evaluate_target(make_target("domestic_share_revenue", "2023", Aggregate::MEAN), run) == Approx(0.25));
  // 2024Q2 is NaN: the mean is over the three recorded quarters.
  CHECK(evaluate_target(make_target("domestic_share_revenue", "2024", Aggregate::MEAN), run) ==
        Approx((0.5 + 0.7 + 0.8) / 3));
  CHECK(evaluate_target(make_target("domestic_share_revenue", "2023H2..2024Q1", Aggregate::SUM), run) ==
        Approx(0.3 + 0.4 + 0.5));
  CHECK(evaluate_target(make_target("writedown_usd", "2024Q2", Aggregate::SUM), run) == 4.5e9);
  CHECK(std::isnan(evaluate_target(make_target("domestic_share_revenue", "2024Q2", Aggregate::MEAN), run)));
  // Outside the recorded range: no value.
  CHECK(std::isnan(evaluate_target(make_target("domestic_share_revenue", "2022", Aggregate::MEAN), run)));
  CHECK_THROWS_AS(evaluate_target(make_target("no_such_column", "2024", Aggregate::MEAN), run), engine::InputError);
}

TEST_CASE("Target values on the trackers' basis: a share of the period's totals", "[targets][ratio]") {
  auto run = hand_made_run();
  // Denominators (e.g. all cards sold) grow through 2024: 100, 200, 300 (2024Q2's share is
  // NaN: skipped with its denominator), 400.
  const std::size_t d = run.share_denominators.declare("domestic_share_revenue");
  const double den[8] = {10, 10, 10, 10, 100, 200, 300, 400};
  for (int i = 0; i < 8; ++i) run.share_denominators.set(d, Quarter::from_index(Quarter(2023, 1).index() + i), den[i]);
  const double ratio_2024 = (0.5 * 100 + 0.7 * 300 + 0.8 * 400) / (100 + 300 + 400);
  CHECK(evaluate_target(make_target("domestic_share_revenue", "2024", Aggregate::RATIO), run) == Approx(ratio_2024));
  // It differs from the mean of quarterly shares when volumes swing: here by 5.8 points.
  CHECK(ratio_2024 - (0.5 + 0.7 + 0.8) / 3 == Approx(0.725 - 2.0 / 3).margin(1e-12));
  // Equal denominators: the ratio is the mean.
  CHECK(evaluate_target(make_target("domestic_share_revenue", "2023", Aggregate::RATIO), run) == Approx(0.25));
  CHECK(share_of_totals({0.5, 0.2}, {0, 0}) != share_of_totals({0.5, 0.2}, {0, 0}));  // NaN: nothing sold
  // Only share series have denominators: a ratio of a level or of products rows is refused.
  CHECK_THROWS_WITH(evaluate_target(make_target("writedown_usd", "2024", Aggregate::RATIO), run),
                    Catch::Contains(".aggregate: expected mean or sum for writedown_usd"));
  CHECK_THROWS_AS(evaluate_target(make_target("units:h20", "2024", Aggregate::RATIO), run), engine::InputError);
}

TEST_CASE("Every share row of history.yaml is on the trackers' basis, and the market records the denominators",
          "[targets][ratio]") {
  const auto set = load_targets(std::string(CMSIM_SOURCE_DIR) + "/scenarios/targets/history.yaml");
  for (const auto& t : set.targets)
    if (t.metric.find("share") != std::string::npos) {
      INFO(t.id);
      CHECK(t.aggregate == Aggregate::RATIO);
    }
  // On a real run, from the CSVs as an analyst would compute it: domestic cards sold in 2024
  // (products.csv; domestic cards are never diverted) over all cards sold legally (every
  // products.csv row minus timeseries.csv's diverted_units).
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  const auto run = market::run_market(s, 0);
  double dom = 0, all = 0;
  for (const auto& row : run.products)
    if (row.quarter.year() == 2024) {
      all += row.units;
      if (row.origin == "domestic") dom += row.units;
    }
  for (int k = 1; k <= 4; ++k) all -= run.timeseries.get(run.timeseries.id("diverted_units"), Quarter(2024, k));
  REQUIRE(all > 0);
  const double r = evaluate_target(make_target("domestic_share_units", "2024", Aggregate::RATIO), run);
  CHECK(r == Approx(dom / all).epsilon(1e-9));
  CHECK(r != Approx(evaluate_target(make_target("domestic_share_units", "2024", Aggregate::MEAN), run)));
}

TEST_CASE("Target values from products rows", "[targets]") {
  const auto run = hand_made_run();
  CHECK(evaluate_target(make_target("units:h20", "2024", Aggregate::SUM), run) == 400);
  CHECK(evaluate_target(make_target("revenue:h20", "2024H1", Aggregate::SUM), run) == 400 * 12000.0);
  CHECK(evaluate_target(make_target("units:total", "2024", Aggregate::SUM), run) == 1450);
  CHECK(evaluate_target(make_target("revenue:total", "2024", Aggregate::SUM), run) ==
        400 * 12000.0 + 50 * 20000.0 + 1000 * 15000.0);
  CHECK(evaluate_target(make_target("vendor_revenue:nvidia", "2024", Aggregate::SUM), run) ==
        400 * 12000.0 + 50 * 20000.0);
  CHECK(evaluate_target(make_target("vendor_revenue:huawei", "2024Q3", Aggregate::SUM), run) == 1.5e7);
  CHECK(evaluate_target(make_target("vendor_revenue:huawei", "2024H1", Aggregate::SUM), run) == 0);
  // A mean of flows is the mean per quarter (quarters without rows count as 0).
  CHECK(evaluate_target(make_target("units:h20", "2024", Aggregate::MEAN), run) == 100);
}

TEST_CASE("A vendor's share of sales: its revenue over all vendors' in the period", "[targets][ratio]") {
  const auto run = hand_made_run();
  const double nvidia_2024 = 400 * 12000.0 + 50 * 20000.0, huawei_2024 = 1000 * 15000.0;
  CHECK(evaluate_target(make_target("vendor_revenue_share:huawei", "2024", Aggregate::RATIO), run) ==
        Approx(huawei_2024 / (nvidia_2024 + huawei_2024)));
  CHECK(evaluate_target(make_target("vendor_revenue_share:nvidia", "2024", Aggregate::RATIO), run) ==
        Approx(nvidia_2024 / (nvidia_2024 + huawei_2024)));
  // A ratio of the period's sums, not a mean of quarterly shares (Huawei sells in one quarter
  // of four: 1/4 of the quarterly mean would be 0.25 × 1).
  CHECK(evaluate_target(make_target("vendor_revenue_share:huawei", "2024Q3..2024Q4", Aggregate::RATIO), run) == 1.0);
  CHECK(evaluate_target(make_target("vendor_revenue_share:huawei", "2024H1", Aggregate::RATIO), run) == 0.0);
  CHECK(evaluate_target(make_target("vendor_revenue_share:nvidia", "2023Q4", Aggregate::RATIO), run) == 1.0);
  // Nothing sold in the period: no share.
  CHECK(std::isnan(evaluate_target(make_target("vendor_revenue_share:nvidia", "2023Q1", Aggregate::RATIO), run)));
}

TEST_CASE("A vendor's share of sales is a ratio of revenue, of a known vendor", "[targets][ratio]") {
  const std::string bad = error_of(DATA + "bad-vendor-share.yaml");
  CHECK_THAT(bad, Catch::Contains("bad-vendor-share.yaml:5:16: targets[0].aggregate: expected ratio for "
                                  "vendor_revenue_share:nvidia"));
  CHECK_THAT(bad, Catch::Contains("bad-vendor-share.yaml:6:12: targets[0].basis: expected revenue"));
  CHECK_THAT(bad, Catch::Contains("targets[1].metric: expected a timeseries column"));
  const std::string vendor = check_error_of(DATA + "bad-unknown-vendor-share.yaml", DATA + "small.yaml");
  CHECK_THAT(vendor, Catch::Contains("bad-unknown-vendor-share.yaml:3:13: targets[0].metric: "
                                     "unknown vendor in scenario small"));
  CHECK_THAT(vendor, Catch::Contains("did you mean \"nvidia\"?"));
}

TEST_CASE("validate-history bands: quantiles, inside/outside, must and exit status", "[targets]") {
  TargetSet set;
  Target must = make_target("domestic_share_revenue", "2024", Aggregate::MEAN);
  must.id = "must";
  must.band_low = 0.25;
  must.band_high = 0.42;
  must.must = true;
  Target info = must;
  info.id = "info";
  info.must = false;
  Target forecast = must;
  forecast.id = "forecast";
  forecast.role = TargetRole::FORECAST;
  set.targets = {must, info, forecast};

  // 21 replications 0.10, 0.11, ..., 0.30 (shuffled, with a NaN that must be left out).
  std::vector<double> v;
  for (int i = 20; i >= 0; --i) v.push_back(0.10 + 0.01 * ((i * 8) % 21));
  v.push_back(NAN);
  std::vector<double> sorted;
  for (int i = 0; i <= 20; ++i) sorted.push_back(0.10 + 0.01 * i);
  const auto bands = compute_bands(set, {v, v, v});
  REQUIRE(bands.size() == 3);
  CHECK(bands[0].n == 21);
  CHECK(bands[0].p05 == Approx(0.11));
  CHECK(bands[0].p50 == Approx(0.20));
  CHECK(bands[0].p95 == Approx(0.29));
  CHECK(bands[0].p05 == experiment::quantile_sorted(sorted, 0.05));
  CHECK(bands[0].p95 == experiment::quantile_sorted(sorted, 0.95));
  CHECK_FALSE(bands[0].inside);
  CHECK(bands[0].failed);
  CHECK_FALSE(bands[1].failed);  // not a must fact
  CHECK_FALSE(bands[2].failed);  // forecasts never fail
  CHECK(history_exit_status(bands) == 1);
  CHECK(history_exit_status({bands[1], bands[2]}) == 0);

  // Shift the values into the band: p50 0.30 is inside, the check passes.
  for (auto& x : v) x += 0.10;
  const auto ok = compute_bands(set, {v, v, v});
  CHECK(ok[0].p50 == Approx(0.30));
  CHECK(ok[0].inside);
  CHECK(history_exit_status(ok) == 0);
  // Band edges are inclusive; a target without values is never inside.
  CHECK(band_of(must, {0.25}).inside);
  CHECK(band_of(must, {0.42}).inside);
  CHECK(band_of(must, {NAN, NAN}).failed);

  // The median's 95% interval: order statistics x(40), x(61) of 100 values 0..99 (1-based),
  // whole-sample below n = 6. With the band edge inside [39, 60] the verdict is near an edge.
  std::vector<double> hundred;
  for (int i = 0; i < 100; ++i) hundred.push_back(99 - i);  // any order
  Target wide = must;
  wide.band_low = 0;
  wide.band_high = 100;
  const TargetBand settled = band_of(wide, hundred);
  CHECK(settled.p50_low == 39);
  CHECK(settled.p50_high == 60);
  CHECK(settled.inside);
  CHECK_FALSE(settled.near_edge);
  Target edge = wide;
  edge.band_low = 50;  // p50 49.5 is outside, but within the median's interval
  const TargetBand shaky = band_of(edge, hundred);
  CHECK_FALSE(shaky.inside);
  CHECK(shaky.near_edge);
  edge.band_low = 60;  // the interval's top: still near
  CHECK(band_of(edge, hundred).near_edge);
  edge.band_low = 60.5;  // above the whole interval: settled outside
  CHECK_FALSE(band_of(edge, hundred).near_edge);
  edge.band_low = 0;
  edge.band_high = 39;  // the interval's bottom touches the top edge
  CHECK(band_of(edge, hundred).near_edge);
  CHECK(std::isnan(band_of(must, {NAN}).p50_low));

  // Type-7 quantiles agree with the experiment layer's on awkward sizes.
  for (std::size_t n : {1u, 2u, 3u, 7u, 100u}) {
    std::vector<double> xs;
    for (std::size_t i = 0; i < n; ++i) xs.push_back(std::sqrt(static_cast<double>(i)));
    for (double p : {0.0, 0.05, 0.5, 0.95, 1.0}) CHECK(type7_quantile(xs, p) == experiment::quantile_sorted(xs, p));
  }
}

TEST_CASE("The median's interval: binomial order-statistic ranks", "[targets]") {
  // Closed forms: n = 10, P(B <= 1) = 11/1024 <= 0.025 < P(B <= 2) = 56/1024, so (2, 9);
  // n = 100: P(B <= 39) = 0.0176, P(B <= 40) = 0.0284, so (40, 61); n = 6: P(B = 0) = 1/64.
  CHECK(median_interval_ranks(10) == std::pair<std::size_t, std::size_t>{2, 9});
  CHECK(median_interval_ranks(100) == std::pair<std::size_t, std::size_t>{40, 61});
  CHECK(median_interval_ranks(6) == std::pair<std::size_t, std::size_t>{1, 6});
  CHECK(median_interval_ranks(5) == std::pair<std::size_t, std::size_t>{1, 5});
  CHECK(median_interval_ranks(1) == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK_THROWS(median_interval_ranks(0));
  // Against the exact binomial sum at every n to 200, and symmetric; large n without underflow.
  for (std::size_t n = 6; n <= 200; ++n) {
    const auto [j, k] = median_interval_ranks(n);
    CHECK(j + k == n + 1);
    double below = 0, pmf = std::pow(0.5, static_cast<double>(n));  // P(B = 0)
    for (std::size_t i = 0; i < j; ++i) {                           // below = P(B <= j − 1); pmf ends at P(B = j)
      below += pmf;
      pmf *= static_cast<double>(n - i) / static_cast<double>(i + 1);
    }
    CHECK(below <= 0.025);       // coverage 1 − 2·P(B <= j − 1) >= 95%
    CHECK(below + pmf > 0.025);  // and j is the largest such rank
  }
  // n = 10^6: the normal approximation, j − 1 ≈ n/2 − 1.96·sqrt(n)/2 − 1/2 = 499,019.5.
  const auto [j, k] = median_interval_ranks(1'000'000);
  CHECK(j >= 499'018);
  CHECK(j <= 499'022);
  CHECK(j + k == 1'000'001);
}

TEST_CASE("Calibration loss: zero inside every band, squared scaled distance outside", "[targets]") {
  TargetSet set;
  Target band = make_target("domestic_share_revenue", "2024", Aggregate::MEAN);
  band.band_low = 0.2;
  band.band_high = 0.4;
  band.weight = 3;
  Target point = make_target("units:h20", "2024", Aggregate::SUM);
  point.target = 1e6;
  point.band_low = point.band_high = 1e6;
  point.weight = 0.5;
  Target check = band;
  check.role = TargetRole::CHECK;
  Target unweighted = band;
  unweighted.weight = 0;
  set.targets = {band, point, check, unweighted};

  CHECK(scaled_distance(band, 0.3) == 0);
  CHECK(scaled_distance(band, 0.5) == Approx(0.5));  // 0.1 above, band width 0.2
  CHECK(scaled_distance(band, 0.1) == Approx(0.5));
  CHECK(scaled_distance(point, 1.5e6) == Approx(0.5));      // point target: scale |target|
  CHECK(calibration_loss(set, {0.3, 1e6, 9.0, 9.0}) == 0);  // check / weight-0 rows do not count
  CHECK(calibration_loss(set, {0.5, 1.5e6, 0.3, 0.3}) == Approx(3 * 0.25 + 0.5 * 0.25));
  CHECK(std::isinf(calibration_loss(set, {NAN, 1e6, 0.3, 0.3})));
  CHECK(calibration_loss(set, {0.3, 1e6, NAN, NAN}) == 0);

  // A must fact counts from its inner band (0.22..0.38 here), in widths of the full band.
  set.targets[0].must = true;
  CHECK(calibration_loss(set, {0.3, 1e6, 0.3, 0.3}) == 0);
  CHECK(calibration_loss(set, {0.39, 1e6, 0.3, 0.3}) == Approx(3 * 0.05 * 0.05));  // 0.01 past 0.38
  CHECK(calibration_loss(set, {0.21, 1e6, 0.3, 0.3}) == Approx(3 * 0.05 * 0.05));
  CHECK(calibration_loss(set, {0.5, 1e6, 0.3, 0.3}) == Approx(3 * 0.6 * 0.6));  // 0.12 past 0.38
  // ...except at a natural bound: a share of 0 meets "at most 5%" fully.
  set.targets[0].band_low = 0.0;
  set.targets[0].band_high = 0.05;
  CHECK(calibration_loss(set, {0.0, 1e6, 0.3, 0.3}) == 0);
  CHECK(calibration_loss(set, {0.049, 1e6, 0.3, 0.3}) > 0);
  set.targets[0].band_low = 0.9;
  set.targets[0].band_high = 1.0;
  CHECK(calibration_loss(set, {1.0, 1e6, 0.3, 0.3}) == 0);
  CHECK(calibration_loss(set, {0.905, 1e6, 0.3, 0.3}) > 0);
}

TEST_CASE("The calibrated scenario file", "[targets]") {
  CalibratedScenario c;
  c.name = "baseline-calibrated";
  c.description = "fit: \"quoted\" # not a comment";
  c.extends = "../scenarios/baseline.yaml";
  c.parameters = {{"risk_shock", 0.1}, {"beta_risk", 3.25}};
  c.comments = {"Reproduce with:", "  cmsim calibrate x"};
  const std::string y = to_yaml(c);
  CHECK(y ==
        "# Reproduce with:\n#   cmsim calibrate x\nname: \"baseline-calibrated\"\n"
        "description: \"fit: \\\"quoted\\\" # not a comment\"\nextends: \"../scenarios/baseline.yaml\"\n"
        "parameters:\n  risk_shock: 0.1\n  beta_risk: 3.25\n");
}
