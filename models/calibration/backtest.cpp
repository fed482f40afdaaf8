#include "models/calibration/backtest.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "models/calibration/target_band.h"

namespace cmsim::calibration {
namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

double midpoint(const Period& p) { return (p.first.index() + p.last.index()) / 2.0; }

double clamp_value(const Target& t, double v) {
  if (std::isnan(v)) return v;
  v = std::max(v, 0.0);
  if (t.metric.find("share") != std::string::npos) v = std::min(v, 1.0);
  return v;
}

double scaled_mean(const std::vector<double>& values) {
  if (values.empty()) return NaN;
  double s = 0;
  for (double v : values) s += v;
  return s / static_cast<double>(values.size());
}

}  // namespace

bool is_history(const Target& t) { return t.role != TargetRole::FORECAST; }

bool trains_at(const Target& t, engine::Quarter origin) {
  return is_history(t) && t.weight > 0 && t.period.last <= origin;
}

bool scored_at(const Target& t, engine::Quarter origin) { return is_history(t) && t.period.last > origin; }

double observed_value(const Target& t) { return t.target ? *t.target : (t.band_low + t.band_high) / 2; }

double target_scale(const Target& t) {
  const double width = t.band_high - t.band_low;
  if (width > 0) return width;
  const double point = std::fabs(t.target ? *t.target : t.band_low);
  return point > 0 ? point : 1.0;
}

ForecastQuantiles forecast_quantiles(std::vector<double> values) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  std::sort(values.begin(), values.end());
  ForecastQuantiles q;
  q.n = values.size();
  q.p05 = type7_quantile(values, 0.05);
  q.p25 = type7_quantile(values, 0.25);
  q.p50 = type7_quantile(values, 0.50);
  q.p75 = type7_quantile(values, 0.75);
  q.p95 = type7_quantile(values, 0.95);
  return q;
}

double interval_score(double lower, double upper, double y, double alpha) {
  double s = upper - lower;
  if (y < lower) s += 2 / alpha * (lower - y);
  if (y > upper) s += 2 / alpha * (y - upper);
  return s;
}

double sample_crps(std::vector<double> sample, double y) {
  std::erase_if(sample, [](double v) { return std::isnan(v); });
  if (sample.empty() || std::isnan(y)) return NaN;
  const double n = static_cast<double>(sample.size());
  double to_y = 0;
  for (double x : sample) to_y += std::fabs(x - y);
  // Σ_i Σ_j |x_i − x_j| on sorted values: 2 Σ_i (2i − n + 1) x_(i) (0-based i), O(n log n).
  std::sort(sample.begin(), sample.end());
  double pairs = 0;
  for (std::size_t i = 0; i < sample.size(); ++i) pairs += (2.0 * static_cast<double>(i) - n + 1) * sample[i];
  pairs *= 2;
  return to_y / n - pairs / (2 * n * n);
}

NaiveForecasts naive_forecasts(const TargetSet& set, std::size_t row, engine::Quarter origin) {
  const Target& t = set.targets.at(row);
  struct Seen {
    const Target* target;
    double rate, mid;
  };
  std::vector<Seen> seen;
  for (const auto& o : set.targets) {
    if (!is_history(o) || o.period.last > origin || o.metric != t.metric || o.aggregate != t.aggregate) continue;
    const double v = observed_value(o);
    seen.push_back({&o, o.aggregate == Aggregate::SUM ? v / o.period.quarters() : v, midpoint(o.period)});
  }
  // The last observation: ends last, then the later midpoint (the shorter, more recent period).
  std::stable_sort(seen.begin(), seen.end(), [](const Seen& a, const Seen& b) {
    if (a.target->period.last != b.target->period.last) return a.target->period.last < b.target->period.last;
    return a.mid < b.mid;
  });
  const double scale_up = t.aggregate == Aggregate::SUM ? t.period.quarters() : 1.0;
  NaiveForecasts f;
  f.persistence = f.trend = NaN;
  if (seen.empty()) return f;
  const Seen& last = seen.back();
  f.persistence = clamp_value(t, last.rate * scale_up);
  f.persistence_from = last.target->id;
  for (std::size_t k = seen.size() - 1; k-- > 0;) {
    const Seen& prev = seen[k];
    if (prev.mid == last.mid) continue;
    const double slope = (last.rate - prev.rate) / (last.mid - prev.mid);
    f.trend = clamp_value(t, (last.rate + slope * (midpoint(t.period) - last.mid)) * scale_up);
    f.trend_from = prev.target->id + "," + last.target->id;
    break;
  }
  return f;
}

