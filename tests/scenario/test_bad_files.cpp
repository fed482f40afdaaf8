// One minimal bad file per class of error under tests/data/bad/, each message pinned:
// "file:line:col: key.path: expected ..., got \"...\"".
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "models/scenario/scenario_loader.h"
#include "models/scenario/yaml_reader.h"
#include "sim/engine/input_error.h"

using cmsim::engine::InputError;
using cmsim::scenario::load_scenario;

namespace {

const std::string BAD = std::string(CMSIM_SOURCE_DIR) + "/tests/data/bad/";

/// The messages of loading a file (empty if it loads).
std::vector<std::string> errors_of(const std::string& file) {
  try {
    load_scenario(BAD + file);
  } catch (const InputError& e) {
    return e.messages();
  }
  return {};
}

struct Case {
  const char* file;
  std::vector<std::string> messages;  // without the directory prefix
};

}  // namespace

TEST_CASE("Each bad file gets exactly its pinned messages", "[scenario][bad]") {
  const std::vector<Case> cases = {
      {"unknown-key.yaml",
       {"unknown-key.yaml:4:1: horizn: expected a key of a scenario (one of: add_events, buyers, description, "
        "developers, ecosystems, events, extends, headline, horizon, metrics, name, parameters, products, "
        "remove_events, routes, seed, vendors), got \"horizn\"; did you mean \"horizon\"?"}},
      {"headline-unknown-ids.yaml",
       {"headline-unknown-ids.yaml:9:20: headline.vendor: expected a vendor id (one of: nvidia), got \"nvida\"; did "
        "you mean \"nvidia\"?",
        "headline-unknown-ids.yaml:9:38: headline.ecosystem: expected an ecosystem id (one of: cuda), got \"rocm\""}},
      {"unknown-nested-key.yaml",
       {"unknown-nested-key.yaml:7:5: vendors[0].capcity_units_per_quarter: expected a key of a vendor (one of: "
        "capacity_ceiling, capacity_growth_per_quarter, capacity_scale, capacity_units_per_quarter, captive_buyers, "
        "delivery_lag_days, gross_margin, id, lead_time_days, name, origin, "
        "redesign, source), got \"capcity_units_per_quarter\"; did you mean \"capacity_units_per_quarter\"?"}},
      {"wrong-type.yaml", {"wrong-type.yaml:4:7: seed: expected a whole number >= 0, got \"twelve\""}},
      {"wrong-type-list.yaml",
       {"wrong-type-list.yaml:13:16: events[0].restricts: expected a predicate (a map), got a list"}},
      {"negative-capacity.yaml",
       {"negative-capacity.yaml:5:64: vendors[0].capacity_units_per_quarter: expected a number in [0, 1e+12], got "
        "\"-5\""}},
      {"negative-price.yaml",
       {"negative-price.yaml:9:183: products[0].price_usd: expected a number in [0, 1e+09], got \"-1\""}},
      {"end-before-start.yaml",
       {"end-before-start.yaml:3:35: horizon.end: expected a date after horizon.start (2030-01-01), got "
        "\"2020-12-31\""}},
      {"bad-date.yaml", {"bad-date.yaml:8:16: events[0].effective: expected a date YYYY-MM-DD, got \"2025-13-01\""}},
      {"nonexistent-date.yaml",
       {"nonexistent-date.yaml:7:16: events[0].announced: expected a date YYYY-MM-DD, got \"2023-02-29\""}},
      {"probability-out-of-range.yaml",
       {"probability-out-of-range.yaml:16:24: events[0].grant_probability: expected a probability in [0, 1], got "
        "\"1.5\""}},
      {"share-out-of-range.yaml",
       {"share-out-of-range.yaml:7:26: developers.initial_shares.cuda: expected a fraction in [0, 1], got \"1.2\""}},
      {"unknown-vendor.yaml",
       {"unknown-vendor.yaml:9:23: products[0].vendor: expected a vendor id (one of: nvidia), got \"nvida\"; did you "
        "mean \"nvidia\"?"}},
      {"unknown-ecosystem.yaml",
       {"unknown-ecosystem.yaml:9:42: products[0].ecosystem: expected an ecosystem id (one of: cuda), got \"rocm\""}},
      {"unknown-product.yaml",
       {"unknown-product.yaml:15:16: events[0].products[0]: expected a product id (one of: h20), got \"h21\"; did you "
        "mean \"h20\"?"}},
      {"unknown-buyer.yaml",
       {"unknown-buyer.yaml:11:14: events[0].buyers[0]: expected a buyer id (one of: labs), got \"lab\"; did you mean "
        "\"labs\"?"}},
      {"milestones-not-a-list.yaml",
       {"milestones-not-a-list.yaml:5:46: ecosystems[0].milestones: expected a list of {date, maturity_gain, "
        "description, source}, got a map"}},
      {"milestones-out-of-order.yaml",
       {"milestones-out-of-order.yaml:9:43: ecosystems[0].milestones[1].maturity_gain: expected a fraction in [0, 1], "
        "got \"1.5\"",
        "milestones-out-of-order.yaml:9:16: ecosystems[0].milestones[1].date: expected dates in order (not before "
        "2025-12-31), got \"2025-08-05\""}},
      {"captive-unknown-buyer.yaml",
       {"captive-unknown-buyer.yaml:7:52: vendors[0].captive_buyers[0]: expected a buyer id (one of: hyperscalers), "
        "got "
        "\"hyperscaler\"; did you mean \"hyperscalers\"?"}},
      {"unknown-event.yaml",
       {"unknown-event.yaml:10:16: events[0].requires[0]: expected an event id (one of: a), got \"b\"; did you mean "
        "\"a\"?"}},
      {"unknown-route.yaml",
       {"unknown-route.yaml:11:14: events[0].routes[0]: expected a route id (one of: us-sg), got \"us-hk\"; did you "
        "mean \"us-sg\"?"}},
      {"duplicate-id.yaml",
       {"duplicate-id.yaml:10:10: products[1].id: expected a product id not used before, got \"h20\" again (first at " +
        BAD + "duplicate-id.yaml:9:10)"}},
      {"duplicate-key.yaml",
       {"duplicate-key.yaml:5:1: seed: expected each key once in a map, got it again (first at " + BAD +
        "duplicate-key.yaml:4:1)"}},
      {"requires-cycle.yaml",
       {"requires-cycle.yaml:5:100: events[0].requires: expected no cycle of requires, got \"a -> c -> b -> a\""}},
      {"remove-without-extends.yaml",
       {"remove-without-extends.yaml:4:1: remove_events: expected only with extends:, got no extends"}},
      {"add-without-extends.yaml",
       {"add-without-extends.yaml:4:1: add_events: expected only with extends:, got no extends"}},
      {"parameter-out-of-bounds.yaml",
       {"parameter-out-of-bounds.yaml:5:14: parameters.beta_risk: expected a number in [0, 50], got \"99\""}},
      {"unknown-distribution.yaml",
       {"unknown-distribution.yaml:5:21: parameters.beta_risk.dist: expected a distribution (one of: beta, "
        "lognormal, normal, triangular, uniform), got \"gamma\""}},
      {"distribution-out-of-bounds.yaml",
       {"distribution-out-of-bounds.yaml:5:15: parameters.risk_shock: expected a distribution of a number in [0, 1] "
        "(truncate it with lower:/upper:), got normal(mean=0.3, sd=0.2) ranging over [-0.650685, 1.25068]"}},
      {"bad-distribution-parameters.yaml",
       {"bad-distribution-parameters.yaml:5:15: parameters.risk_shock: expected valid distribution parameters "
        "(uniform: low must be < high), got a map"}},
      {"missing-key.yaml", {"missing-key.yaml:1:1: description: expected a value (the key is required), got none"}},
      {"unknown-event-kind.yaml",
       {"unknown-event-kind.yaml:5:19: events[0].kind: expected an event kind (one of: amend_rule, demand_shock, "
        "discourage, enforcement, entity_list, export_rule, import_approval, licence_requirement, lift, "
        "procurement_mandate, subsidy, "
        "supply_control), got \"export_ban\""}},
      {"predicate-two-ops.yaml",
       {"predicate-two-ops.yaml:9:16: events[0].restricts: expected exactly one comparison (ge, gt, le or lt), got "
        "2"}},
      {"unclosed-bracket.yaml",
       {"unclosed-bracket.yaml:4:5: expected valid YAML, got a syntax error: end of map flow not found"}},
      {"tab-indent.yaml", {"tab-indent.yaml:4:7: expected valid YAML, got a syntax error: illegal map value"}},
      {"binary.yaml", {"binary.yaml:1:10: expected a YAML text file, got a NUL byte (a binary file?)"}},
      {"deep-flow.yaml", {"deep-flow.yaml:2:68: expected at most 64 levels of nested maps and lists, got more"}},
      {"empty.yaml",
       {"empty.yaml:1:1: expected a scenario (a map of keys: name, description, horizon, ...), got an empty file"}},
      // Hostile input: each of these once passed validation and then failed inside the run
      // (exit 4), overflowed, or printed raw escape sequences.
      {"degree-odd.yaml",
       {"degree-odd.yaml:9:45: developers.network.degree: expected a small-world degree that is even, at least 2 "
        "and at most agents - 2 (98), got degree 1"}},
      {"degree-not-below-agents.yaml",
       {"degree-not-below-agents.yaml:9:45: developers.network.degree: expected a small-world degree that is even, "
        "at least 2 and at most agents - 2 (8), got degree 10"}},
      // Found by the fuzzer (a timeout): with degree = agents - 1 every agent's window is the
      // whole ring, and Boost's generator looked for a vertex to rewire to without end.
      {"degree-fills-the-ring.yaml",
       {"degree-fills-the-ring.yaml:9:45: developers.network.degree: expected a small-world degree that is even, "
        "at least 2 and at most agents - 2 (9), got degree 10"}},
      {"agents-without-ecosystems.yaml",
       {"agents-without-ecosystems.yaml:5:11: developers.agents: expected 0 agents when the scenario has no "
        "ecosystems, got 10"}},
      {"horizon-past-calendar.yaml",
       {"horizon-past-calendar.yaml:3:35: horizon.end: expected a date on or before 2199-09-30 (the calendar ends "
        "in 2199 and a run needs the quarter after its last), got \"2199-12-31\""}},
      {"horizon-too-long.yaml",
       {"horizon-too-long.yaml:3:35: horizon.end: expected a horizon of at most 100 years (after horizon.start "
        "1900-01-01), got \"2030-12-31\""}},
      {"huge-multiplier.yaml",
       {"huge-multiplier.yaml:5:101: events[0].demand_multiplier: expected a number in [0, 1000], got \"1e308\""}},
      {"compounding-multipliers.yaml",
       {"compounding-multipliers.yaml:7:98: events[2].demand_multiplier: expected the demand_multipliers of all "
        "demand_shock events to multiply to at most 1e+06, got 2e+06 up to this event"}},
      {"lognormal-sigma-40.yaml",
       {"lognormal-sigma-40.yaml:5:55: buyers[0].training_pflops_per_quarter: expected a distribution of a number "
        "in [0, 1e+12] (truncate it with lower:/upper:), got lognormal(median=1, sigma=40) ranging over "
        "[2.65804e-83, 3.76217e+82]"}},
      {"uniform-huge.yaml",
       {"uniform-huge.yaml:5:54: buyers[0].inference_tbps_per_quarter: expected a distribution of a number in [0, "
        "1e+12] (truncate it with lower:/upper:), got uniform(low=-1e+308, high=1e+308) ranging over [inf, inf]"}},
      {"too-many-buyers.yaml",
       {"too-many-buyers.yaml:5:33: buyers[0].count: expected a whole number in [1, 100000], got \"999999\""}},
      {"huge-route.yaml",
       {"huge-route.yaml:5:62: routes[0].capacity_units_per_quarter: expected a number in [0, 1e+12], got \"1e300\"",
        "huge-route.yaml:5:77: routes[0].markup: expected a number in [0, 1000], got \"1e300\""}},
      {"control-characters.yaml",
       {"control-characters.yaml:4:1: \\x1b[31mevil\\xff: expected a key of a scenario (one of: add_events, buyers, "
        "description, developers, ecosystems, events, extends, headline, horizon, metrics, name, parameters, products, "
        "remove_events, "
        "routes, seed, vendors), got \"\\x1b[31mevil\\xff\""}},
      {"many-errors.yaml",
       {"many-errors.yaml:1:7: name: expected a name of lower-case letters, digits and '-', got \"Bad Name\"",
        "many-errors.yaml:3:35: horizon.end: expected a date after horizon.start (2020-01-01), got \"2019-12-31\"",
        "many-errors.yaml:4:7: seed: expected a whole number >= 0, got \"-1\"",
        "many-errors.yaml:6:26: vendors[0].origin: expected an origin (one of: domestic, other, us), got \"usa\"; did "
        "you mean \"us\"?",
        "many-errors.yaml:6:45: vendors[0].gross_margin: expected a fraction in [0, 1], got \"1.5\""}},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    std::vector<std::string> expected;
    for (const auto& m : c.messages) expected.push_back(BAD + m);
    CHECK(errors_of(c.file) == expected);
  }
}

