// Composition: extends (relative paths, several levels), deep merge of maps, lists
// replaced whole, remove_events with its consequences, add_events, cycles.
#include <catch2/catch.hpp>
#include <fstream>

#include "models/scenario/composition.h"
#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"
#include "tests/support/run_cmsim.h"

using namespace cmsim::scenario;
using cmsim::engine::Date;
using cmsim::engine::InputError;

namespace {
const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/";

std::vector<std::string> errors_of(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const InputError& e) {
    return e.messages();
  }
  return {};
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }
}  // namespace

TEST_CASE("A child overrides nested keys and inherits the rest", "[scenario][compose]") {
  const Scenario s = load_scenario(DATA + "child.yaml");
  CHECK(s.name == "child");
  CHECK(s.start == Date(2020, 1, 1));  // from the parent's horizon map
  CHECK(s.end == Date(2028, 12, 31));  // the child's key wins
  CHECK(s.seed == 42);
  CHECK(s.parameters.beta_risk == 5);
  CHECK(s.parameters.risk_shock == Approx(0.3));  // the parent's distribution is kept
  CHECK(s.products.size() == 4);
  // Lists are replaced whole.
  REQUIRE(s.routes.size() == 1);
  CHECK(s.routes[0].to == "china");
}

TEST_CASE("remove_events removes the event and what requires it, and add_events appends", "[scenario][compose]") {
  const Scenario s = load_scenario(DATA + "child.yaml");
  CHECK(s.find_event("h20-licence") == nullptr);
  CHECK(s.find_event("h20-deal") == nullptr);       // requires h20-licence
  CHECK(s.find_event("cn-discourage") == nullptr);  // requires h20-deal
  REQUIRE(s.find_event("lift-2026"));
  CHECK(s.events.back().id == "lift-2026");
  CHECK(s.events.size() == 9);
  CHECK(s.find_product("h20"));  // h20 requires ac-2023, which stays
}

TEST_CASE("Removing an event removes products launched because of it", "[scenario][compose]") {
  cmsim::testing::TempDir dir;
  std::filesystem::copy_file(DATA + "mini.yaml", dir.path() / "mini.yaml");
  write(dir.path() / "no-2023.yaml",
        "name: no-2023\ndescription: without the 2023 amendment\nextends: mini.yaml\nremove_events: [ac-2023]\n");
  const Scenario s = load_scenario((dir.path() / "no-2023.yaml").string());
  CHECK(s.find_event("ac-2023") == nullptr);
  CHECK(s.find_product("h20") == nullptr);  // launch_requires: [ac-2023]
  CHECK(s.find_event("h20-licence") == nullptr);
  CHECK(s.find_event("subsidy"));
  // No event still names h20.
  for (const auto& e : s.events)
    for (const auto& r : id_references(e.instrument))
      if (r.refers_to == IdKind::PRODUCT)
        for (const auto& p : *r.ids) CHECK(p != "h20");
}

TEST_CASE("An amendment left without its rule is removed, and so is everything that requires it",
          "[scenario][compose]") {
  cmsim::testing::TempDir dir;
  std::filesystem::copy_file(DATA + "mini.yaml", dir.path() / "mini.yaml");
  write(dir.path() / "no-2022.yaml",
        "name: no-2022\ndescription: without the 2022 rule\nextends: mini.yaml\nremove_events: [ac-2022]\n");
  // ac-2023 amends ac-2022 only; h20-licence requires ac-2023 and h20 launches after it.
  // (Before the removals were one fixed point, the file failed to load: "requires ac-2023".)
  const Scenario s = load_scenario((dir.path() / "no-2022.yaml").string());
  CHECK(s.find_event("ac-2023") == nullptr);
  CHECK(s.find_event("h20-licence") == nullptr);
  CHECK(s.find_event("h20-deal") == nullptr);
  CHECK(s.find_product("h20") == nullptr);
  ErrorList errors;
  CompositionLog log;
  REQUIRE(compose_scenario_file((dir.path() / "no-2022.yaml").string(), errors, nullptr, &log));
  std::vector<std::string> reasons;
  for (const auto& r : log.removed) reasons.push_back(r.id + ": " + r.reason.substr(0, r.reason.find(" at ")));
  CHECK(reasons == std::vector<std::string>{"ac-2022: remove_events", "ac-2023: every event it targets was removed",
                                            "h20-licence: requires ac-2023, which was removed",
                                            "h20-deal: requires h20-licence, which was removed",
                                            "cn-discourage: requires h20-deal, which was removed",
                                            "h20: launch_requires ac-2023, which was removed"});
}

