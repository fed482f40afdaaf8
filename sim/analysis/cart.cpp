#include "sim/analysis/cart.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace cmsim::analysis {

namespace {

double gini(double cases, double n) {
  if (n == 0) return 0;
  const double p = cases / n;
  return 2 * p * (1 - p);
}

struct Split {
  std::size_t dimension = 0;
  double threshold = 0;
  double gain = 0;
};

// The best split of the rows in `rows`, or gain 0 when none gives both sides min_leaf rows.
Split best_split(const PrimData& d, const std::vector<std::size_t>& rows, std::size_t min_leaf) {
  Split best;
  const double n = double(rows.size());
  double cases = 0;
  for (const auto r : rows) cases += d.interest[r];
  const double parent = gini(cases, n);
  std::vector<std::size_t> order(rows);
  for (std::size_t j = 0; j < d.dimensions; ++j) {
    const auto x = [&](std::size_t r) { return d.x[r * d.dimensions + j]; };
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return x(a) < x(b) || (x(a) == x(b) && a < b); });
    double left_cases = 0;
    for (std::size_t i = 0; i + 1 < order.size(); ++i) {
      left_cases += d.interest[order[i]];
      const std::size_t left = i + 1;
      if (x(order[i]) == x(order[i + 1]) || left < min_leaf || order.size() - left < min_leaf) continue;
      const double nl = double(left), nr = n - nl;
      const double gain = parent - (nl / n) * gini(left_cases, nl) - (nr / n) * gini(cases - left_cases, nr);
      if (gain > best.gain + 1e-12) best = {j, (x(order[i]) + x(order[i + 1])) / 2, gain};
    }
  }
  return best;
}

void grow(const PrimData& d, const CartOptions& o, const std::vector<std::size_t>& rows, Box box, unsigned depth,
          std::vector<CartLeaf>& leaves) {
  const Split s = depth < o.max_depth ? best_split(d, rows, o.min_leaf) : Split{};
  if (s.gain <= 0) {
    leaves.push_back({box, box_stats(d, box), depth});
    return;
  }
  std::vector<std::size_t> left, right;
  for (const auto r : rows) (d.x[r * d.dimensions + s.dimension] <= s.threshold ? left : right).push_back(r);
  Box lb = box, rb = box;
  lb.high[s.dimension] = std::min(lb.high[s.dimension], s.threshold);
  // The right side holds x > threshold; the box's low limit is inclusive, so it takes the
  // next representable number above the threshold.
  rb.low[s.dimension] = std::max(rb.low[s.dimension], std::nextafter(s.threshold, INFINITY));
  grow(d, o, left, lb, depth + 1, leaves);
  grow(d, o, right, rb, depth + 1, leaves);
}

}  // namespace

std::vector<CartLeaf> cart(const PrimData& d, const CartOptions& o) {
  if (d.rows() == 0 || d.x.size() != d.rows() * d.dimensions) throw std::invalid_argument("CART: no points");
  std::vector<std::size_t> rows(d.rows());
  std::iota(rows.begin(), rows.end(), 0);
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<CartLeaf> leaves;
  grow(d, o, rows, Box{std::vector<double>(d.dimensions, -inf), std::vector<double>(d.dimensions, inf)}, 0, leaves);
  return leaves;
}

}  // namespace cmsim::analysis
