// The simulation's view of the rules in force (policy::PolicyRegime, applied event by
// event) agrees with `cmsim rules` (scenario::rules_in_force on a date) for every product
// of the baseline, on dates across its history.
#include "models/policy/policy_regime.h"

#include <catch2/catch.hpp>

#include "models/scenario/rules_in_force.h"
#include "models/scenario/scenario_loader.h"

using namespace cmsim;
using engine::Date;

TEST_CASE("The simulation's rules in force agree with cmsim rules on the baseline", "[policy][rules]") {
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  // Events in date order, as the simulation applies them.
  std::vector<const scenario::PolicyEvent*> order;
  const auto when = scenario::scenario_event_dates(s);
  for (std::size_t i = 0; i < s.events.size(); ++i)
    if (when[i]) order.push_back(&s.events[i]);
  std::stable_sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->effective < b->effective; });

  policy::PolicyRegime regime(s);
  std::size_t next = 0;
  int restricted_seen = 0, licensed_seen = 0;
  for (const Date on : {Date(2022, 9, 1), Date(2022, 11, 1), Date(2023, 11, 20), Date(2025, 1, 1), Date(2025, 5, 1),
                        Date(2025, 9, 1), Date(2026, 2, 1), Date(2030, 1, 1)}) {
    while (next < order.size() && order[next]->effective <= on) {
      regime.apply(*order[next], order[next]->effective);
      ++next;
    }
    const auto rules = scenario::rules_in_force(s, on);
    for (const auto& p : s.products) {
      INFO(on.iso() << " " << p.id);
      const auto origin = s.find_vendor(p.vendor)->origin;
      bool banned = false;
      const scenario::RuleInForce* licence = nullptr;
      for (const auto& r : rules) {
        if (!scenario::apply_rule(r, p, s).restricted) continue;
        if (r.rule->kind == scenario::EventKind::EXPORT_RULE) banned = true;
        if (r.rule->kind == scenario::EventKind::LICENCE_REQUIREMENT && (!licence || r.effective >= licence->effective))
          licence = &r;
      }
      CHECK(regime.export_banned(p, origin) == banned);
      const auto* terms = regime.licence_for(p, origin);
      REQUIRE((terms != nullptr) == (licence != nullptr));
      if (terms) CHECK(terms->id == licence->rule->id);
      restricted_seen += banned;
      licensed_seen += licence != nullptr;
    }
  }
  // The comparison is not vacuous: both kinds of restriction occur.
  CHECK(restricted_seen > 10);
  CHECK(licensed_seen > 5);
}