TEST_CASE("Two levels of extends compose in order", "[scenario][compose]") {
  const Scenario s = load_scenario(DATA + "grandchild.yaml");
  CHECK(s.name == "grandchild");
  CHECK(s.seed == 7);
  CHECK(s.end == Date(2028, 12, 31));
  CHECK(s.parameters.beta_risk == 5);
  CHECK(s.find_event("lift-2026"));
}

TEST_CASE("Cycles of extends and unknown remove ids are errors", "[scenario][compose]") {
  CHECK(errors_of(DATA + "cycle-a.yaml") ==
        std::vector<std::string>{DATA +
                                 "cycle-b.yaml:3:10: extends: expected no cycle of extends, got \"cycle-a.yaml -> "
                                 "cycle-b.yaml -> cycle-a.yaml\""});
  CHECK(errors_of(DATA + "remove-unknown.yaml") ==
        std::vector<std::string>{
            DATA + "remove-unknown.yaml:4:17: remove_events[0]: expected an event id of the parent scenario (one of: "
                   "ac-2022, ac-2023, boom, cn-discourage, enforce-2025, entity-2024, h20-deal, h20-licence, hbm-2024, "
                   "mandate, subsidy), got \"h20-license\"; did you mean \"h20-licence\"?"});
}

TEST_CASE("A missing parent is reported where it is named", "[scenario][compose]") {
  cmsim::testing::TempDir dir;
  write(dir.path() / "orphan.yaml", "name: orphan\ndescription: x\nextends: nowhere.yaml\n");
  const auto m = errors_of((dir.path() / "orphan.yaml").string());
  REQUIRE(m.size() == 1);
  CHECK(m[0] == (dir.path() / "orphan.yaml").string() + ":3:10: extends: expected an existing scenario file, got \"" +
                    (dir.path() / "nowhere.yaml").string() + "\"");
}

TEST_CASE("Errors in the parent name the parent file", "[scenario][compose]") {
  cmsim::testing::TempDir dir;
  write(dir.path() / "parent.yaml",
        "name: parent\ndescription: x\nhorizon: {start: 2020-01-01, end: 2030-12-31}\n"
        "seed: -4\n");
  write(dir.path() / "kid.yaml", "name: kid\ndescription: y\nextends: parent.yaml\nhorizon: {end: 2019-01-01}\n");
  const auto m = errors_of((dir.path() / "kid.yaml").string());
  REQUIRE(m.size() == 2);
  CHECK(m[0] == (dir.path() / "kid.yaml").string() +
                    ":4:16: horizon.end: expected a date after horizon.start (2020-01-01), got \"2019-01-01\"");
  CHECK(m[1] == (dir.path() / "parent.yaml").string() + ":4:7: seed: expected a whole number >= 0, got \"-4\"");
}

TEST_CASE("merge_into merges maps and replaces everything else", "[scenario][compose]") {
  YamlNode a, b;
  a.kind = b.kind = YamlNode::Kind::MAP;
  const auto scalar = [](const char* s) { return YamlNode{YamlNode::Kind::SCALAR, s, false, {}, {}, {}}; };
  a.keys = {scalar("x"), scalar("y")};
  a.items = {scalar("1"), scalar("2")};
  b.keys = {scalar("y"), scalar("z")};
  b.items = {scalar("20"), scalar("30")};
  merge_into(a, b);
  REQUIRE(a.keys.size() == 3);
  CHECK(a.find("x")->scalar == "1");
  CHECK(a.find("y")->scalar == "20");
  CHECK(a.find("z")->scalar == "30");
}
