// Out-of-sample scores of `cmsim backtest` (docs/calibration.md): which rows train and which
// are scored at a forecast origin, the model's forecast quantiles of a row, coverage, the
// interval score and the sample CRPS, and two naive forecasters (persistence, linear trend)
// built from the rows observed by the origin. Pure functions of numbers and targets.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/calibration/target.h"
#include "sim/engine/date.h"

namespace cmsim::calibration {

/// History: a row of role calibration or check (forecasts are analysts' numbers, not outcomes).
bool is_history(const Target& t);
/// Training data at origin T: history with weight > 0 whose period ends on or before T.
bool trains_at(const Target& t, engine::Quarter origin);
/// Scored at origin T: history whose period ends after T (whatever its weight).
bool scored_at(const Target& t, engine::Quarter origin);

/// The observed value of a row: its point target when it has one, else its band's midpoint.
double observed_value(const Target& t);
/// The row's scale, as in the loss: band width, else |target|, else 1.
double target_scale(const Target& t);

struct ForecastQuantiles {
  std::size_t n = 0;                                   ///< values (NaN left out)
  double p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;  ///< type 7; NaN when n == 0
};
ForecastQuantiles forecast_quantiles(std::vector<double> values);

/// Gneiting & Raftery (2007), eq. 43: the interval score of the central (1 − alpha)
/// interval [lower, upper] for the observation y:
/// (upper − lower) + (2/alpha)(lower − y)·1{y < lower} + (2/alpha)(y − upper)·1{y > upper}.
double interval_score(double lower, double upper, double y, double alpha);

/// The CRPS of the empirical distribution of `sample` (NaN left out) at y:
/// (1/n) Σ|x_i − y| − (1/(2n²)) Σ_i Σ_j |x_i − x_j|. NaN for an empty sample. For one
/// value x (a point forecast) it is |x − y|.
double sample_crps(std::vector<double> sample, double y);

/// The naive forecasts of row `row` at origin T, from the history rows that end on or
/// before T with the same metric and aggregate. Each such row gives a rate: its observed
/// value, divided by its number of quarters for a `sum` (a flow per quarter), placed at its
/// period's midpoint (in quarters). Persistence: the rate of the row that ends last (ties:
/// the later midpoint). Trend: the straight line through the rates of the last two rows
/// with distinct midpoints, extrapolated to the scored row's midpoint. A rate becomes the
/// row's value ×quarters for a `sum`; values are clamped to >= 0, and to <= 1 for a metric
/// whose name contains "share". NaN where there are too few rows.
struct NaiveForecasts {
  double persistence = 0;        ///< NaN when no row qualifies
  double trend = 0;              ///< NaN when fewer than two rows with distinct midpoints
  std::string persistence_from;  ///< id of the row used
  std::string trend_from;        ///< "a,b": ids of the two rows used
};
NaiveForecasts naive_forecasts(const TargetSet& set, std::size_t row, engine::Quarter origin);

/// Miscoverage of the model's outer interval (p05..p95): alpha = 0.1.
inline constexpr double INTERVAL_ALPHA = 0.1;

/// One scored row of backtest.csv.
struct BacktestRow {
  const Target* target = nullptr;
  engine::Quarter origin;
  double observed = 0;
  ForecastQuantiles model;
  bool inside = false;        ///< band_low <= p50 <= band_high
  bool cover50 = false;       ///< p25 <= observed <= p75
  bool cover90 = false;       ///< p05 <= observed <= p95
  double interval_score = 0;  ///< of [p05, p95] at alpha 0.1, observation = observed
  double crps = 0;            ///< sample CRPS of the replications at observed
  NaiveForecasts naive;
  bool persistence_inside = false, trend_inside = false;  ///< the naive value inside the band
  /// A point forecast x as a distribution: CRPS = |x − y|, interval score of [x, x] = (2/alpha)|x − y|.
  double persistence_crps = 0, trend_crps = 0, persistence_interval_score = 0, trend_interval_score = 0;
};

/// Scores row `row` of the set at origin T from the model's replication values of that row.
BacktestRow score_row(const TargetSet& set, std::size_t row, engine::Quarter origin, std::vector<double> values);

/// An origin's summary. Scores are divided by each row's scale (target_scale) before they
/// are averaged, so shares and dollars mix; model-vs-naive means use only the rows where
/// that naive forecaster applies.
struct OriginSummary {
  std::size_t rows = 0;
  double inside_rate = 0, cover50_rate = 0, cover90_rate = 0;  ///< NaN when rows == 0
  double model_interval_score = 0, model_crps = 0;             ///< mean scaled, all rows
  std::size_t persistence_rows = 0, trend_rows = 0;
  double model_crps_on_persistence = 0, persistence_crps = 0;  ///< mean scaled, on the persistence rows
  double model_crps_on_trend = 0, trend_crps = 0;              ///< mean scaled, on the trend rows
  double model_is_on_persistence = 0, persistence_interval_score = 0;
  double model_is_on_trend = 0, trend_interval_score = 0;
};
OriginSummary summarise(const std::vector<BacktestRow>& rows);

}  // namespace cmsim::calibration
