#include "sim/experiment/nelder_mead.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace cmsim::experiment {
namespace {

// Coefficients: reflection, expansion, contraction, shrink (Lagarias et al. 1998, §2).
constexpr double RHO = 1.0, CHI = 2.0, GAMMA = 0.5, SIGMA = 0.5;

class Simplex {
 public:
  Simplex(const Objective& f, const NelderMeadOptions& o) : f_(f), o_(o) {}

  // Evaluates f at x; non-finite values become +inf so comparisons stay total.
  double eval(const Eigen::VectorXd& x) {
    ++evaluations_;
    const double v = f_(std::span<const double>(x.data(), static_cast<std::size_t>(x.size())));
    if (std::isfinite(v) && v <= o_.target_value) target_hit_ = true;
    return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
  }
  bool budget_left() const { return evaluations_ < o_.max_evaluations && !target_hit_; }
  bool target_hit() const { return target_hit_; }
  std::size_t evaluations() const { return evaluations_; }

 private:
  const Objective& f_;
  const NelderMeadOptions& o_;
  std::size_t evaluations_ = 0;
  bool target_hit_ = false;
};

}  // namespace

NelderMeadResult nelder_mead(const Objective& f, std::span<const double> x0, const NelderMeadOptions& o) {
  if (x0.empty()) throw std::invalid_argument("nelder_mead: x0 is empty");
  if (!(o.initial_step > 0)) throw std::invalid_argument("nelder_mead: initial_step must be positive");
  const auto n = static_cast<Eigen::Index>(x0.size());
  Simplex s(f, o);

  // Vertices as columns, values alongside; kept sorted best first after every iteration.
  Eigen::MatrixXd v(n, n + 1);
  std::vector<double> fv(static_cast<std::size_t>(n + 1), std::numeric_limits<double>::infinity());
  v.col(0) = Eigen::Map<const Eigen::VectorXd>(x0.data(), n);
  for (Eigen::Index k = 0; k < n; ++k) {
    v.col(k + 1) = v.col(0);
    v(k, k + 1) += o.initial_step;
  }
  for (Eigen::Index k = 0; k <= n && s.budget_left(); ++k) fv[static_cast<std::size_t>(k)] = s.eval(v.col(k));

  auto sort_vertices = [&] {
    std::vector<Eigen::Index> idx(static_cast<std::size_t>(n + 1));
    std::iota(idx.begin(), idx.end(), 0);
    // Stable, so ties keep their order and the run is reproducible.
    std::stable_sort(idx.begin(), idx.end(), [&](Eigen::Index a, Eigen::Index b) {
      return fv[static_cast<std::size_t>(a)] < fv[static_cast<std::size_t>(b)];
    });
    Eigen::MatrixXd v2(n, n + 1);
    std::vector<double> f2(fv.size());
    for (std::size_t k = 0; k < idx.size(); ++k) {
      v2.col(static_cast<Eigen::Index>(k)) = v.col(idx[k]);
      f2[k] = fv[static_cast<std::size_t>(idx[k])];
    }
    v = std::move(v2);
    fv = std::move(f2);
  };
  auto converged = [&] {
    const double fspread = fv.back() - fv.front();
    double xspread = 0;
    for (Eigen::Index k = 1; k <= n; ++k) xspread = std::max(xspread, (v.col(k) - v.col(0)).cwiseAbs().maxCoeff());
    return std::isfinite(fspread) && fspread <= o.f_tolerance && xspread <= o.x_tolerance;
  };

  NelderMeadResult r;
  sort_vertices();
  const auto last = static_cast<std::size_t>(n);
  while (true) {
    if (s.target_hit()) {
      r.converged = true;
      r.stop_reason = "target value reached";
      break;
    }
    if (converged()) {
      r.converged = true;
      r.stop_reason = "tolerance";
      break;
    }
    if (!s.budget_left()) {
      r.stop_reason = "evaluation limit";
      break;
    }
    ++r.iterations;
    const Eigen::VectorXd centroid = v.leftCols(n).rowwise().mean();
    const Eigen::VectorXd worst = v.col(n);
    const Eigen::VectorXd xr = centroid + RHO * (centroid - worst);
    const double fr = s.eval(xr);
    if (fr < fv[0]) {
      // Better than the best: try going further in the same direction.
      if (!s.budget_left()) {
        v.col(n) = xr, fv[last] = fr;
      } else {
        const Eigen::VectorXd xe = centroid + CHI * (xr - centroid);
        const double fe = s.eval(xe);
        if (fe < fr) {
          v.col(n) = xe, fv[last] = fe;
        } else {
          v.col(n) = xr, fv[last] = fr;
        }
      }
    } else if (fr < fv[last - 1]) {
      v.col(n) = xr, fv[last] = fr;
    } else {
      // Contract toward the better of the reflected point and the worst vertex.
      const bool outside = fr < fv[last];
      const Eigen::VectorXd xc = outside ? Eigen::VectorXd(centroid + GAMMA * (xr - centroid))
                                         : Eigen::VectorXd(centroid - GAMMA * (centroid - worst));
      if (!s.budget_left()) {
        if (outside) v.col(n) = xr, fv[last] = fr;
        sort_vertices();
        continue;
      }
      const double fc = s.eval(xc);
      if (fc < (outside ? fr : fv[last])) {
        v.col(n) = xc, fv[last] = fc;
      } else {
        // Shrink every vertex toward the best one.
        for (Eigen::Index k = 1; k <= n && s.budget_left(); ++k) {
          v.col(k) = v.col(0) + SIGMA * (v.col(k) - v.col(0));
          fv[static_cast<std::size_t>(k)] = s.eval(v.col(k));
        }
      }
    }
    sort_vertices();
  }
  r.x.assign(v.col(0).data(), v.col(0).data() + n);
  r.value = fv[0];
  r.evaluations = s.evaluations();
  return r;
}

double from_unbounded(double z, const Bounds& b) {
  // 1/(1+e^{-z}) written to stay finite for large |z|.
  const double t = z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
  return b.lo + (b.hi - b.lo) * t;
}

double to_unbounded(double x, const Bounds& b) {
  const double eps = 1e-6;
  const double t = std::clamp((x - b.lo) / (b.hi - b.lo), eps, 1.0 - eps);
  return std::log(t / (1.0 - t));
}

NelderMeadResult nelder_mead_bounded(const Objective& f, std::span<const double> x0, std::span<const Bounds> bounds,
                                     const NelderMeadOptions& o) {
  if (x0.size() != bounds.size()) throw std::invalid_argument("nelder_mead_bounded: one bound per coordinate expected");
  for (const auto& b : bounds)
    if (!(b.lo < b.hi) || !std::isfinite(b.lo) || !std::isfinite(b.hi))
      throw std::invalid_argument("nelder_mead_bounded: each bound needs finite lo < hi");
  std::vector<double> z0(x0.size());
  for (std::size_t k = 0; k < x0.size(); ++k) z0[k] = to_unbounded(x0[k], bounds[k]);
  std::vector<double> x(x0.size());
  auto to_x = [&](std::span<const double> z) {
    for (std::size_t k = 0; k < z.size(); ++k) x[k] = from_unbounded(z[k], bounds[k]);
  };
  NelderMeadResult r = nelder_mead(
      [&](std::span<const double> z) {
        to_x(z);
        return f(x);
      },
      z0, o);
  to_x(r.x);
  r.x = x;
  return r;
}

}  // namespace cmsim::experiment
