// Progress of long work on stderr: a bar with rate and ETA when stderr is a terminal,
// a log line every 10 seconds otherwise (so CI logs stay short), or nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cmsim::experiment {

enum class ProgressMode { AUTO, BAR, LOG, OFF };

class ProgressReporter {
 public:
  /// `total` units of work of which `already` were done before (e.g. resumed).
  ProgressReporter(std::string label, std::uint64_t total, std::uint64_t already, ProgressMode mode);
  /// Reports `done` units finished in total (including `already`); rate-limited.
  void update(std::uint64_t done);
  /// Final line (bar mode ends the line).
  void finish(std::uint64_t done);

 private:
  void draw(std::uint64_t done, bool final);
  std::string label_;
  std::uint64_t total_, already_;
  ProgressMode mode_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
};

/// "1h02m", "3m05s", "12s".
std::string format_duration(double seconds);

}  // namespace cmsim::experiment
