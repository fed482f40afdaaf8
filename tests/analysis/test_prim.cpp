#include "sim/analysis/cart.h"
#include "sim/analysis/prim.h"

#include <catch2/catch.hpp>

#include <cmath>

#include "sim/engine/random_stream.h"

using namespace cmsim::analysis;

namespace {

// n points uniform on [0, 1]^3; cases of interest inside x0 > 0.6, x1 < 0.3 (x2 irrelevant),
// each label flipped with probability `noise`.
PrimData known_box(std::size_t n, double noise) {
  PrimData d;
  d.dimensions = 3;
  cmsim::engine::RandomStream s({7, 0, 1, 0});
  for (std::size_t i = 0; i < n; ++i) {
    const double a = s.uniform(), b = s.uniform(), c = s.uniform();
    d.x.insert(d.x.end(), {a, b, c});
    bool in = a > 0.6 && b < 0.3;
    if (s.uniform() < noise) in = !in;
    d.interest.push_back(in ? 1 : 0);
  }
  return d;
}

}  // namespace

TEST_CASE("PRIM finds a known box: its limits, and no limit on the irrelevant input", "[analysis][prim]") {
  const auto data = known_box(3000, 0.0);
  PrimOptions o;
  o.density_threshold = 0.95;
  const auto r = prim(data, o);
  INFO("low " << r.box.low[0] << " high " << r.box.high[1]);
  CHECK(r.box.low[0] == Approx(0.6).margin(0.03));
  CHECK(r.box.high[1] == Approx(0.3).margin(0.03));
  CHECK(std::isinf(r.box.high[0]));
  CHECK(std::isinf(r.box.low[1]));
  CHECK_FALSE(r.box.restricts(2));
  CHECK(r.box_stats.density >= 0.95);
  CHECK(r.box_stats.coverage >= 0.9);
  // The trajectory starts from every point and trades coverage for density.
  CHECK(r.stats.front().mass == 1.0);
  CHECK(r.stats.front().coverage == 1.0);
  CHECK(r.stats.back().mass >= o.min_mass);
  CHECK(r.stats.back().density > r.stats.front().density);
}

TEST_CASE("PRIM with noisy labels: the real inputs are significant and reproducible, the other is not",
          "[analysis][prim]") {
  const auto data = known_box(2000, 0.1);
  PrimOptions o;
  o.density_threshold = 0.7;
  const auto r = prim(data, o);
  REQUIRE(r.box.restricts(0));
  REQUIRE(r.box.restricts(1));
  const auto p = quasi_p_values(data, r.box);
  CHECK(p[0] < 1e-6);
  CHECK(p[1] < 1e-6);
  const auto simple = drop_insignificant(data, r.box, 0.05);
  CHECK(simple.restricts(0));
  CHECK(simple.restricts(1));
  CHECK_FALSE(simple.restricts(2));
  CHECK(drop_insignificant(data, r.box, 1.0).low == r.box.low);  // max_p 1 keeps every limit
  o.max_p = 0.05;
  const auto share = resampled_restriction_shares(data, o, 20, 3);
  CHECK(share[0] >= 0.9);
  CHECK(share[1] >= 0.9);
  CHECK(share[2] <= 0.3);
}

TEST_CASE("PRIM: box statistics by hand, and bad input", "[analysis][prim]") {
  PrimData d;
  d.dimensions = 1;
  d.x = {0, 1, 2, 3};
  d.interest = {0, 1, 1, 0};
  Box b{{0.5}, {2.5}};
  const auto s = box_stats(d, b);
  CHECK(s.points == 2);
  CHECK(s.density == 1.0);
  CHECK(s.coverage == 1.0);
  CHECK(s.mass == 0.5);
  d.interest = {0, 0, 0, 0};
  CHECK_THROWS_WITH(prim(d, PrimOptions{}), Catch::Contains("no point is a case of interest"));
}

TEST_CASE("CART: the leaves split the runs, and one leaf is the known box", "[analysis][cart]") {
  const auto data = known_box(3000, 0.0);
  const auto leaves = cart(data, CartOptions{});
  std::size_t points = 0;
  const CartLeaf* best = nullptr;
  for (const auto& l : leaves) {
    points += l.stats.points;
    if (!best || l.stats.density > best->stats.density) best = &l;
  }
  CHECK(points == 3000);  // every run in exactly one leaf
  REQUIRE(best);
  CHECK(best->stats.density == 1.0);
  CHECK(best->stats.coverage == 1.0);
  CHECK(best->box.low[0] == Approx(0.6).margin(0.01));
  CHECK(best->box.high[1] == Approx(0.3).margin(0.01));
  CHECK_FALSE(best->box.restricts(2));
  CHECK(cart(data, CartOptions{0, 10}).size() == 1);  // depth 0: the root alone
}
