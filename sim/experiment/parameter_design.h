// The parameter design of a sweep: for replication r it gives a point u in [0, 1)^K, one
// coordinate per uncertain parameter, which the caller maps through each parameter's
// inverse CDF. A replication's point depends only on (seed, r) for the random design, and
// on (seed, N, r) for LHS and Sobol — never on threads, shards or ranks.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiment/design_kind.h"

namespace cmsim::experiment {

class ParameterDesign {
 public:
  /// `runs` is the sweep's total replication count N (LHS strata are 1/N wide).
  ParameterDesign(DesignKind kind, std::size_t dimensions, std::uint64_t runs, std::uint64_t seed);

  /// Writes replication r's point (out.size() == dimensions()). r must be < runs.
  ///  - random: u_k = uniform from stream (seed, r, PARAMETER_SAMPLING, k);
  ///  - lhs:    u_k = (pi_k(r) + uniform from that same stream) / N, pi_k a permutation of
  ///            0..N-1 drawn (Fisher–Yates) from stream (seed, 0, LHS_PERMUTATION, k);
  ///  - sobol:  point r + 1 of the unscrambled Sobol sequence (point 0 is the origin,
  ///            skipped because it sits on every parameter's lower bound).
  void point(std::uint64_t replication, std::span<double> out) const;

  DesignKind kind() const { return kind_; }
  std::size_t dimensions() const { return dimensions_; }
  std::uint64_t runs() const { return runs_; }

 private:
  DesignKind kind_;
  std::size_t dimensions_;
  std::uint64_t runs_;
  std::uint64_t seed_;
  std::vector<std::uint32_t> lhs_permutation_;  // dimension-major: [k * runs + r]
};

}  // namespace cmsim::experiment
