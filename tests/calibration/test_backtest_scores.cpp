// Backtest scores on hand-made numbers: the interval score, the sample CRPS (closed forms),
// coverage, which rows train and which are scored at an origin, and the naive forecasters.
#include "models/calibration/backtest.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

using namespace cmsim::calibration;
using cmsim::engine::Quarter;

namespace {

Target row(const std::string& id, const std::string& metric, Aggregate agg, const char* period, double lo, double hi,
           TargetRole role = TargetRole::CALIBRATION, double weight = 1) {
  Target t;
  t.id = id;
  t.metric = metric;
  t.aggregate = agg;
  t.period = parse_period(period).value();
  t.band_low = lo;
  t.band_high = hi;
  t.role = role;
  t.weight = weight;
  return t;
}

double brute_crps(const std::vector<double>& x, double y) {
  double a = 0, b = 0;
  for (double xi : x) {
    a += std::fabs(xi - y);
    for (double xj : x) b += std::fabs(xi - xj);
  }
  const double n = static_cast<double>(x.size());
  return a / n - b / (2 * n * n);
}

}  // namespace

TEST_CASE("Interval score (Gneiting & Raftery 2007) on hand-made numbers", "[backtest]") {
  CHECK(interval_score(1, 3, 2, 0.1) == Approx(2));               // inside: the width
  CHECK(interval_score(1, 3, 0, 0.1) == Approx(2 + 20 * 1.0));    // below by 1: + 2/alpha
  CHECK(interval_score(1, 3, 4.5, 0.1) == Approx(2 + 20 * 1.5));  // above by 1.5
  CHECK(interval_score(1, 3, 4.5, 0.5) == Approx(2 + 4 * 1.5));   // other alpha
  CHECK(interval_score(2, 2, 5, 0.1) == Approx(60));              // a point forecast: (2/alpha)|x - y|
}

TEST_CASE("Sample CRPS: hand-made values and the uniform distribution's closed form", "[backtest]") {
  CHECK(sample_crps({1, 2, 3}, 2) == Approx(2.0 / 9));         // 2/3 - 8/18
  CHECK(sample_crps({5}, 2) == Approx(3));                     // a point: the absolute error
  CHECK(sample_crps({1, std::nan(""), 3}, 1) == Approx(0.5));  // NaN left out
  CHECK(std::isnan(sample_crps({}, 1)));
  const std::vector<double> odd = {3.5, -1, 2, 2, 10, 0.25, 7};
  for (double y : {-5.0, 0.0, 2.0, 4.0, 12.0}) CHECK(sample_crps(odd, y) == Approx(brute_crps(odd, y)));
  // U(0, 1): CRPS(y) = (y² + (1 − y)²)/2 − 1/6 for y in [0, 1], y − 1/2 − 1/6 above; a fine
  // grid of its quantiles comes close.
  std::vector<double> grid;
  for (int i = 0; i < 2000; ++i) grid.push_back((i + 0.5) / 2000);
  for (double y : {0.5, 0.1, 1.0})
    CHECK(sample_crps(grid, y) == Approx((y * y + (1 - y) * (1 - y)) / 2 - 1.0 / 6).margin(1e-6));
  CHECK(sample_crps(grid, 1.7) == Approx(1.7 - 0.5 - 1.0 / 6).margin(1e-6));
}

TEST_CASE("Scored rows: quantiles, inside, coverage of the 50% and 90% intervals", "[backtest]") {
  TargetSet set;
  set.targets = {row("mid", "m", Aggregate::MEAN, "2025", 40, 60, TargetRole::CHECK),
                 row("high", "m", Aggregate::MEAN, "2025", 80, 100, TargetRole::CHECK),
                 row("point", "m", Aggregate::MEAN, "2025", 100, 100, TargetRole::CHECK)};
  set.targets[2].target = 100;
  std::vector<double> values;
  for (int v = 101; v >= 1; --v) values.push_back(v);  // 1..101 in any order
  const Quarter origin(2024, 4);
  const auto mid = score_row(set, 0, origin, values);
  CHECK(mid.model.n == 101);
  CHECK(mid.model.p05 == 6);
  CHECK(mid.model.p25 == 26);
  CHECK(mid.model.p50 == 51);
  CHECK(mid.model.p75 == 76);
  CHECK(mid.model.p95 == 96);
  CHECK(mid.observed == 50);  // the band's midpoint
  CHECK(mid.inside);
  CHECK(mid.cover50);
  CHECK(mid.cover90);
  CHECK(mid.interval_score == Approx(90));
  const auto high = score_row(set, 1, origin, values);
  CHECK(high.observed == 90);
  CHECK_FALSE(high.inside);   // p50 51 < 80
  CHECK_FALSE(high.cover50);  // 90 > p75
  CHECK(high.cover90);        // 90 <= p95
  const auto point = score_row(set, 2, origin, values);
  CHECK(point.observed == 100);  // the point target
  CHECK_FALSE(point.cover90);
  CHECK(point.interval_score == Approx(90 + 20 * 4));
  CHECK(point.crps == Approx(brute_crps(values, 100)));

  const auto s = summarise({mid, high, point});
  CHECK(s.rows == 3);
  CHECK(s.inside_rate == Approx(1.0 / 3));
  CHECK(s.cover50_rate == Approx(1.0 / 3));
  CHECK(s.cover90_rate == Approx(2.0 / 3));
  // Scaled by the band width (20, 20) and, for the point target, |target| = 100.
  CHECK(s.model_interval_score == Approx((90.0 / 20 + 90.0 / 20 + 170.0 / 100) / 3));
}

