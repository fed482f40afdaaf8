#include "sim/analysis/outcome.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sim/engine/input_error.h"

using namespace cmsim::analysis;
using cmsim::engine::Quarter;

namespace {
// 2024Q1..2025Q4: values 1..8.
const std::vector<double> SERIES = {1, 2, 3, 4, 5, 6, 7, 8};
const Quarter FIRST(2024, 1);

double eval(const std::string& text) { return evaluate(parse_outcome(text, "--outcome"), SERIES, FIRST, "--outcome"); }

std::string error_of(const std::string& text) {
  try {
    eval(text);
  } catch (const cmsim::engine::InputError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("outcome: the period forms", "[analysis][outcome]") {
  const auto year = parse_outcome("m:2025:mean", "--outcome");
  CHECK(year.metric == "m");
  CHECK(year.first == Quarter(2025, 1));
  CHECK(year.last == Quarter(2025, 4));
  const auto range = parse_outcome("m:2024Q3..2025Q2:sum", "--outcome");
  CHECK(range.first == Quarter(2024, 3));
  CHECK(range.last == Quarter(2025, 2));
  const auto years = parse_outcome("m:2024..2025:sum", "--outcome");
  CHECK(years.first == Quarter(2024, 1));
  CHECK(years.last == Quarter(2025, 4));
}

TEST_CASE("outcome: each reduction on a known series", "[analysis][outcome]") {
  CHECK(eval("m:2025:mean") == 6.5);            // 5,6,7,8
  CHECK(eval("m:2024Q3..2025Q2:sum") == 18.0);  // 3+4+5+6
  CHECK(eval("m:2024Q2:value") == 2.0);
  CHECK(eval("m:2024:max") == 4.0);
  CHECK(eval("m:2025:min") == 5.0);
  CHECK(eval("m:2024..2025:first>4") == 2025.0);     // 5 in 2025Q1
  CHECK(eval("m:2024..2025:first>=4") == 2024.75);   // 4 in 2024Q4
  CHECK(eval("m:2024Q2..2025:first<3") == 2024.25);  // 2 in 2024Q2: the period's own start
  CHECK(eval("m:2024..2025:first<=1") == 2024.0);
  CHECK(std::isnan(eval("m:2024..2025:first>8")));  // never crossed
}

TEST_CASE("outcome: a NaN inside the period makes the outcome NaN", "[analysis][outcome]") {
  std::vector<double> v = SERIES;
  v[5] = std::nan("");
  const auto spec = parse_outcome("m:2025:mean", "x");
  CHECK(std::isnan(evaluate(spec, v, FIRST, "x")));
  CHECK(evaluate(parse_outcome("m:2024:mean", "x"), v, FIRST, "x") == 2.5);  // outside the NaN
}

TEST_CASE("outcome: bad input names the flag and the part", "[analysis][outcome]") {
  CHECK_THAT(error_of("m:2025"), Catch::Contains("--outcome") && Catch::Contains("METRIC:PERIOD:REDUCTION"));
  CHECK_THAT(error_of(":2025:mean"), Catch::Contains("metric name is empty"));
  CHECK_THAT(error_of("m:25:mean"), Catch::Contains("period \"25\""));
  CHECK_THAT(error_of("m:2025Q5:mean"), Catch::Contains("period"));
  CHECK_THAT(error_of("m:2026..2025:mean"), Catch::Contains("ends before it starts"));
  CHECK_THAT(error_of("m:2025:median"), Catch::Contains("reduction \"median\""));
  CHECK_THAT(error_of("m:2025:value"), Catch::Contains("single quarter"));
  CHECK_THAT(error_of("m:2025:first>"), Catch::Contains("threshold"));
  CHECK_THAT(error_of("m:2025:first>0.2x"), Catch::Contains("threshold"));
  CHECK_THAT(error_of("m:2026:mean"), Catch::Contains("outside the recorded quarters 2024Q1..2025Q4"));
  CHECK_THAT(error_of("m:2023Q4..2024:mean"), Catch::Contains("outside"));
}
