// Multinomial logit choice probabilities in log-sum-exp form (numerically safe for large
// utilities). Unavailable options carry utility -infinity and get probability 0.
#pragma once

#include <span>

namespace cmsim::market {

/// Softmax of one vector of utilities into `shares` (same size).
void logit_probabilities(std::span<const double> utilities, std::span<double> shares);

}  // namespace cmsim::market
