#include "sim/engine/recorder.h"

#include <catch2/catch.hpp>
#include <cmath>

using namespace cmsim::engine;

TEST_CASE("Recorder keeps series in declaration order with NaN for unset quarters", "[recorder]") {
  Recorder r(Quarter(2020, 1), Quarter(2020, 4));
  const auto b = r.declare("b_series");
  const auto a = r.declare("a_series");
  CHECK(r.declare("b_series") == b);
  CHECK(r.names() == std::vector<std::string>{"b_series", "a_series"});
  r.set(a, Quarter(2020, 2), 1.5);
  r.add(a, Quarter(2020, 2), 1.0);
  r.add(b, Quarter(2020, 3), 2.0);
  r.set(a, Quarter(2021, 1), 99);  // out of range: ignored
  CHECK(r.get(a, Quarter(2020, 2)) == 2.5);
  CHECK(r.get(b, Quarter(2020, 3)) == 2.0);
  CHECK(std::isnan(r.get(a, Quarter(2020, 1))));
  CHECK(r.quarter_count() == 4);
  CHECK(r.series(a).size() == 4);
  CHECK_THROWS_AS(r.id("missing"), std::out_of_range);
  CHECK_THROWS_AS(Recorder(Quarter(2021, 1), Quarter(2020, 1)), std::invalid_argument);
}