TEST_CASE("An unknown parameter lists the valid names and suggests the closest", "[scenario][bad]") {
  const auto m = errors_of("unknown-parameter.yaml");
  REQUIRE(m.size() == 1);
  // The parameter table grows; pin the shape, not the whole list.
  CHECK(m[0].rfind(BAD + "unknown-parameter.yaml:5:3: parameters.beta_rsk: expected a parameter name (one of: ", 0) ==
        0);
  CHECK(m[0].find("beta_risk, ") != std::string::npos);
  CHECK(m[0].ends_with("), got \"beta_rsk\"; did you mean \"beta_risk\"?"));
}

TEST_CASE("The InputError text is every message on its own line", "[scenario][bad]") {
  REQUIRE_THROWS_WITH(load_scenario(BAD + "wrong-type.yaml"),
                      BAD + "wrong-type.yaml:4:7: seed: expected a whole number >= 0, got \"twelve\"");
  try {
    load_scenario(BAD + "many-errors.yaml");
    FAIL("no error");
  } catch (const InputError& e) {
    const std::string text = e.what();
    CHECK(std::count(text.begin(), text.end(), '\n') == 4);
  }
}

TEST_CASE("Files that cannot be read give one message", "[scenario][bad]") {
  CHECK(errors_of("no-such-file.yaml") ==
        std::vector<std::string>{BAD + "no-such-file.yaml:1:1: expected a readable scenario file, got no such file"});
  REQUIRE_THROWS_WITH(load_scenario(BAD), Catch::Contains("expected a regular file, got a directory"));
}

