// Multinomial logit choice probabilities in log-sum-exp form (numerically safe for large
// utilities). Unavailable options carry utility -infinity and get probability 0.
#pragma once

#include <Eigen/Core>
#include <span>

namespace cmsim::market {

/// Row-wise softmax: P(i, j) = exp(U(i, j)) / sum_k exp(U(i, k)). A row whose entries are
/// all -infinity gives all zeros.
Eigen::ArrayXXd logit_probabilities(const Eigen::ArrayXXd& utilities);

/// Softmax of one vector of utilities into `shares` (same size).
void logit_probabilities(std::span<const double> utilities, std::span<double> shares);

}  // namespace cmsim::market
