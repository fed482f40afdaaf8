// Metrics as data: every series of timeseries.csv is a row of a table (like OpenMC's
// tallies). A row either sums a measure over a selection of products (optionally divided
// by the same sum over another selection: a share) or reads one field of the quarter's
// outcome. The table is the default rows (default_metrics.cpp) followed by the scenario's
// own `metrics:` (docs/scenarios.md); QuarterMetrics evaluates it each quarter.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "models/metrics/quarter_outcome.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario.h"

namespace cmsim::metrics {

/// Quarter-level values that are not sums over products (fields of QuarterOutcome).
enum class OutcomeField {
  WRITEDOWN_USD,
  UNMET_PFLOPS,
  DEFERRED_PFLOPS,
  INSTALLED_PFLOPS_US,
  INSTALLED_PFLOPS_DOMESTIC,
  MEAN_US_RISK,
  DEV_LEFT_CUDA,             ///< computed in models/ecosystem; read here as a field
  DEV_LEFT_CUDA_CUMULATIVE,  ///< likewise
  ECOSYSTEM_DEV_SHARE,       ///< of the row's ecosystem
  ECOSYSTEM_MATURITY,        ///< of the row's ecosystem
};

struct SeriesDefinition {
  enum class Kind { PRODUCTS, OUTCOME };
  std::string name;
  std::string unit;  ///< "fraction", "cards", "PFLOPS", "USD", ... (the manifest lists it)
  Kind kind = Kind::PRODUCTS;
  scenario::MetricDefinition products;  ///< PRODUCTS: numerator, denominator, measure
  OutcomeField field = OutcomeField::WRITEDOWN_USD;
  std::size_t ecosystem = 0;  ///< ECOSYSTEM_* fields: index in the scenario's ecosystems
  std::string ecosystem_id;   ///< and its id
  bool user = false;          ///< from the scenario's `metrics:`

  /// In words, for the manifest: "units of {vendors: [nvidia]} / units of all".
  std::string definition() const;
};

/// The default rows for a scenario (its ecosystems give dev_share_<id>, maturity_<id>).
std::vector<SeriesDefinition> default_series(const scenario::Scenario& s);

/// Adds a positioned error for every user metric whose name a default series already uses.
void check_user_metrics(const scenario::Scenario& s, scenario::ErrorList& errors);

/// The whole table: default rows, then the scenario's metrics. Throws engine::InputError
/// (positioned, like the loader's) when a user metric clashes with a default series.
std::vector<SeriesDefinition> series_table(const scenario::Scenario& s);

/// Whether a product passes every filter of the selector.
bool selects(const scenario::ProductSelector& sel, const ProductOutcome& p);

/// The product's contribution to a measure (legal sales: units × legal share; see
/// scenario::MetricMeasure).
double measure(scenario::MetricMeasure m, const ProductOutcome& p);

/// num / den, NaN when den is not positive (a share of an empty market).
double ratio(double num, double den);

/// Unit of a product metric: "fraction" for a share, else the measure's unit.
std::string unit_of(const scenario::MetricDefinition& d);

}  // namespace cmsim::metrics
