// The values of a sweep's replications, held so that statistics and files can be produced
// in replication order whatever order the replications finished in. Memory is exactly
// 8 bytes × replications × (quarters × metrics + parameters) plus the replication list:
// exact quantiles need every value, and nothing else is kept per replication.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/engine/recorder.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::experiment {

class RunStore {
 public:
  /// Slots for the given replications (sorted ascending, unique). The layout is taken from
  /// the header if it has one, else from the first replication added.
  RunStore(SweepHeader header, std::vector<std::uint64_t> replications);

  const SweepHeader& header() const { return header_; }
  const std::vector<std::uint64_t>& replications() const { return replications_; }
  bool expects(std::uint64_t replication) const { return slot_of(replication) != NONE; }
  bool has(std::uint64_t replication) const;
  std::size_t completed() const { return completed_; }
  bool complete() const { return completed_ == replications_.size(); }

  /// Stores a replication's parameter values and recorded series. Throws std::runtime_error
  /// if its metrics or quarters differ from the replications before it.
  void add(std::uint64_t replication, std::span<const double> parameters, const engine::Recorder& series);
  /// Stores raw values laid out quarter-major then metric (as in runs.csv). Returns false
  /// (and changes nothing) if the replication is already stored or not expected here.
  bool add_values(std::uint64_t replication, std::span<const double> parameters, std::span<const double> values);
  /// Sets the layout; throws std::runtime_error if it conflicts with the one already set.
  void set_layout(const std::vector<std::string>& metrics, engine::Quarter first, std::uint64_t quarters);

  /// By slot (position in replications()); only meaningful for stored replications.
  std::span<const double> parameters(std::size_t slot) const;
  std::span<const double> values(std::size_t slot) const;
  bool stored(std::size_t slot) const { return present_[slot] != 0; }

 private:
  static constexpr std::size_t NONE = static_cast<std::size_t>(-1);
  std::size_t slot_of(std::uint64_t replication) const;

  SweepHeader header_;
  std::vector<std::uint64_t> replications_;
  std::vector<unsigned char> present_;
  std::vector<double> parameters_;
  std::vector<double> values_;
  std::size_t completed_ = 0;
};

}  // namespace cmsim::experiment
