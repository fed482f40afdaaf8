// Which rules are in force on a date (lifts, replacements, amendments, requires) and
// which products each restricts.
#include "models/scenario/rules_in_force.h"

#include <catch2/catch.hpp>

#include "models/scenario/scenario_loader.h"

using namespace cmsim::scenario;
using cmsim::engine::Date;

namespace {
const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/";

std::vector<std::string> ids(const std::vector<RuleInForce>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(r.rule->id);
  return out;
}
}  // namespace

TEST_CASE("Rules come into force on their effective date", "[scenario][rules]") {
  const Scenario s = load_scenario(DATA + "mini.yaml");
  CHECK(rules_in_force(s, Date(2022, 10, 20)).empty());
  const auto oct22 = rules_in_force(s, Date(2022, 10, 21));
  REQUIRE(ids(oct22) == std::vector<std::string>{"ac-2022"});
  CHECK(oct22[0].amended_by == nullptr);
  const Product& a100 = *s.find_product("a100");
  const auto v = apply_rule(oct22[0], a100, s);
  CHECK(v.restricted);
  CHECK(v.reason == "tpp 4992 >= 4800 and interconnect_gbps 600 >= 600");
  CHECK_FALSE(apply_rule(oct22[0], *s.find_product("h20"), s).restricted);
}

TEST_CASE("An amendment replaces the rule's predicate from its effective date", "[scenario][rules]") {
  const Scenario s = load_scenario(DATA + "mini.yaml");
  const auto r = rules_in_force(s, Date(2024, 1, 1));
  REQUIRE(r.size() == 1);
  REQUIRE(r[0].amended_by);
  CHECK(r[0].amended_by->id == "ac-2023");
  CHECK(apply_rule(r[0], *s.find_product("a100"), s).reason == "tpp 4992 >= 4800");
  const auto domestic = apply_rule(r[0], *s.find_product("ascend910b"), s);
  CHECK_FALSE(domestic.restricted);
  CHECK(domestic.reason == "origin domestic not covered");
  CHECK(apply_rule(r[0], *s.find_product("h20"), s).reason == "below the thresholds");
}

TEST_CASE("Licence requirements name products and are replaced by their successors", "[scenario][rules]") {
  const Scenario s = load_scenario(DATA + "mini.yaml");
  const auto may = rules_in_force(s, Date(2025, 5, 1));
  CHECK(ids(may) == std::vector<std::string>{"ac-2022", "h20-licence"});
  const auto named = apply_rule(may[1], *s.find_product("h20"), s);
  CHECK(named.restricted);
  CHECK(named.reason == "named in the rule");
  CHECK_FALSE(apply_rule(may[1], *s.find_product("a100"), s).restricted);
  CHECK(ids(rules_in_force(s, Date(2025, 9, 1))) == std::vector<std::string>{"ac-2022", "h20-deal"});
}

TEST_CASE("A lift ends a rule, and events that do not happen take their dependants along", "[scenario][rules]") {
  const Scenario child = load_scenario(DATA + "child.yaml");
  CHECK(ids(rules_in_force(child, Date(2025, 12, 31))) == std::vector<std::string>{"ac-2022"});
  CHECK(rules_in_force(child, Date(2026, 1, 1)).empty());

  const Scenario s = load_scenario(DATA + "mini.yaml");
  const auto without_2023 = [](const PolicyEvent& e) { return e.id != "ac-2023"; };
  const auto r = rules_in_force(s, Date(2025, 9, 1), without_2023);
  REQUIRE(ids(r) == std::vector<std::string>{"ac-2022"});  // h20-licence and h20-deal require ac-2023
  CHECK(r[0].amended_by == nullptr);
}
