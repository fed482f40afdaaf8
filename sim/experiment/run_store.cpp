#include "sim/experiment/run_store.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace cmsim::experiment {

RunStore::RunStore(SweepHeader header, std::vector<std::uint64_t> replications)
    : header_(std::move(header)), replications_(std::move(replications)) {
  if (!std::is_sorted(replications_.begin(), replications_.end()) ||
      std::adjacent_find(replications_.begin(), replications_.end()) != replications_.end())
    throw std::invalid_argument("RunStore: replications must be sorted and unique");
  present_.assign(replications_.size(), 0);
  parameters_.assign(replications_.size() * header_.parameters.size(), 0.0);
  if (header_.has_layout) values_.assign(replications_.size() * header_.values_per_run(), 0.0);
}

std::size_t RunStore::slot_of(std::uint64_t replication) const {
  auto it = std::lower_bound(replications_.begin(), replications_.end(), replication);
  if (it == replications_.end() || *it != replication) return NONE;
  return static_cast<std::size_t>(it - replications_.begin());
}

bool RunStore::has(std::uint64_t replication) const {
  const auto s = slot_of(replication);
  return s != NONE && present_[s];
}

void RunStore::set_layout(const std::vector<std::string>& metrics, engine::Quarter first, std::uint64_t quarters) {
  if (header_.has_layout) {
    if (header_.metrics != metrics || header_.first_quarter != first || header_.quarters != quarters)
      throw std::runtime_error("replications of one sweep recorded different metrics or quarters (" +
                               std::to_string(header_.metrics.size()) + " metrics from " +
                               header_.first_quarter.label() + " vs " + std::to_string(metrics.size()) +
                               " metrics from " + first.label() + ")");
    return;
  }
  header_.has_layout = true;
  header_.metrics = metrics;
  header_.first_quarter = first;
  header_.quarters = quarters;
  values_.assign(replications_.size() * header_.values_per_run(), 0.0);
}

void RunStore::add(std::uint64_t replication, std::span<const double> parameters, const engine::Recorder& series) {
  set_layout(series.names(), series.first(), series.quarter_count());
  const std::size_t m = header_.metrics.size(), q = header_.quarters;
  std::vector<double> flat(m * q);
  for (std::size_t j = 0; j < m; ++j) {
    const auto s = series.series(j);
    for (std::size_t i = 0; i < q; ++i) flat[i * m + j] = s[i];
  }
  add_values(replication, parameters, flat);
}

bool RunStore::add_values(std::uint64_t replication, std::span<const double> parameters,
                          std::span<const double> values) {
  if (!header_.has_layout) throw std::logic_error("RunStore::add_values before the layout is known");
  if (parameters.size() != header_.parameters.size() || values.size() != header_.values_per_run())
    throw std::runtime_error("replication " + std::to_string(replication) + ": record has the wrong size");
  const auto s = slot_of(replication);
  if (s == NONE || present_[s]) return false;
  std::copy(parameters.begin(), parameters.end(),
            parameters_.begin() + static_cast<std::ptrdiff_t>(s * parameters.size()));
  std::copy(values.begin(), values.end(), values_.begin() + static_cast<std::ptrdiff_t>(s * values.size()));
  present_[s] = 1;
  ++completed_;
  return true;
}

std::span<const double> RunStore::parameters(std::size_t slot) const {
  const std::size_t k = header_.parameters.size();
  return std::span(parameters_).subspan(slot * k, k);
}

std::span<const double> RunStore::values(std::size_t slot) const {
  const std::size_t v = header_.values_per_run();
  return std::span(values_).subspan(slot * v, v);
}

}  // namespace cmsim::experiment
