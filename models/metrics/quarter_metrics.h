// The metrics observer: turns a QuarterOutcome into the named per-quarter series of
// timeseries.csv, by evaluating the metric table (metric_table.h): the default rows, then
// the scenario's `metrics:`. The names are the contract with notebooks (docs/output.md).
#pragma once

#include <string>
#include <vector>

#include "models/metrics/metric_table.h"
#include "models/metrics/quarter_outcome.h"
#include "sim/engine/recorder.h"

namespace cmsim::metrics {

class QuarterMetrics {
 public:
  /// Declares every series of the scenario's table, in output order. Throws
  /// engine::InputError when a user metric clashes with a default series. With
  /// `denominators`, each share series' denominator is recorded there under its name.
  QuarterMetrics(engine::Recorder& recorder, const scenario::Scenario& scenario,
                 engine::Recorder* denominators = nullptr);
  void record(engine::Quarter q, const QuarterOutcome& o);
  const std::vector<SeriesDefinition>& table() const { return table_; }

 private:
  /// Which products each row selects, by position in QuarterOutcome::products (cached:
  /// the product list only grows, by redesigns; a changed id is looked at again).
  void refresh_selection(const QuarterOutcome& o);

  engine::Recorder& rec_;
  engine::Recorder* den_rec_;
  std::vector<SeriesDefinition> table_;
  std::vector<std::size_t> ids_;
  std::vector<std::size_t> den_ids_;  ///< [row], for share rows when den_rec_
  std::vector<std::string> product_ids_;
  std::vector<std::vector<char>> in_num_, in_den_;  ///< [row][product]
  /// A product in a row's numerator or denominator (or both).
  struct Member {
    std::size_t product;
    bool num, den;
  };
  /// Each row's members, in product order (the order the sums run in), from in_num_ and
  /// in_den_: row r's from members_from_[r] to members_from_[r + 1]. A quarter's sums
  /// visit only these, not every product of every row.
  std::vector<Member> members_;
  std::vector<std::size_t> members_from_;
};

}  // namespace cmsim::metrics
