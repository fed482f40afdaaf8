// CART for scenario discovery: a classification tree (Breiman et al. 1984) on whether a
// run is a case of interest, grown by the split of largest Gini impurity decrease, to a
// maximum depth and a minimum leaf size. Each leaf is a box (the limits on its path);
// leaves where cases are the majority describe where the outcome meets the condition.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/analysis/prim.h"

namespace cmsim::analysis {

struct CartOptions {
  unsigned max_depth = 3;
  std::size_t min_leaf = 10;  ///< fewest runs in a leaf
};

struct CartLeaf {
  Box box;  ///< limits from the root: x_j <= t on the left, x_j > t on the right (low is exclusive)
  BoxStats stats;
  unsigned depth = 0;
};

/// The leaves, left to right. Throws std::invalid_argument for no points.
std::vector<CartLeaf> cart(const PrimData& data, const CartOptions& options);

}  // namespace cmsim::analysis
