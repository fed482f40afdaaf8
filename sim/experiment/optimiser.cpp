#include "sim/experiment/optimiser.h"

#include <nlopt.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <stdexcept>

#include "sim/experiment/parameter_design.h"

namespace cmsim::experiment {

const char* to_string(Method m) {
  switch (m) {
    case Method::BOBYQA:
      return "bobyqa";
    case Method::SBPLX:
      return "sbplx";
    case Method::NELDER_MEAD:
      return "neldermead";
  }
  return "?";
}

std::optional<Method> parse_method(std::string_view text) {
  for (Method m : {Method::BOBYQA, Method::SBPLX, Method::NELDER_MEAD})
    if (text == to_string(m)) return m;
  return std::nullopt;
}

namespace {

nlopt_algorithm algorithm_of(Method m) {
  switch (m) {
    case Method::BOBYQA:
      return NLOPT_LN_BOBYQA;
    case Method::SBPLX:
      return NLOPT_LN_SBPLX;
    case Method::NELDER_MEAD:
      return NLOPT_LN_NELDERMEAD;
  }
  return NLOPT_LN_BOBYQA;
}

std::string stop_reason_text(nlopt_result r) {
  switch (r) {
    case NLOPT_SUCCESS:
      return "success";
    case NLOPT_STOPVAL_REACHED:
      return "target value reached";
    case NLOPT_FTOL_REACHED:
      return "value tolerance (ftol) reached";
    case NLOPT_XTOL_REACHED:
      return "step tolerance (xtol) reached";
    case NLOPT_MAXEVAL_REACHED:
      return "evaluation limit";
    case NLOPT_MAXTIME_REACHED:
      return "time limit";
    case NLOPT_ROUNDOFF_LIMITED:
      return "stopped by roundoff";
    case NLOPT_FORCED_STOP:
      return "forced stop";
    case NLOPT_OUT_OF_MEMORY:
      return "out of memory";
    case NLOPT_INVALID_ARGS:
      return "invalid arguments";
    default:
      return "failure (NLopt " + std::to_string(static_cast<int>(r)) + ")";
  }
}

struct CallbackState {
  const Objective* f = nullptr;
  std::size_t evaluations = 0;
  std::size_t max_evaluations = 0;
  std::vector<double> best_x;
  double best_value = 0;
  double best_rank = 0;  // the value NLopt saw: non-finite values rank as the penalty
  std::exception_ptr error;
  nlopt_opt opt = nullptr;
};

double callback(unsigned n, const double* x, double* grad, void* data) {
  (void)grad;  // derivative-free methods only
  auto* st = static_cast<CallbackState*>(data);
  if (st->error) return NONFINITE_PENALTY;
  if (st->evaluations >= st->max_evaluations) {  // never more than asked, whatever NLopt does
    nlopt_force_stop(st->opt);
    return NONFINITE_PENALTY;
  }
  double v = 0;
  try {
    v = (*st->f)(std::span<const double>(x, n));
  } catch (...) {
    st->error = std::current_exception();
    nlopt_force_stop(st->opt);
    return NONFINITE_PENALTY;
  }
  ++st->evaluations;
  const double rank = std::isfinite(v) ? v : NONFINITE_PENALTY;
  if (st->best_x.empty() || rank < st->best_rank) {
    st->best_x.assign(x, x + n);
    st->best_value = v;
    st->best_rank = rank;
  }
  return rank;
}

StartResult run_start(const Objective& f, std::span<const double> x0, std::span<const Bounds> bounds,
                      const OptimiserOptions& o) {
  const unsigned n = static_cast<unsigned>(x0.size());
  nlopt_opt opt = nlopt_create(algorithm_of(o.method), n);
  if (!opt) throw std::runtime_error("NLopt: cannot create an optimiser");
  struct Destroy {
    nlopt_opt opt;
    ~Destroy() { nlopt_destroy(opt); }
  } destroy{opt};
  std::vector<double> lo(n), hi(n), step(n), xtol(n), x(x0.begin(), x0.end());
  for (unsigned k = 0; k < n; ++k) {
    lo[k] = bounds[k].lo;
    hi[k] = bounds[k].hi;
    const double width = hi[k] - lo[k];
    x[k] = std::clamp(x[k], lo[k], hi[k]);
    // Never a first step that leaves the box on both sides (BOBYQA needs 2·step <= width).
    // BOBYQA moves a start that lies closer than a step to a bound (onto the bound or a
    // step away from it): the step shrinks to the distance instead, unless that is under
    // 1% of the width, so that the first point evaluated is the start.
    step[k] = std::min(o.initial_step, 0.5) * width;
    const double room = std::min(x[k] - lo[k], hi[k] - x[k]);
    if (room > 0 && room < step[k]) step[k] = std::max(room, 0.01 * width);
    xtol[k] = o.x_tolerance * width;
  }
  CallbackState st;
  st.f = &f;
  st.max_evaluations = o.max_evaluations;
  st.opt = opt;
  nlopt_set_lower_bounds(opt, lo.data());
  nlopt_set_upper_bounds(opt, hi.data());
  nlopt_set_initial_step(opt, step.data());
  nlopt_set_xtol_abs(opt, xtol.data());
  nlopt_set_ftol_abs(opt, o.f_tolerance);
  // NLopt stops when a value is strictly below stopval: the next double up makes it "<=".
  nlopt_set_stopval(opt, std::nextafter(o.target_value, std::numeric_limits<double>::infinity()));
  nlopt_set_maxeval(opt, static_cast<int>(std::min<std::size_t>(o.max_evaluations, 1'000'000'000)));
  nlopt_set_min_objective(opt, callback, &st);
  double value = 0;
  nlopt_result r = nlopt_optimize(opt, x.data(), &value);
  if (st.error) std::rethrow_exception(st.error);
  if (r == NLOPT_FORCED_STOP && st.evaluations >= o.max_evaluations) r = NLOPT_MAXEVAL_REACHED;
  StartResult out;
  out.x0.assign(x0.begin(), x0.end());
  out.evaluations = st.evaluations;
  out.stop_reason = stop_reason_text(r);
  if (st.best_x.empty()) {  // NLopt refused before evaluating anything
    if (r < 0) throw std::invalid_argument("NLopt " + std::string(to_string(o.method)) + ": " + out.stop_reason);
    out.x = x;
    out.value = NONFINITE_PENALTY;
  } else {
    out.x = st.best_x;
    out.value = st.best_value;
  }
  return out;
}

}  // namespace

OptimiserResult minimise(const Objective& f, std::span<const double> x0, std::span<const Bounds> bounds,
                         const OptimiserOptions& o) {
  if (x0.empty()) throw std::invalid_argument("minimise: empty starting point");
  if (x0.size() != bounds.size()) throw std::invalid_argument("minimise: one bound per coordinate expected");
  for (const auto& b : bounds)
    if (!(b.lo < b.hi) || !std::isfinite(b.lo) || !std::isfinite(b.hi))
      throw std::invalid_argument("minimise: a bound needs finite lo < hi");
  if (!(o.initial_step > 0) || o.max_evaluations == 0 || o.starts == 0)
    throw std::invalid_argument("minimise: initial_step > 0, max_evaluations >= 1 and starts >= 1 expected");
  nlopt_srand(20221007);  // NLopt's own random numbers (unused by these methods): fixed

  std::vector<std::vector<double>> starts = {std::vector<double>(x0.begin(), x0.end())};
  if (o.starts > 1) {
    const ParameterDesign sobol(DesignKind::SOBOL, x0.size(), o.starts - 1, 0);
    std::vector<double> u(x0.size());
    for (std::uint64_t r = 0; r + 1 < o.starts; ++r) {
      sobol.point(r, u);
      std::vector<double> x(x0.size());
      for (std::size_t k = 0; k < x.size(); ++k) x[k] = bounds[k].lo + u[k] * (bounds[k].hi - bounds[k].lo);
      starts.push_back(std::move(x));
    }
  }
  OptimiserResult result;
  double best_rank = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    StartResult s = run_start(f, starts[i], bounds, o);
    result.evaluations += s.evaluations;
    const double rank = std::isfinite(s.value) ? s.value : NONFINITE_PENALTY;
    if (i == 0 || rank < best_rank) {
      best_rank = rank;
      result.best_start = i;
      result.x = s.x;
      result.value = s.value;
      result.stop_reason = s.stop_reason;
    }
    result.starts.push_back(std::move(s));
  }
  const std::string& why = result.stop_reason;
  result.converged = why == "target value reached" || why == "value tolerance (ftol) reached" ||
                     why == "step tolerance (xtol) reached" || why == "success";
  return result;
}

std::vector<std::vector<double>> finite_difference_hessian(const Objective& f, std::span<const double> x,
                                                           std::span<const double> h) {
  const std::size_t n = x.size();
  if (h.size() != n) throw std::invalid_argument("finite_difference_hessian: one step per coordinate expected");
  for (double s : h)
    if (!(s > 0)) throw std::invalid_argument("finite_difference_hessian: steps must be > 0");
  std::vector<double> p(x.begin(), x.end());
  auto at = [&](std::size_t i, double di, std::size_t j, double dj) {
    p.assign(x.begin(), x.end());
    p[i] += di;
    p[j] += dj;
    return f(p);
  };
  const double f0 = f(x);
  std::vector<std::vector<double>> H(n, std::vector<double>(n, 0.0));
  for (std::size_t i = 0; i < n; ++i) {
    const double up = at(i, h[i], i, 0), down = at(i, -h[i], i, 0);
    H[i][i] = (up - 2 * f0 + down) / (h[i] * h[i]);
  }
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i + 1; j < n; ++j) {
      const double pp = at(i, h[i], j, h[j]), pm = at(i, h[i], j, -h[j]);
      const double mp = at(i, -h[i], j, h[j]), mm = at(i, -h[i], j, -h[j]);
      H[i][j] = H[j][i] = (pp - pm - mp + mm) / (4 * h[i] * h[j]);
    }
  return H;
}

std::vector<EigenPair> symmetric_eigen(const std::vector<std::vector<double>>& matrix) {
  const auto n = static_cast<Eigen::Index>(matrix.size());
  Eigen::MatrixXd m(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (static_cast<Eigen::Index>(matrix[i].size()) != n)
      throw std::invalid_argument("symmetric_eigen: a square matrix expected");
    for (Eigen::Index j = 0; j < n; ++j) m(i, j) = matrix[i][j];
  }
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m);  // ascending eigenvalues
  if (solver.info() != Eigen::Success) throw std::runtime_error("symmetric_eigen: no convergence");
  std::vector<EigenPair> out;
  for (Eigen::Index k = 0; k < n; ++k) {
    EigenPair e;
    e.value = solver.eigenvalues()(k);
    Eigen::VectorXd v = solver.eigenvectors().col(k);
    Eigen::Index big = 0;
    v.cwiseAbs().maxCoeff(&big);
    if (v(big) < 0) v = -v;
    e.vector.assign(v.data(), v.data() + n);
    out.push_back(std::move(e));
  }
  return out;
}

std::string describe_direction(std::span<const double> v, std::span<const std::string> names, double min_loading) {
  std::vector<std::size_t> order(v.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return std::fabs(v[a]) > std::fabs(v[b]); });
  std::string out;
  for (std::size_t k : order) {
    if (std::fabs(v[k]) < min_loading) continue;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", std::fabs(v[k]));
    // Appends only: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
    if (!out.empty()) out.append(v[k] < 0 ? " - " : " + ");
    if (out.empty() && v[k] < 0) out.append("-");
    out.append(buf);
    out.append(" ");
    if (k < names.size()) {
      out.append(names[k]);
    } else {
      out.append("x");
      out.append(std::to_string(k));
    }
  }
  return out;
}

