// The metrics observer: turns a QuarterOutcome into the named per-quarter series of
// timeseries.csv. The names are the contract with notebooks (docs/output.md).
#pragma once

#include <string>
#include <vector>

#include "models/metrics/quarter_outcome.h"
#include "sim/engine/recorder.h"

namespace cmsim::metrics {

/// TPP at or above which a product counts as high-end (ECCN 3A090 line, Oct 2022).
inline constexpr double HIGH_END_TPP = 4800.0;

class QuarterMetrics {
 public:
  /// Declares every series, in output order, for the scenario's ecosystems.
  QuarterMetrics(engine::Recorder& recorder, const std::vector<std::string>& ecosystems);
  void record(engine::Quarter q, const QuarterOutcome& o);

 private:
  engine::Recorder& rec_;
  std::vector<std::size_t> dev_share_, maturity_;
};

}  // namespace cmsim::metrics
