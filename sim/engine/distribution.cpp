// Quantile functions and means of the scenario distributions. Boost.Math does the
// special functions (inverse normal, inverse incomplete beta); everything is drawn by
// inverting the CDF so every sampling design goes through quantile().
#include "sim/engine/distribution.h"

#include <algorithm>
#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace cmsim::engine {
namespace {

// Boost.Math's default policy throws on domain errors; the arguments are checked by the
// factories, so results at the edges (u → 0, 1) should saturate rather than throw.
using Policy =
    boost::math::policies::policy<boost::math::policies::overflow_error<boost::math::policies::ignore_error>>;
using Normal = boost::math::normal_distribution<double, Policy>;
using Beta = boost::math::beta_distribution<double, Policy>;
using Triangular = boost::math::triangular_distribution<double, Policy>;

constexpr double U_EPS = 1e-12;  // u is clamped to [U_EPS, 1 - U_EPS]

bool finite(double x) { return std::isfinite(x); }

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

std::string num(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}

}  // namespace

Distribution Distribution::fixed(double value) {
  require(finite(value), "fixed: value must be finite");
  Distribution d;
  d.kind_ = Kind::FIXED;
  d.a_ = value;
  return d;
}

Distribution Distribution::normal(double mean, double sd) {
  require(finite(mean) && finite(sd) && sd > 0, "normal: mean must be finite and sd > 0");
  Distribution d;
  d.kind_ = Kind::NORMAL;
  d.a_ = mean;
  d.b_ = sd;
  return d;
}

Distribution Distribution::lognormal(double median, double sigma) {
  require(finite(median) && median > 0 && finite(sigma) && sigma > 0, "lognormal: median and sigma must be > 0");
  Distribution d;
  d.kind_ = Kind::LOGNORMAL;
  d.a_ = std::log(median);  // mu of log(X)
  d.b_ = sigma;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  require(finite(low) && finite(high) && low < high, "uniform: low must be < high");
  Distribution d;
  d.kind_ = Kind::UNIFORM;
  d.a_ = low;
  d.b_ = high;
  return d;
}

Distribution Distribution::triangular(double low, double mode, double high) {
  require(finite(low) && finite(mode) && finite(high) && low < high && low <= mode && mode <= high,
          "triangular: need low <= mode <= high and low < high");
  Distribution d;
  d.kind_ = Kind::TRIANGULAR;
  d.a_ = low;
  d.b_ = mode;
  d.c_ = high;
  return d;
}

Distribution Distribution::beta(double alpha, double beta) {
  require(finite(alpha) && alpha > 0 && finite(beta) && beta > 0, "beta: alpha and beta must be > 0");
  Distribution d;
  d.kind_ = Kind::BETA;
  d.a_ = alpha;
  d.b_ = beta;
  return d;
}

Distribution Distribution::truncated(std::optional<double> lower, std::optional<double> upper) const {
  require(!lower || finite(*lower), "truncation: lower must be finite");
  require(!upper || finite(*upper), "truncation: upper must be finite");
  require(!lower || !upper || *lower < *upper, "truncation: lower must be < upper");
  Distribution d = *this;
  if (lower) d.lower_ = d.lower_ ? std::max(*d.lower_, *lower) : *lower;
  if (upper) d.upper_ = d.upper_ ? std::min(*d.upper_, *upper) : *upper;
  if (kind_ == Kind::FIXED) {
    require((!d.lower_ || a_ >= *d.lower_) && (!d.upper_ || a_ <= *d.upper_),
            "truncation: the interval does not contain the fixed value");
    return d;
  }
  const double lo = d.lower_ ? d.cdf(*d.lower_) : 0.0;
  const double hi = d.upper_ ? d.cdf(*d.upper_) : 1.0;
  require(hi - lo > 1e-12, "truncation: the interval [lower, upper] has no probability mass");
  return d;
}

double Distribution::cdf(double x) const {
  switch (kind_) {
    case Kind::FIXED:
      return x < a_ ? 0.0 : 1.0;
    case Kind::NORMAL:
      return boost::math::cdf(Normal(a_, b_), x);
    case Kind::LOGNORMAL:
      return x <= 0 ? 0.0 : boost::math::cdf(Normal(a_, b_), std::log(x));
    case Kind::UNIFORM:
      return std::clamp((x - a_) / (b_ - a_), 0.0, 1.0);
    case Kind::TRIANGULAR:
      return boost::math::cdf(Triangular(a_, b_, c_), std::clamp(x, a_, c_));
    case Kind::BETA:
      return boost::math::cdf(Beta(a_, b_), std::clamp(x, 0.0, 1.0));
  }
  return 0;
}