namespace {
/// Writes `text` to a file under the build's temporary directory and returns its path.
std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = std::filesystem::temp_directory_path() / ("cmsim-hostile-" + name);
  std::ofstream(path, std::ios::binary) << text;
  return path;
}
std::vector<std::string> errors_at(const std::string& path) {
  try {
    load_scenario(path);
  } catch (const InputError& e) {
    return e.messages();
  }
  return {};
}
}  // namespace

TEST_CASE("Thousands of errors stop after 50 with a count of the rest", "[scenario][bad][hostile]") {
  std::string text = "name: bad\ndescription: x\nhorizon: {start: 2020-01-01, end: 2030-12-31}\n";
  for (int i = 0; i < 5000; ++i) text += "unknown_key_" + std::to_string(i) + ": 1\n";
  const auto m = errors_at(write_temp("many-keys.yaml", text));
  REQUIRE(m.size() == 51);
  CHECK(m.back() == "(and 4950 more errors)");
}

TEST_CASE("A huge value is quoted to 80 characters and an ellipsis", "[scenario][bad][hostile]") {
  const std::string value(1'500'000, 'k');  // under the 2 MiB file ceiling
  const auto m = errors_at(write_temp("huge-value.yaml", "name: " + value + "\n"));
  REQUIRE(!m.empty());
  CHECK(m.front().size() < 1000);
  CHECK(m.front().find("got \"" + std::string(80, 'k') + "\xe2\x80\xa6\"") != std::string::npos);
}

