// Collects named per-quarter series for one replication. Series keep the order in which
// they were first declared, so output columns are stable across runs.
#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/date.h"

namespace cmsim::engine {

class Recorder {
 public:
  /// Records quarters first..last inclusive; unset values are NaN.
  Recorder(Quarter first, Quarter last);

  /// Declares a series (idempotent) and returns its id for fast access.
  std::size_t declare(std::string_view name);
  /// Id of a declared series; throws std::out_of_range for an unknown name.
  std::size_t id(std::string_view name) const;
  bool has(std::string_view name) const;

  /// Sets the value of a series in a quarter; quarters outside the range are ignored.
  void set(std::size_t series, Quarter q, double value);
  void set(std::string_view name, Quarter q, double value) { set(declare(name), q, value); }
  /// Adds to the value (NaN counts as 0).
  void add(std::size_t series, Quarter q, double value);

  double get(std::size_t series, Quarter q) const;
  std::span<const double> series(std::size_t id) const { return values_[id]; }
  const std::vector<std::string>& names() const { return names_; }

  Quarter first() const { return first_; }
  Quarter last() const { return last_; }
  std::size_t quarter_count() const { return static_cast<std::size_t>(quarters_between(first_, last_) + 1); }
  bool in_range(Quarter q) const { return q >= first_ && q <= last_; }

 private:
  Quarter first_, last_;
  std::vector<std::string> names_;
  std::map<std::string, std::size_t, std::less<>> index_;
  std::vector<std::vector<double>> values_;
};

}  // namespace cmsim::engine