Identifiability analyse_identifiability(const Objective& f, std::span<const double> x, std::span<const Bounds> bounds,
                                        const IdentifiabilityOptions& o) {
  const std::size_t n = x.size();
  if (n == 0 || bounds.size() != n) throw std::invalid_argument("analyse_identifiability: one bound per coordinate");
  if (o.profile_points < 1 || o.profile_points % 2 == 0 || !(o.hessian_step > 0) || !(o.hessian_step < 0.5))
    throw std::invalid_argument("analyse_identifiability: odd profile_points, 0 < hessian_step < 0.5 expected");
  Identifiability out;
  std::vector<double> p(x.begin(), x.end());
  auto eval = [&](std::span<const double> at) {
    ++out.evaluations;
    return f(at);
  };
  const double f0 = eval(x);
  const int half = o.profile_points / 2;
  for (std::size_t k = 0; k < n; ++k) {
    const double width = bounds[k].hi - bounds[k].lo;
    for (int s = -half; s <= half; ++s) {
      const double v = x[k] + (half == 0 ? 0.0 : o.profile_span * width * s / half);
      if (v < bounds[k].lo || v > bounds[k].hi) continue;
      double value = f0;
      if (s != 0) {
        p.assign(x.begin(), x.end());
        p[k] = v;
        value = eval(p);
      }
      out.profile.push_back({k, s, v, value});
    }
  }
  // Scaled coordinates: u = (x − lo) / width.
  std::vector<double> u(n), h(n, o.hessian_step);
  for (std::size_t k = 0; k < n; ++k) {
    const double width = bounds[k].hi - bounds[k].lo;
    u[k] = std::clamp((x[k] - bounds[k].lo) / width, o.hessian_step, 1 - o.hessian_step);
    out.centre.push_back(bounds[k].lo + u[k] * width);
  }
  auto scaled = [&](std::span<const double> uu) {
    std::vector<double> xx(n);
    for (std::size_t k = 0; k < n; ++k) xx[k] = bounds[k].lo + uu[k] * (bounds[k].hi - bounds[k].lo);
    return eval(xx);
  };
  out.hessian = finite_difference_hessian(scaled, u, h);
  out.eigen = symmetric_eigen(out.hessian);
  const double largest = out.eigen.back().value;
  for (const auto& e : out.eigen) {
    const double rel = largest > 0 ? e.value / largest : std::numeric_limits<double>::quiet_NaN();
    out.relative.push_back(rel);
    out.weak.push_back(!(rel >= o.weak_ratio));
  }
  return out;
}

}  // namespace cmsim::experiment