TEST_CASE("A file over the size ceiling is refused before it is parsed, one at the ceiling is read",
          "[scenario][bad][hostile]") {
  using cmsim::scenario::MAX_FILE_BYTES;
  const std::string head = "name: big\ndescription: x\nhorizon: {start: 2020-01-01, end: 2030-12-31}\n";
  std::string text = head;
  while (text.size() < MAX_FILE_BYTES) text += "# " + std::string(77, 'c') + "\n";
  text.resize(MAX_FILE_BYTES + 1);
  const auto over = errors_at(write_temp("over-ceiling.yaml", text));
  REQUIRE(over.size() == 1);
  CHECK(over.front().find("expected a scenario file of at most 2 MB, got 2097153 bytes") != std::string::npos);
  // One byte less (a comment cut short) passes the size check and is parsed: the only
  // complaints are about the scenario's content, not its size.
  text.resize(MAX_FILE_BYTES);
  for (const auto& m : errors_at(write_temp("at-ceiling.yaml", text)))
    CHECK(m.find("at most 2 MB") == std::string::npos);
}

TEST_CASE("Unknown references among thousands of ids list 40 names, not all", "[scenario][bad][hostile]") {
  std::string text = "name: bad\ndescription: x\nhorizon: {start: 2020-01-01, end: 2030-12-31}\nvendors:\n";
  for (int i = 0; i < 3000; ++i) text += "  - {id: v" + std::to_string(i) + ", origin: us}\n";
  text += "products:\n";
  for (int i = 0; i < 3000; ++i)
    text += "  - {id: p" + std::to_string(i) + ", vendor: nope" + std::to_string(i) +
            ", ecosystem: e, launch: 2020-01-01, tflops_bf16: 1, memory_gb: 1, memory_bandwidth_tbps: 1, "
            "interconnect_gbps: 1, die_area_mm2: 1, price_usd: 1}\n";
  const auto m = errors_at(write_temp("many-refs.yaml", text));
  REQUIRE(m.size() == 51);
  std::size_t total = 0;
  for (const auto& x : m) total += x.size();
  CHECK(total < 51 * 1000);
  CHECK(m.front().find(", and 2960 more)") != std::string::npos);
}
