// The one event resolver (scenario::resolve_events): which events happen and when, with and
// without draws, and what it does with requirements that cannot be met.
#include "models/scenario/event_resolution.h"

#include <catch2/catch.hpp>

#include "models/scenario/scenario_loader.h"

using namespace cmsim::scenario;
using cmsim::engine::Date;

namespace {
PolicyEvent event(const std::string& id, Date effective, std::vector<Requirement> requires_ = {}) {
  PolicyEvent e;
  e.id = id;
  e.instrument = DemandShock{};
  e.announced = e.effective = effective;
  e.requires_ = std::move(requires_);
  return e;
}
}  // namespace

TEST_CASE("Events happen when what they require happens, and lags date them", "[scenario][events]") {
  Scenario s;
  s.events = {event("cause", Date(2023, 3, 10)), event("follows", Date{}, {{"cause", 1.0, 30.0}}),
              event("later", Date{}, {{"follows", 1.0, 10.0}, {"cause", 1.0, 5.0}}),
              event("maybe", Date(2024, 1, 1), {{"cause", 0.5, std::nullopt}}),
              event("orphan", Date(2024, 1, 1), {{"no-such-event", 1.0, std::nullopt}})};
  const auto r = resolve_events(s);
  REQUIRE(r.events[1]);
  CHECK(r.events[1]->effective == Date(2023, 4, 9));
  CHECK(r.events[1]->announced == Date(2023, 4, 9));
  REQUIRE(r.events[2]);
  CHECK(r.events[2]->effective == Date(2023, 4, 19));  // the latest of its lags
  CHECK(r.events[3]);                                  // no draw: every requirement holds
  CHECK_FALSE(r.events[4]);
  REQUIRE(r.skipped.size() == 1);
  CHECK(r.skipped[0] == std::pair<std::string, std::string>{"orphan", "requires no-such-event, which does not happen"});

  // A draw that fails: the event and what requires it do not happen.
  s.events.push_back(event("after-maybe", Date(2024, 6, 1), {{"maybe", 1.0, std::nullopt}}));
  int draws = 0;
  const auto no = resolve_events(s, [&](const PolicyEvent& e, const Requirement& req) {
    ++draws;
    CHECK(e.id == "maybe");
    CHECK(req.probability == 0.5);
    return false;
  });
  CHECK(draws == 1);  // only requirements with probability < 1 are drawn
  CHECK_FALSE(no.events[3]);
  CHECK_FALSE(no.events[5]);
  CHECK(no.skipped[0].second == "did not follow from cause (probability 0.500000)");
  // An event's own predicate leaves it (and its dependants) out.
  const auto without = resolve_events(s, {}, [](const PolicyEvent& e) { return e.id != "cause"; });
  CHECK_FALSE(without.events[0]);
  CHECK_FALSE(without.events[1]);
  CHECK_FALSE(without.events[2]);
}

TEST_CASE("A cycle of requirements resolves to not happening, without throwing", "[scenario][events]") {
  Scenario s;
  s.events = {event("a", Date(2023, 1, 1), {{"b", 1.0, std::nullopt}}),
              event("b", Date(2023, 1, 1), {{"a", 1.0, std::nullopt}}), event("c", Date(2023, 1, 1))};
  const auto r = resolve_events(s);
  CHECK_FALSE(r.events[0]);
  CHECK_FALSE(r.events[1]);
  CHECK(r.events[2]);
}

TEST_CASE("The loader dates the baseline's lagged events with the resolver", "[scenario][events]") {
  const Scenario s = load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  const auto* licence = s.find_event("us-2025-04-h20-licence");
  const auto* summons = s.find_event("cn-2025-07-31-cac-summons");  // requires the licence, lag 113 days
  REQUIRE(licence);
  REQUIRE(summons);
  CHECK(summons->effective == licence->effective.plus_days(113));
  CHECK(summons->effective == Date(2025, 7, 31));
  const auto r = resolve_events(s);
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    INFO(s.events[i].id);
    REQUIRE(r.events[i]);
    CHECK(r.events[i]->effective == s.events[i].effective);
  }
}
