// The simulation's view of the rules in force (policy::PolicyRegime, applied event by
// event, as the market applies them) against the history of the baseline written out by
// hand: which products are banned and which licence covers them on dates across 2022-2030.
// PolicyRegime is built on scenario::rules_in_force, so comparing the two would compare a
// function with itself; these facts are independent of both.
#include "models/policy/policy_regime.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <vector>

#include "models/scenario/rules_in_force.h"
#include "models/scenario/scenario_loader.h"

using namespace cmsim;
using engine::Date;

namespace {
struct Fact {
  Date on;
  const char* product;
  bool banned;
  const char* licence;  // the requirement that covers it, or ""
};
// From the rules' texts (scenarios/baseline.yaml): the Aug-2022 letters name A100/H100; the
// Oct-2022 rule is TPP >= 4800 and interconnect >= 600; the Oct-2023 rule (TPP >= 4800, or
// TPP >= 1600 with PD >= 5.92) replaces it; 3A090.b's NAC route covers the RTX Pro 6000D;
// the H20 licence of Apr-2025 is replaced by the 15% licence of Aug-2025; Jan-2026 narrows
// the 2023 rule to TPP >= 21000 or bandwidth >= 6.5 TB/s, licenses what falls out of it, and
// keeps Blackwell (interconnect >= 1000) banned.
const Fact FACTS[] = {
    {Date(2022, 9, 1), "a100", false, "us-2022-08-31-is-informed"},
    {Date(2022, 9, 1), "h100", false, "us-2022-08-31-is-informed"},
    {Date(2022, 9, 1), "a800", false, ""},
    {Date(2022, 11, 1), "a100", true, "us-2022-08-31-is-informed"},
    {Date(2022, 11, 1), "h200", true, ""},
    {Date(2022, 11, 1), "a800", false, ""},  // interconnect 400 < 600: the A800 was built for this
    {Date(2022, 11, 1), "h800", false, ""},
    {Date(2023, 11, 20), "a800", true, ""},
    {Date(2023, 11, 20), "h800", true, ""},
    {Date(2023, 11, 20), "h20", false, ""},
    {Date(2023, 11, 20), "l20", false, ""},
    {Date(2023, 11, 20), "rtx_pro_6000d", false, "us-2023-10-17-3a090b-nac"},
    {Date(2025, 5, 1), "h20", false, "us-2025-04-h20-licence"},
    {Date(2025, 5, 1), "mi308", false, "us-2025-04-h20-licence"},
    {Date(2025, 5, 1), "h800", true, ""},
    {Date(2025, 9, 1), "h20", false, "us-2025-08-h20-licence-15pct"},
    {Date(2026, 2, 1), "h200", false, "us-2026-01-15-h200-licence"},
    {Date(2026, 2, 1), "h100", false, "us-2026-01-15-h200-licence"},
    {Date(2026, 2, 1), "a800", false, "us-2026-01-15-h200-licence"},
    {Date(2026, 2, 1), "b200", true, ""},
    {Date(2026, 2, 1), "b30a", true, ""},
    {Date(2030, 1, 1), "ascend910b", false, ""},
    {Date(2030, 1, 1), "h20", false, "us-2025-08-h20-licence-15pct"},
};

/// The regime as the simulation builds it: the baseline's events applied in date order,
/// each call advancing to `on`.
class RegimeOverTime {
 public:
  explicit RegimeOverTime(const scenario::Scenario& s) : regime(s) {
    const auto when = scenario::scenario_event_dates(s);
    for (std::size_t i = 0; i < s.events.size(); ++i)
      if (when[i]) order_.push_back(&s.events[i]);
    std::stable_sort(order_.begin(), order_.end(), [](auto* a, auto* b) { return a->effective < b->effective; });
  }
  void advance_to(Date on) {
    for (; next_ < order_.size() && order_[next_]->effective <= on; ++next_)
      regime.apply(*order_[next_], order_[next_]->effective);
  }
  policy::PolicyRegime regime;

 private:
  std::vector<const scenario::PolicyEvent*> order_;
  std::size_t next_ = 0;
};
}  // namespace

TEST_CASE("The simulation's rules in force match the baseline's history, written out by hand", "[policy][rules]") {
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  RegimeOverTime over_time(s);
  const auto& regime = over_time.regime;
  for (const auto& f : FACTS) {
    over_time.advance_to(f.on);
    INFO(f.on.iso() << " " << f.product);
    const auto* p = s.find_product(f.product);
    REQUIRE(p);
    const auto origin = s.find_vendor(p->vendor)->origin;
    CHECK(regime.export_banned(*p, origin) == f.banned);
    const auto* licence = regime.licence_for(*p, origin);
    CHECK(std::string(licence ? licence->id : "") == f.licence);
  }
}

// cmsim rules (rules_in_force on a date) and the simulation (events applied one by one, as
// they happen) take different paths through the events; they must agree on every product.
TEST_CASE("The simulation's rules in force agree with cmsim rules on the baseline", "[policy][rules]") {
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  RegimeOverTime over_time(s);
  const auto& regime = over_time.regime;
  int restricted_seen = 0, licensed_seen = 0;
  for (const Date on : {Date(2022, 9, 1), Date(2022, 11, 1), Date(2023, 11, 20), Date(2025, 1, 1), Date(2025, 5, 1),
                        Date(2025, 9, 1), Date(2026, 2, 1), Date(2030, 1, 1)}) {
    over_time.advance_to(on);
    const auto rules = scenario::rules_in_force(s, on);
    for (const auto& p : s.products) {
      INFO(on.iso() << " " << p.id);
      const auto origin = s.find_vendor(p.vendor)->origin;
      bool banned = false;
      const scenario::RuleInForce* licence = nullptr;
      for (const auto& r : rules) {
        if (!scenario::apply_rule(r, p, s).restricted) continue;
        if (r.rule->is<scenario::ExportRule>()) banned = true;
        if (r.rule->is<scenario::LicenceRequirement>() && (!licence || r.effective >= licence->effective)) licence = &r;
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