TEST_CASE("Training and scored rows at an origin, and the naive forecasters", "[backtest]") {
  TargetSet set;
  set.targets = {
      row("h20-2022", "units:h20", Aggregate::SUM, "2022", 400, 800),      // 600: 150 a quarter
      row("h20-2023h1", "units:h20", Aggregate::SUM, "2023H1", 300, 500),  // 400: 200 a quarter
      row("h20-2024", "units:h20", Aggregate::SUM, "2024", 0, 2000, TargetRole::CHECK),
      row("fc-h20", "units:h20", Aggregate::SUM, "2023Q4", 0, 0, TargetRole::FORECAST),  // not history
      row("other", "units:ascend910b", Aggregate::SUM, "2023Q3", 9, 9),                  // another metric
      row("share-2022", "domestic_share_units", Aggregate::MEAN, "2022", 0.5, 0.7),
      row("share-2023", "domestic_share_units", Aggregate::MEAN, "2023", 0.8, 1.0, TargetRole::CALIBRATION, 0),
      row("share-2025", "domestic_share_units", Aggregate::MEAN, "2025", 0.3, 0.6, TargetRole::CHECK),
  };
  const Quarter origin(2023, 4);
  CHECK(trains_at(set.targets[0], origin));
  CHECK(trains_at(set.targets[1], origin));
  CHECK_FALSE(trains_at(set.targets[2], origin));
  CHECK(scored_at(set.targets[2], origin));
  CHECK_FALSE(trains_at(set.targets[3], origin));  // a forecast is never data
  CHECK_FALSE(scored_at(set.targets[3], Quarter(2022, 4)));
  CHECK_FALSE(trains_at(set.targets[6], origin));  // weight 0: not fitted, but observed
  CHECK(scored_at(set.targets[7], origin));
  CHECK(trains_at(set.targets[2], Quarter(2024, 4)));  // a check row is data once the origin passes it

  // Sums: per-quarter rates 150 (mid 2022Q2.5) and 200 (mid 2023Q1.5); 2024's mid is 5 quarters on.
  const auto h20 = naive_forecasts(set, 2, origin);
  CHECK(h20.persistence == Approx(800));  // 200 a quarter × 4
  CHECK(h20.persistence_from == "h20-2023h1");
  CHECK(h20.trend == Approx((200 + 50.0 / 3 * 5) * 4));
  CHECK(h20.trend_from == "h20-2022,h20-2023h1");
  // At an origin before the second row: persistence only.
  const auto early = naive_forecasts(set, 2, Quarter(2022, 4));
  CHECK(early.persistence == Approx(600));
  CHECK(std::isnan(early.trend));
  // Shares: 0.6 then 0.9 a year later; two years on the trend says 1.5, clamped to 1.
  const auto share = naive_forecasts(set, 7, origin);
  CHECK(share.persistence == Approx(0.9));
  CHECK(share.trend == Approx(1.0));
  // No earlier row of the metric: no naive forecast.
  const auto none = naive_forecasts(set, 4, Quarter(2023, 2));
  CHECK(std::isnan(none.persistence));

  // The naive scores of a scored row: a point forecast's CRPS is its absolute error.
  const auto scored = score_row(set, 2, origin, {900, 1000, 1100});
  CHECK(scored.observed == 1000);
  CHECK(scored.persistence_crps == Approx(200));
  CHECK(scored.persistence_interval_score == Approx(20 * 200));
  CHECK(scored.persistence_inside);
  CHECK(scored.trend_crps == Approx(std::fabs((200 + 250.0 / 3) * 4 - 1000)));
  const auto s = summarise({scored});
  CHECK(s.persistence_rows == 1);
  CHECK(s.persistence_crps == Approx(200.0 / 2000));
}
