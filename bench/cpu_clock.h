// Clocks for benchmarks: CPU time of the whole process (all threads) and monotonic wall time.
#pragma once

#include <ctime>

namespace cmsim::bench {

inline double clock_seconds(clockid_t id) {
  timespec t{};
  clock_gettime(id, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

/// CPU seconds used by every thread of this process so far.
inline double process_cpu_seconds() { return clock_seconds(CLOCK_PROCESS_CPUTIME_ID); }
/// Monotonic wall-clock seconds.
inline double wall_seconds() { return clock_seconds(CLOCK_MONOTONIC); }

}  // namespace cmsim::bench
