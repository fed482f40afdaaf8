// Morris elementary effects (Morris 1991; mu_star of Campolongo et al. 2007).
//
// Design: r trajectories of K + 1 runs on a grid of p levels per parameter (p even). Level
// l sits at u = (l + 0.5) / p, the middle of its stratum, so no point lands on an infinite
// tail of an unbounded distribution. A trajectory starts at a random base point and moves
// each parameter once, in a random order, by p/2 levels (Delta u = 1/2) up or down; its
// run index is t (K + 1) + m. The elementary effect of parameter i on trajectory t is
// (f(after) - f(before)) / Delta u with the sign of the move, so on f = sum c_i x_i with
// x_i uniform on a range of width w_i, every effect is c_i w_i.
// Summary per parameter: mu (mean effect), mu_star (mean |effect|), sigma (standard
// deviation of the effects, n - 1), mu_star_conf (1.96 x bootstrap sd of mu_star).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cmsim::analysis {

struct MorrisDesign {
  std::size_t parameters = 0;
  std::uint64_t trajectories = 0;
  std::vector<double> points;      ///< r (K + 1) rows of K unit coordinates, run-major
  std::vector<std::size_t> moved;  ///< per trajectory, K entries: parameter moved at step m + 1
  std::vector<double> direction;   ///< per trajectory, K entries: +1 or -1 (same order as moved)
};

/// Trajectory t from stream (seed, t, MORRIS_TRAJECTORY, 0). Throws std::invalid_argument
/// for an odd or < 2 level count, or no parameters.
MorrisDesign morris_design(std::size_t parameters, std::uint64_t trajectories, unsigned levels, std::uint64_t seed);

struct MorrisIndex {
  double mu = 0, mu_star = 0, sigma = 0, mu_star_conf = 0;
};

/// Indices from f at the design's runs (outputs.size() == r (K + 1)).
std::vector<MorrisIndex> morris_indices(const MorrisDesign& design, std::span<const double> outputs,
                                        std::uint64_t resamples, std::uint64_t seed);

}  // namespace cmsim::analysis
