// The grey-route network's min-cost flow, in closed form on small graphs: the capacity is
// the max flow, the cheapest mark-up the cheapest open path, and a request fills the
// cheapest paths first.
#include "models/market/diversion_network.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using cmsim::market::DiversionNetwork;
using cmsim::scenario::TradeRoute;

namespace {

TradeRoute leg(const std::string& id, const std::string& from, const std::string& to, double cap, double markup) {
  TradeRoute r;
  r.id = id;
  r.from = from;
  r.to = to;
  r.capacity_units_per_quarter = cap;
  r.markup = markup;
  return r;
}

const auto unchanged = [](const std::string&) { return 1.0; };
const auto no_markup = [](const std::string&) { return 0.0; };

// Two hubs: us → hk → china costs 0.1 + 0.2 for at most 60 cards (hk → china), us → sg →
// china 0.3 + 0.1 for at most 50 (us → sg); a third hub leads nowhere, a fourth is never
// reached, and a leg back from china to hk offers nothing cheaper.
DiversionNetwork two_hubs() {
  return DiversionNetwork({leg("us-hk", "us", "hk", 100, 0.1), leg("hk-cn", "hk", "china", 60, 0.2),
                           leg("us-sg", "us", "sg", 50, 0.3), leg("sg-cn", "sg", "china", 80, 0.1),
                           leg("us-dead", "us", "dead-end", 1000, 0.0), leg("lost-cn", "lost", "china", 1000, 0.0),
                           leg("cn-hk", "china", "hk", 10, 0.0)});
}

}  // namespace

// Catches: a reverse edge that is not the leg's own (flow cancelled on the wrong leg), the
// source's edge not carrying the amount asked, costs not reset between solves.
TEST_CASE("Grey routes: capacity, cheapest path and a request filled cheapest first", "[diversion]") {
  const DiversionNetwork net = two_hubs();
  auto f = net.solve(80, unchanged, no_markup);
  CHECK(f.capacity == 110);
  CHECK(f.cheapest_markup == Approx(0.3));
  CHECK(f.units == 80);
  CHECK(f.average_markup == Approx((60 * 0.3 + 20 * 0.4) / 80));
  // Asking more than gets through: capped at the capacity.
  f = net.solve(1e9, unchanged, no_markup);
  CHECK(f.units == 110);
  CHECK(f.average_markup == Approx((60 * 0.3 + 50 * 0.4) / 110));
  // Enforcement halves hk → china and adds 0.25 to it: the sg path is now the cheaper one.
  const auto halve_hk = [](const std::string& r) { return r == "hk-cn" ? 0.5 : 1.0; };
  const auto tax_hk = [](const std::string& r) { return r == "hk-cn" ? 0.25 : 0.0; };
  f = net.solve(60, halve_hk, tax_hk);
  CHECK(f.capacity == 80);
  CHECK(f.cheapest_markup == Approx(0.4));
  CHECK(f.units == 60);
  CHECK(f.average_markup == Approx((50 * 0.4 + 10 * 0.55) / 60));
  // The same network solved again without enforcement gives the first answer again.
  f = net.solve(80, unchanged, no_markup);
  CHECK(f.average_markup == Approx((60 * 0.3 + 20 * 0.4) / 80));
  CHECK(net.solve(0, unchanged, no_markup).units == 0);
}

// The cheapest single card goes us → a → b → china (0.5); the second card can only go
// us → b, then back along a → b's reverse edge to a and on to china (0.5 + 1.0): max flow 2 at
// total cost 2.0. Catches: reverse edges never credited (capacity 1).
TEST_CASE("Grey routes: flow is rerouted along a residual edge", "[diversion]") {
  const DiversionNetwork net({leg("us-a", "us", "a", 1, 0), leg("a-b", "a", "b", 1, 0), leg("a-cn", "a", "china", 1, 1),
                              leg("us-b", "us", "b", 1, 0.5), leg("b-cn", "b", "china", 1, 0.5)});
  const auto f = net.solve(2, unchanged, no_markup);
  CHECK(f.cheapest_markup == Approx(0.5));
  CHECK(f.capacity == 2);
  CHECK(f.units == 2);
  CHECK(f.average_markup == Approx(1.0));
}

TEST_CASE("Grey routes: no routes, nothing gets through", "[diversion]") {
  const DiversionNetwork net({});
  const auto f = net.solve(10, unchanged, no_markup);
  CHECK(f.capacity == 0);
  CHECK(f.units == 0);
}
