// Derivative-free minimisation by the Nelder–Mead simplex method (Nelder & Mead 1965, with
// the standard coefficients of Lagarias et al. 1998), and a bounded variant that searches
// an unbounded transformed space (logit of each coordinate's position in [lo, hi]), so every
// point it evaluates respects the bounds. Domain-free: the objective is any function.
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace cmsim::experiment {

/// The function to minimise. A non-finite value (NaN, inf) counts as +inf: worse than any point.
using Objective = std::function<double(std::span<const double> x)>;

struct NelderMeadOptions {
  std::size_t max_evaluations = 200;  ///< hard limit on objective calls
  /// Initial simplex: x0 plus x0 + step·e_k for each coordinate k (in the searched space).
  double initial_step = 0.5;
  /// Converged when the simplex's values differ by at most f_tolerance (absolute) and its
  /// vertices lie within x_tolerance of the best one (max norm).
  double f_tolerance = 1e-10;
  double x_tolerance = 1e-8;
  /// Stop as soon as a value <= this is found (e.g. 0 for a loss that cannot go below 0).
  double target_value = -std::numeric_limits<double>::infinity();
};

struct NelderMeadResult {
  std::vector<double> x;  ///< best point found (in the caller's space)
  double value = 0;       ///< objective at x
  std::size_t evaluations = 0;
  std::size_t iterations = 0;
  bool converged = false;   ///< tolerances or target_value met (not stopped by max_evaluations)
  std::string stop_reason;  ///< "tolerance", "target value reached", "evaluation limit"
};

/// Minimises f from x0 (x0.size() >= 1). Throws std::invalid_argument on an empty x0 or a
/// non-positive step.
NelderMeadResult nelder_mead(const Objective& f, std::span<const double> x0, const NelderMeadOptions& options = {});

/// A finite interval [lo, hi] with lo < hi.
struct Bounds {
  double lo = 0;
  double hi = 1;
};

/// x = lo + (hi − lo) / (1 + e^{−z}): maps the whole real line into the open interval.
double from_unbounded(double z, const Bounds& b);
/// Its inverse; a point on or outside a bound is first moved 1e-6 of the width inside.
double to_unbounded(double x, const Bounds& b);

/// Minimises f over the box (one Bounds per coordinate) by running nelder_mead on the
/// logit-transformed coordinates; options (steps, x_tolerance) apply in that space.
/// Throws std::invalid_argument when sizes differ or a bound has lo >= hi.
NelderMeadResult nelder_mead_bounded(const Objective& f, std::span<const double> x0, std::span<const Bounds> bounds,
                                     const NelderMeadOptions& options = {});

}  // namespace cmsim::experiment