double Distribution::raw_quantile(double u) const {
  switch (kind_) {
    case Kind::FIXED:
      return a_;
    case Kind::NORMAL:
      return boost::math::quantile(Normal(a_, b_), u);
    case Kind::LOGNORMAL:
      return std::exp(boost::math::quantile(Normal(a_, b_), u));
    case Kind::UNIFORM:
      return a_ + u * (b_ - a_);
    case Kind::TRIANGULAR:
      return boost::math::quantile(Triangular(a_, b_, c_), u);
    case Kind::BETA:
      return boost::math::quantile(Beta(a_, b_), u);
  }
  return 0;
}

double Distribution::quantile(double u) const {
  if (kind_ == Kind::FIXED) return a_;
  if (!(u == u)) u = 0.5;  // NaN: the median rather than garbage
  u = std::clamp(u, U_EPS, 1.0 - U_EPS);
  const double lo = lower_ ? cdf(*lower_) : 0.0;
  const double hi = upper_ ? cdf(*upper_) : 1.0;
  double x = raw_quantile(lo + u * (hi - lo));
  // Rounding in cdf/quantile may step a hair outside the truncation interval.
  if (lower_) x = std::max(x, *lower_);
  if (upper_) x = std::min(x, *upper_);
  return x;
}

double Distribution::mean() const {
  if (kind_ == Kind::FIXED) return a_;
  if (!lower_ && !upper_) {
    switch (kind_) {
      case Kind::NORMAL:
        return a_;
      case Kind::LOGNORMAL:
        return std::exp(a_ + b_ * b_ / 2);
      case Kind::UNIFORM:
        return (a_ + b_) / 2;
      case Kind::TRIANGULAR:
        return (a_ + b_ + c_) / 3;
      case Kind::BETA:
        return a_ / (a_ + b_);
      case Kind::FIXED:
        break;
    }
  }
  const double lo = lower_ ? cdf(*lower_) : 0.0;
  const double hi = upper_ ? cdf(*upper_) : 1.0;
  const double mass = hi - lo;
  if (kind_ == Kind::NORMAL) {
    // Closed form: mean + sd (phi(alpha) - phi(beta)) / (Phi(beta) - Phi(alpha)).
    const Normal z(0, 1);
    const double pa = lower_ ? boost::math::pdf(z, (*lower_ - a_) / b_) : 0.0;
    const double pb = upper_ ? boost::math::pdf(z, (*upper_ - a_) / b_) : 0.0;
    return std::clamp(a_ + b_ * (pa - pb) / mass, lower_.value_or(-INFINITY), upper_.value_or(INFINITY));
  }
  if (kind_ == Kind::LOGNORMAL) {
    // E[X; L < X < U] = exp(mu + s²/2) (Phi((ln U - mu - s²)/s) - Phi((ln L - mu - s²)/s)).
    const Normal z(0, 1);
    const double shift = a_ + b_ * b_;
    const double ca = lower_ && *lower_ > 0 ? boost::math::cdf(z, (std::log(*lower_) - shift) / b_) : 0.0;
    const double cb = upper_ ? (*upper_ > 0 ? boost::math::cdf(z, (std::log(*upper_) - shift) / b_) : 0.0) : 1.0;
    return std::exp(a_ + b_ * b_ / 2) * (cb - ca) / mass;
  }
  if (kind_ == Kind::UNIFORM) {
    const double l = std::max(a_, lower_.value_or(a_)), h = std::min(b_, upper_.value_or(b_));
    return (l + h) / 2;
  }
  // Triangular and beta: E = ∫ quantile(u) du over (0, 1); tanh-sinh copes with the
  // endpoint behaviour of the beta quantile.
  boost::math::quadrature::tanh_sinh<double> integrator;
  const double lo_x = lower_.value_or(-INFINITY), hi_x = upper_.value_or(INFINITY);
  const auto f = [&](double u) { return std::clamp(raw_quantile(lo + u * mass), lo_x, hi_x); };
  return integrator.integrate(f, 0.0, 1.0);
}

std::string Distribution::describe() const {
  std::string s;
  switch (kind_) {
    case Kind::FIXED:
      s = num(a_);
      break;
    case Kind::NORMAL:
      s = "normal(mean=" + num(a_) + ", sd=" + num(b_) + ")";
      break;
    case Kind::LOGNORMAL:
      s = "lognormal(median=" + num(std::exp(a_)) + ", sigma=" + num(b_) + ")";
      break;
    case Kind::UNIFORM:
      s = "uniform(low=" + num(a_) + ", high=" + num(b_) + ")";
      break;
    case Kind::TRIANGULAR:
      s = "triangular(low=" + num(a_) + ", mode=" + num(b_) + ", high=" + num(c_) + ")";
      break;
    case Kind::BETA:
      s = "beta(alpha=" + num(a_) + ", beta=" + num(b_) + ")";
      break;
  }
  if (lower_ || upper_)
    s += " truncated to [" + (lower_ ? num(*lower_) : std::string("-inf")) + ", " +
         (upper_ ? num(*upper_) : std::string("inf")) + "]";
  return s;
}

}  // namespace cmsim::engine
