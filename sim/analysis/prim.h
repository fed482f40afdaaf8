// PRIM, the Patient Rule Induction Method (Friedman & Fisher 1999), as scenario discovery
// uses it (Bryant & Lempert 2010): find a box (an interval per input) where the cases of
// interest are dense. Peeling repeatedly removes the alpha share of the points in the box
// at the low or high end of one input, whichever leaves the highest density, until the box
// holds fewer than `min_mass` of all points; the sequence of boxes is the coverage–density
// trade-off. Pasting then widens the chosen box again wherever that raises its density.
//   coverage = cases of interest in the box / all cases of interest
//   density  = cases of interest in the box / points in the box
//   mass     = points in the box / all points
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace cmsim::analysis {

/// Points as rows of `dimensions` inputs; interest[i] marks a case of interest.
struct PrimData {
  std::size_t dimensions = 0;
  std::vector<double> x;  ///< row-major, rows() * dimensions
  std::vector<unsigned char> interest;
  std::size_t rows() const { return interest.size(); }
};

/// Limits per input; an unrestricted side is -inf / +inf.
struct Box {
  std::vector<double> low, high;
  bool contains(std::span<const double> row) const;
  bool restricts(std::size_t dimension) const;
};

struct BoxStats {
  double coverage = 0, density = 0, mass = 0;
  std::size_t points = 0, interesting = 0;
};

BoxStats box_stats(const PrimData& data, const Box& box);

struct PrimOptions {
  double alpha = 0.05;     ///< share of the box's points peeled (or pasted) at a step
  double min_mass = 0.05;  ///< stop peeling below this share of all points
  /// The chosen box: the one with the highest coverage among those with at least this
  /// density (the densest box when none reaches it).
  double density_threshold = 0.8;
  double max_p = 1.0;  ///< resampling: drop restrictions above this quasi p-value (drop_insignificant)
};

struct PrimResult {
  std::vector<Box> trajectory;  ///< step 0 = every point, then one box per peel
  std::vector<BoxStats> stats;  ///< aligned with trajectory
  std::size_t chosen = 0;       ///< index into trajectory of the box chosen before pasting
  Box box;                      ///< the chosen box after pasting
  BoxStats box_stats;
};

/// Throws std::invalid_argument for no points, no case of interest, or bad options.
PrimResult prim(const PrimData& data, const PrimOptions& options);

/// Per input restricted by `box`: the quasi p-value of its restriction, the binomial
/// probability of seeing at least the box's cases of interest among its points if their
/// density were that of the box without this restriction (Bryant & Lempert 2010). Inputs
/// the box does not restrict get NaN.
std::vector<double> quasi_p_values(const PrimData& data, const Box& box);

/// Drops, one at a time, the restriction with the largest quasi p-value while it exceeds
/// `max_p` (EMA Workbench's drop_restriction, automated): what is left is the part of the
/// box the data support. max_p >= 1 keeps every restriction.
Box drop_insignificant(const PrimData& data, Box box, double max_p);

/// Per input: the share of `resamples` bootstrap resamples of the points (stream (seed,
/// b, PRIM_RESAMPLE, 0)) whose PRIM box, after drop_insignificant(options.max_p),
/// restricts it: how reproducible the restriction is.
std::vector<double> resampled_restriction_shares(const PrimData& data, const PrimOptions& options,
                                                 std::uint64_t resamples, std::uint64_t seed);

}  // namespace cmsim::analysis
