// A calibration target: one historical (or forecast) fact the model should reproduce, as
// declared in scenarios/targets/*.yaml (the format is documented in that file's header and
// in docs/calibration.md). The loader (target_loader.h) builds them; nothing here runs.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/calibration/period.h"
#include "models/scenario/source_location.h"

namespace cmsim::calibration {

/// How the quarterly values of the period are combined.
enum class Aggregate {
  MEAN,   ///< mean of the quarterly values
  SUM,    ///< sum of the quarterly flows (units, USD)
  RATIO,  ///< a share of the period's totals: Σ numerator / Σ denominator (trackers' basis)
};

/// What a fact is for: fitted, checked out of sample, or only shown.
enum class TargetRole {
  CALIBRATION,  ///< history inside the calibration window: enters the loss
  CHECK,        ///< history after the window: reported, never fitted
  FORECAST,     ///< analysts' forecasts: reported, never fitted, never fails
};

/// Where the metric's quarterly values come from.
enum class MetricSource {
  TIMESERIES,       ///< a timeseries.csv column
  PRODUCT_UNITS,    ///< units:<product> or units:total, summed over products.csv rows
  PRODUCT_REVENUE,  ///< revenue:<product> or revenue:total (USD)
  VENDOR_REVENUE,   ///< vendor_revenue:<vendor> (USD)
  /// vendor_revenue_share:<vendor>: the vendor's revenue over all vendors' in the period
  /// (products.csv sums; aggregate ratio only): a tracker's "share of sales" (Bernstein)
  VENDOR_REVENUE_SHARE,
};

struct Target {
  std::string id;      ///< unique, [a-z0-9-]+
  std::string metric;  ///< as written: "domestic_share_revenue", "units:h20"
  MetricSource source = MetricSource::TIMESERIES;
  /// The timeseries column, or the product / vendor id, or "total" (all products).
  std::string key;
  Period period;
  Aggregate aggregate = Aggregate::MEAN;
  std::string basis;             ///< units | revenue | compute (what the source counts)
  std::optional<double> target;  ///< point value in the metric's unit (fraction, USD, cards)
  double band_low = 0;           ///< inclusive; equals the point target when no band is given
  double band_high = 0;
  std::string source_note;  ///< YAML key `source`: outlet / URL
  std::string conf;         ///< H | M | L, or "" when not given
  double weight = 1;        ///< weight in the calibration loss (0 = report only)
  bool must = false;        ///< validate-history fails when the p50 is outside the band
  TargetRole role = TargetRole::CALIBRATION;
  std::string fiscal;  ///< original fiscal label, informational
  std::string note;
  std::string key_path;                      ///< "targets[3]", for messages
  scenario::SourceLocation where;            ///< the row's position, for messages
  scenario::SourceLocation metric_where;     ///< position of `metric:`
  scenario::SourceLocation period_where;     ///< position of `period:`
  scenario::SourceLocation aggregate_where;  ///< position of `aggregate:`

  /// Whether a failing p50 fails validate-history (forecasts never fail).
  bool fails_when_outside() const { return must && role != TargetRole::FORECAST; }
  /// Whether it enters the calibration loss.
  bool in_loss() const { return role == TargetRole::CALIBRATION && weight > 0; }
};

/// A targets file.
struct TargetSet {
  std::string path;      ///< file it was read from
  std::string scenario;  ///< the scenario the targets describe ("" when not given)
  std::optional<double> usd_per_cny;
  std::vector<Target> targets;
};

const char* to_string(Aggregate);
const char* to_string(TargetRole);

}  // namespace cmsim::calibration
