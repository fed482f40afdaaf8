// The engine's example model: an M/M/1 queue, whose long-run mean number in system is
// rho / (1 - rho) in closed form. It validates the event queue, the clock and the random
// streams together, and shows the smallest complete use of the engine.
#pragma once

#include <cstdint>

namespace cmsim::examples {

struct Mm1Params {
  double arrival_rate = 0.5;  ///< lambda, arrivals per day
  double service_rate = 1.0;  ///< mu, services per day
  double horizon_days = 1e5;  ///< simulated length
  double warmup_days = 1e3;   ///< discarded start, to remove the empty-queue transient
  std::uint64_t seed = 1;
  std::uint64_t replication = 0;
};

struct Mm1Result {
  double mean_in_system = 0;  ///< time average of the number in system after warm-up
  double utilisation = 0;     ///< fraction of time the server is busy after warm-up
  std::uint64_t arrivals = 0;
  std::uint64_t departures = 0;
  std::uint64_t events = 0;
};

/// Runs one replication. Throws std::invalid_argument for non-positive rates or horizon.
Mm1Result run_mm1(const Mm1Params& p);

}  // namespace cmsim::examples
