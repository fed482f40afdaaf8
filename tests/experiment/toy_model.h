// A toy replication function for the experiment tests: two metrics over eight quarters,
// driven by the sampled parameters and by a per-replication noise stream that base and
// alternative share (common random numbers).
#pragma once

#include <span>

#include "sim/engine/random_stream.h"
#include "sim/engine/recorder.h"
#include "sim/experiment/parameter.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::testing {

inline std::vector<experiment::Parameter> toy_parameters() {
  return {{"growth", [](double u) { return 0.5 + u; }}, {"level", [](double u) { return 10 * u; }}};
}

/// effect = 0 for the base, > 0 for an alternative that raises "output" by effect × growth.
inline experiment::ReplicationFn toy_model(double effect = 0, std::uint64_t seed = 7) {
  return [effect, seed](std::uint64_t r, std::span<const double> p) {
    engine::Recorder rec(engine::Quarter(2024, 1), engine::Quarter(2025, 4));
    const auto out = rec.declare("output");
    const auto noise_id = rec.declare("noise");
    engine::RandomStream noise({seed, r, 1, 0});
    double level = p[1];
    for (auto q = rec.first(); q <= rec.last(); q = q.next()) {
      const double shock = noise.normal(0, 3);
      level = level * (1 + 0.05 * p[0]) + shock;
      rec.set(out, q, level + effect * p[0]);
      rec.set(noise_id, q, shock);
    }
    return rec;
  };
}

}  // namespace cmsim::testing