BacktestRow score_row(const TargetSet& set, std::size_t row, engine::Quarter origin, std::vector<double> values) {
  const Target& t = set.targets.at(row);
  BacktestRow r;
  r.target = &t;
  r.origin = origin;
  r.observed = observed_value(t);
  r.crps = sample_crps(values, r.observed);
  r.model = forecast_quantiles(std::move(values));
  const auto& q = r.model;
  r.inside = q.p50 >= t.band_low && q.p50 <= t.band_high;  // false for NaN
  r.cover50 = q.p25 <= r.observed && r.observed <= q.p75;
  r.cover90 = q.p05 <= r.observed && r.observed <= q.p95;
  r.interval_score = q.n == 0 ? NaN : interval_score(q.p05, q.p95, r.observed, INTERVAL_ALPHA);
  r.naive = naive_forecasts(set, row, origin);
  auto point = [&](double x, bool& inside, double& crps, double& is) {
    inside = x >= t.band_low && x <= t.band_high;
    crps = std::isnan(x) ? NaN : std::fabs(x - r.observed);
    is = std::isnan(x) ? NaN : interval_score(x, x, r.observed, INTERVAL_ALPHA);
  };
  point(r.naive.persistence, r.persistence_inside, r.persistence_crps, r.persistence_interval_score);
  point(r.naive.trend, r.trend_inside, r.trend_crps, r.trend_interval_score);
  return r;
}

OriginSummary summarise(const std::vector<BacktestRow>& rows) {
  OriginSummary s;
  s.rows = rows.size();
  std::vector<double> inside, c50, c90, is, crps;
  std::vector<double> m_crps_p, p_crps, m_crps_t, t_crps, m_is_p, p_is, m_is_t, t_is;
  for (const auto& r : rows) {
    const double scale = target_scale(*r.target);
    inside.push_back(r.inside ? 1 : 0);
    c50.push_back(r.cover50 ? 1 : 0);
    c90.push_back(r.cover90 ? 1 : 0);
    if (std::isnan(r.crps)) continue;  // the model gave no value: no score to average
    is.push_back(r.interval_score / scale);
    crps.push_back(r.crps / scale);
    if (!std::isnan(r.naive.persistence)) {
      m_crps_p.push_back(r.crps / scale);
      p_crps.push_back(r.persistence_crps / scale);
      m_is_p.push_back(r.interval_score / scale);
      p_is.push_back(r.persistence_interval_score / scale);
    }
    if (!std::isnan(r.naive.trend)) {
      m_crps_t.push_back(r.crps / scale);
      t_crps.push_back(r.trend_crps / scale);
      m_is_t.push_back(r.interval_score / scale);
      t_is.push_back(r.trend_interval_score / scale);
    }
  }
  s.inside_rate = scaled_mean(inside);
  s.cover50_rate = scaled_mean(c50);
  s.cover90_rate = scaled_mean(c90);
  s.model_interval_score = scaled_mean(is);
  s.model_crps = scaled_mean(crps);
  s.persistence_rows = p_crps.size();
  s.trend_rows = t_crps.size();
  s.model_crps_on_persistence = scaled_mean(m_crps_p);
  s.persistence_crps = scaled_mean(p_crps);
  s.model_crps_on_trend = scaled_mean(m_crps_t);
  s.trend_crps = scaled_mean(t_crps);
  s.model_is_on_persistence = scaled_mean(m_is_p);
  s.persistence_interval_score = scaled_mean(p_is);
  s.model_is_on_trend = scaled_mean(m_is_t);
  s.trend_interval_score = scaled_mean(t_is);
  return s;
}

}  // namespace cmsim::calibration
