// Which events happen in a replication and when (policy::EventTimeline): `requires` with a
// probability and with a lag.
#include "models/policy/event_timeline.h"

#include <catch2/catch.hpp>

#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Date;

namespace {
scenario::Scenario with_consequence(double probability, std::optional<double> lag_days) {
  auto s = testing::small_market();
  s.events.push_back(testing::tpp_rule("cause", Date(2023, 3, 10), 4800));
  auto e = testing::tpp_rule("consequence", Date(2023, 6, 1), 1000);
  e.requires_ = {{"cause", probability, lag_days}};
  s.events.push_back(e);
  return s;
}
}  // namespace

TEST_CASE("A required event's probability is the share of replications in which it follows", "[policy][timeline]") {
  const auto s = with_consequence(0.2, std::nullopt);
  int happened = 0;
  for (std::uint64_t r = 0; r < 1000; ++r) happened += policy::EventTimeline(s, r).happens("consequence") ? 1 : 0;
  // Binomial(1000, 0.2): 200 ± 13 (sd); the band is > 3.5 sd wide on each side.
  CHECK(happened > 150);
  CHECK(happened < 250);
  CHECK(policy::EventTimeline(with_consequence(1.0, std::nullopt), 0).happens("consequence"));
  CHECK_FALSE(policy::EventTimeline(with_consequence(0.0, std::nullopt), 0).happens("consequence"));
}

TEST_CASE("A lagged event takes effect exactly lag days after what it requires", "[policy][timeline]") {
  const auto s = with_consequence(1.0, 30.0);  // the timeline points into it: keep it alive
  const policy::EventTimeline t(s, 0);
  const auto* c = t.find("consequence");
  REQUIRE(c);
  CHECK(c->effective == Date(2023, 3, 10).plus_days(30));
  CHECK(c->announced == c->effective);
  // Without a lag it keeps its own date.
  const auto dated = with_consequence(1.0, std::nullopt);
  const policy::EventTimeline own(dated, 0);
  CHECK(own.find("consequence")->effective == Date(2023, 6, 1));
}
