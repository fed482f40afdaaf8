// Bounded derivative-free minimisation on NLopt (BOBYQA, Sbplx or Nelder–Mead), with an
// optional multistart from a Sobol sequence, and what to read at a minimum: a central
// finite-difference Hessian and its eigen-decomposition (weakly identified directions).
// Domain-free: the objective is any function of a point in a box.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace cmsim::experiment {

/// The function to minimise. A non-finite value (NaN, inf) counts as worse than any finite
/// one (NLopt sees NONFINITE_PENALTY).
using Objective = std::function<double(std::span<const double> x)>;

/// What NLopt is handed for a NaN or infinite value: larger than any loss worth comparing.
inline constexpr double NONFINITE_PENALTY = 1e30;

/// A finite interval [lo, hi] with lo < hi.
struct Bounds {
  double lo = 0;
  double hi = 1;
};

enum class Method {
  BOBYQA,       ///< Powell's bounded quadratic-model method (NLOPT_LN_BOBYQA)
  SBPLX,        ///< Rowan's subplex: Nelder–Mead on subspaces (NLOPT_LN_SBPLX)
  NELDER_MEAD,  ///< NLopt's bounded Nelder–Mead simplex (NLOPT_LN_NELDERMEAD)
};

const char* to_string(Method m);
/// "bobyqa", "sbplx", "neldermead"; nullopt otherwise.
std::optional<Method> parse_method(std::string_view text);

struct OptimiserOptions {
  Method method = Method::BOBYQA;
  std::size_t max_evaluations = 200;  ///< per start
  /// Initial step (simplex size, trust radius) as a fraction of each bound's width.
  double initial_step = 0.1;
  /// Stop when a step moves every coordinate by less than this fraction of its width...
  double x_tolerance = 1e-4;
  /// ... or the value changes by less than this (absolute).
  double f_tolerance = 1e-9;
  /// Stop as soon as a value <= this is found (e.g. 0 for a loss that cannot go below 0).
  double target_value = -1e300;
  /// Starts: 1 = from x0 only; K > 1 adds K−1 starts at points 1..K−1 of the Sobol sequence
  /// mapped into the box.
  std::size_t starts = 1;
};

struct StartResult {
  std::vector<double> x0;  ///< where this start began
  std::vector<double> x;   ///< best point of this start
  double value = 0;
  std::size_t evaluations = 0;
  std::string stop_reason;  ///< which stopping rule fired (stop_reason_text of NLopt's code)
};

struct OptimiserResult {
  std::vector<double> x;        ///< best point over all starts
  double value = 0;             ///< objective at x (as returned by the objective; may be non-finite)
  std::size_t evaluations = 0;  ///< over all starts
  std::string stop_reason;      ///< of the start that found x
  bool converged = false;       ///< that start stopped by a tolerance or the target value, not the limit
  std::size_t best_start = 0;
  std::vector<StartResult> starts;
};

/// Minimises f over the box from x0 (clamped into it). Throws std::invalid_argument when
/// sizes differ, x0 is empty, a bound has lo >= hi or an option is out of range.
OptimiserResult minimise(const Objective& f, std::span<const double> x0, std::span<const Bounds> bounds,
                         const OptimiserOptions& options = {});

/// Central finite-difference Hessian of f at x with steps h (one per coordinate, > 0):
/// H_ii = (f(x+h_i) − 2 f(x) + f(x−h_i)) / h_i², H_ij from the four points x ± h_i ± h_j.
/// 1 + 2n + 2n(n−1) evaluations. Symmetric by construction.
std::vector<std::vector<double>> finite_difference_hessian(const Objective& f, std::span<const double> x,
                                                           std::span<const double> h);

struct EigenPair {
  double value = 0;
  std::vector<double> vector;  ///< unit length; sign chosen so the largest-|.| loading is positive
};

/// Eigenvalues and eigenvectors of a symmetric matrix, smallest eigenvalue first.
std::vector<EigenPair> symmetric_eigen(const std::vector<std::vector<double>>& matrix);

/// "0.71 beta_risk - 0.70 risk_shock": the loadings with |loading| >= min_loading, largest
/// first, with two decimals.
std::string describe_direction(std::span<const double> vector, std::span<const std::string> names,
                               double min_loading = 0.1);

/// The loss near a minimum, in the box's scaled coordinates u_k = (x_k − lo_k) / (hi_k − lo_k)
/// (one unit = one bound width), so curvatures of parameters of different sizes compare.
struct ProfilePoint {
  std::size_t parameter = 0;
  int step = 0;  ///< −half..half
  double x = 0;  ///< the parameter's value (others at the minimum)
  double value = 0;
};
struct Identifiability {
  std::vector<ProfilePoint> profile;         ///< per parameter, the points inside the box
  std::vector<double> centre;                ///< where the Hessian was taken (x, moved inside by a step if needed)
  std::vector<std::vector<double>> hessian;  ///< in scaled coordinates
  std::vector<EigenPair> eigen;              ///< smallest first, vectors in scaled coordinates
  /// eigenvalue / largest eigenvalue, per eigenpair (NaN when the largest is not > 0).
  std::vector<double> relative;
  std::vector<bool> weak;  ///< relative < weak_ratio (a flat or negative direction is weak too)
  std::size_t evaluations = 0;
};
struct IdentifiabilityOptions {
  int profile_points = 7;      ///< odd: the minimum and (points−1)/2 on each side
  double profile_span = 0.1;   ///< outermost profile point, as a fraction of the bound width
  double hessian_step = 0.05;  ///< finite-difference step, as a fraction of the bound width
  double weak_ratio = 0.01;    ///< eigenvalue below this share of the largest: weak
};
/// Profiles f along each coordinate from x and takes its Hessian there (scaled coordinates).
/// The Hessian's centre is x moved, coordinate by coordinate, at least one step inside the box.
Identifiability analyse_identifiability(const Objective& f, std::span<const double> x, std::span<const Bounds> bounds,
                                        const IdentifiabilityOptions& options = {});

}  // namespace cmsim::experiment
