// Variance-based (Sobol) sensitivity indices by Saltelli's sampling scheme.
//
// Design: N base points of dimension 2K (the experiment layer's random, LHS or Sobol
// design) give rows A_j (first K coordinates) and B_j (last K). Block j is K + 2 runs:
// A_j, B_j, then AB_j^i = A_j with coordinate i taken from B_j, for i = 1..K; run index
// j (K + 2) + m. Estimators (Saltelli et al. 2010, Table 2): V = variance of f over A and B,
//   S1_i = mean_j (f(B_j) - m) (f(AB_j^i) - f(A_j)) / V      (Saltelli 2010; m the mean of f over
//                                                            A and B, which changes nothing in
//                                                            expectation and cuts the noise)
//   ST_i = mean_j (f(A_j) - f(AB_j^i))^2 / (2 V)             (Jansen 1999)
// with confidence half-widths 1.96 x the standard deviation of the indices over bootstrap
// resamples of the N blocks (the convention of SALib).
// For a stochastic model whose runs in one block share their random streams, V also holds
// the variance due to those streams, which no parameter explains: 1 - sum ST estimates it.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sim/experiment/design_kind.h"

namespace cmsim::analysis {

/// Unit points of the Saltelli design, run-major: N (K + 2) rows of K coordinates in [0, 1).
std::vector<double> saltelli_points(std::uint64_t base_samples, std::size_t parameters,
                                    experiment::DesignKind base_design, std::uint64_t seed);

struct SobolIndex {
  double s1 = 0, s1_conf = 0, st = 0, st_conf = 0;
};

/// Indices per parameter from f at the design's runs (outputs.size() == N (K + 2)).
/// `resamples` bootstrap resamples drawn from stream (seed, b, BOOTSTRAP, 0). Throws
/// std::invalid_argument when the outputs do not fit the design or their variance is 0.
std::vector<SobolIndex> sobol_indices(std::span<const double> outputs, std::size_t parameters, std::uint64_t resamples,
                                      std::uint64_t seed);

}  // namespace cmsim::analysis
