// Probability distributions for uncertain scenario parameters: normal, lognormal,
// uniform, triangular, beta, each optionally truncated to [lower, upper]. Every draw is
// made by inverting the CDF at a uniform number u in (0, 1), so plain Monte Carlo, Latin
// hypercube and Sobol designs all sample through the same quantile function.
#pragma once

#include <optional>
#include <string>

namespace cmsim::engine {

class Distribution {
 public:
  enum class Kind { FIXED, NORMAL, LOGNORMAL, UNIFORM, TRIANGULAR, BETA };

  static Distribution fixed(double value);
  static Distribution normal(double mean, double sd);
  /// Lognormal by the median and sigma of log(X) (`{dist: lognormal, median, sigma}`).
  static Distribution lognormal(double median, double sigma);
  static Distribution uniform(double low, double high);
  static Distribution triangular(double low, double mode, double high);
  static Distribution beta(double alpha, double beta);
  /// Truncation to [lower, upper] (either may be absent). Throws std::invalid_argument
  /// when the interval has no probability mass.
  Distribution truncated(std::optional<double> lower, std::optional<double> upper) const;

  Kind kind() const { return kind_; }
  /// The value a single run uses: the mean of the (truncated) distribution.
  double mean() const;
  /// Inverse CDF at u in (0, 1) (u is clamped into the open interval).
  double quantile(double u) const;
  /// "normal(mean=0.3, sd=0.05) truncated to [0, 1]"
  std::string describe() const;

 private:
  double cdf(double x) const;           // untruncated CDF
  double raw_quantile(double u) const;  // untruncated inverse CDF
  Kind kind_ = Kind::FIXED;
  double a_ = 0, b_ = 0, c_ = 0;  // parameters by kind
  std::optional<double> lower_, upper_;
};

}  // namespace cmsim::engine
