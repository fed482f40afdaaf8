// The entities' key tables (models/scenario/entity_keys.h): docs/scenarios.md holds the
// tables they generate, and each numeric key reads into its own field.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "models/scenario/entity_keys.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_builder.h"
#include "models/scenario/yaml_reader.h"
#include "tests/support/run_cmsim.h"

using namespace cmsim::scenario;

namespace {

using cmsim::testing::read_file;  // tests/support/run_cmsim.h

/// A scenario of one vendor with `keys` (YAML flow-map entries besides id and origin).
BuiltScenario one_vendor(const std::string& keys, ErrorList& errors) {
  const std::string text =
      "name: t\ndescription: t\nhorizon: {start: 2022-01-01, end: 2024-12-31}\nvendors:\n"
      "  - {id: v, origin: domestic, " +
      keys + "}\n";
  auto tree = parse_yaml_text(text, "t.yaml", false, errors);
  REQUIRE(tree);
  return build_scenario(*tree, errors);
}

const std::string HEADER = "name: t\ndescription: t\nhorizon: {start: 2022-01-01, end: 2024-12-31}\n";

/// For each numeric key of `keys`: a scenario `before` + every numeric key (0.75 for this
/// one, 0.25 for the others) + `after`, read without errors, where `of(scenario)` holds
/// 0.75 in this key's field and 0.25 in every other's (a row pointing at another member
/// fails it).
template <class T, class Of>
void each_number_reads_into_its_field(std::span<const EntityKey<T>> keys, const std::string& before,
                                      const std::string& after, Of of) {
  for (const auto& k : keys) {
    if (!k.number) continue;
    INFO("key " << k.key);
    std::string numbers;
    for (const auto& other : keys)
      if (other.number) numbers += ", " + std::string(other.key) + (other.key == k.key ? ": 0.75" : ": 0.25");
    ErrorList errors;
    auto tree = parse_yaml_text(HEADER + before + numbers + after, "t.yaml", false, errors);
    REQUIRE(tree);
    const auto built = build_scenario(*tree, errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    const T* read = of(built.scenario);
    REQUIRE(read);
    for (const auto& other : keys)
      if (other.number) CHECK((*read).*other.number == (other.key == k.key ? 0.75 : 0.25));
  }
}

}  // namespace

/// The generated table of `entity` between its markers in docs/scenarios.md: "" when it
/// matches `expected`, else where the text to paste was written.
std::string docs_mismatch(const std::string& entity, const std::string& expected_table) {
  const std::string doc = read_file(std::filesystem::path(CMSIM_SOURCE_DIR) / "docs" / "scenarios.md");
  const std::string begin =
      "<!-- " + entity + ": generated from models/scenario/entity_keys.cpp (test_entity_keys.cpp) -->\n";
  const std::string end = "<!-- " + entity + ": end -->";
  const auto a = doc.find(begin), b = doc.find(end);
  const std::string table = a != std::string::npos && b != std::string::npos && b > a
                                ? doc.substr(a + begin.size(), b - a - begin.size())
                                : std::string();
  const std::string expected = expected_table + "\n";
  if (table == expected) return "";
  const auto out = std::filesystem::temp_directory_path() / ("cmsim-" + entity + "-table.md");
  std::ofstream(out) << expected;
  return out.string();
}

TEST_CASE("docs/scenarios.md holds the tables the entities' key tables generate", "[scenario][docs]") {
  for (const auto& [entity, table] : {std::pair<std::string, std::string>{"vendors", vendor_table_markdown()},
                                      std::pair<std::string, std::string>{"products", product_table_markdown()},
                                      std::pair<std::string, std::string>{"buyers", buyer_table_markdown()},
                                      std::pair<std::string, std::string>{"developers", developer_table_markdown()},
                                      std::pair<std::string, std::string>{"routes", route_table_markdown()},
                                      std::pair<std::string, std::string>{"ecosystems", ecosystem_table_markdown()}}) {
    const std::string paste = docs_mismatch(entity, table);
    if (!paste.empty()) FAIL("docs/scenarios.md differs from the " << entity << " key table: paste " << paste);
  }
}

TEST_CASE("Each numeric key of a vendor and its redesign reads into its own field", "[scenario]") {
  static const Vendor defaults{};
  for (const auto& k : vendor_keys()) {
    if (!k.number) continue;
    INFO("key " << k.key);
    REQUIRE(defaults.*k.number != 0.25);
    ErrorList errors;
    const auto built = one_vendor(std::string(k.key) + ": 0.25", errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    REQUIRE(built.scenario.vendors.size() == 1);
    CHECK(built.scenario.vendors[0].*k.number == 0.25);
  }
  static const Redesign redesign_defaults{};
  for (const auto& k : redesign_keys()) {
    INFO("key redesign." << k.key);
    REQUIRE(k.number);
    REQUIRE(redesign_defaults.*k.number != 0.25);
    ErrorList errors;
    const auto built = one_vendor("redesign: {" + std::string(k.key) + ": 0.25}", errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    REQUIRE(built.scenario.vendors.size() == 1);
    REQUIRE(built.scenario.vendors[0].redesign);
    CHECK((*built.scenario.vendors[0].redesign).*k.number == 0.25);
  }
}

TEST_CASE("Each numeric key of a product reads into its own field", "[scenario]") {
  const std::string vendor =
      "name: t\ndescription: t\nhorizon: {start: 2022-01-01, end: 2024-12-31}\n"
      "vendors: [{id: v, origin: domestic}]\necosystems: [{id: e, origin: domestic}]\n";
  std::string numbers;
  for (const auto& k : product_keys())
    if (k.number) numbers += ", " + std::string(k.key) + ": 1";
  for (const auto& k : product_keys()) {
    if (!k.number) continue;
    INFO("key " << k.key);
    std::string keys = numbers;
    keys.replace(keys.find(std::string(k.key) + ": 1"), k.key.size() + 3, std::string(k.key) + ": 7");
    ErrorList errors;
    auto tree =
        parse_yaml_text(vendor + "products:\n  - {id: p, vendor: v, ecosystem: e, launch: 2022-01-01" + keys + "}\n",
                        "t.yaml", false, errors);
    REQUIRE(tree);
    const auto built = build_scenario(*tree, errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    REQUIRE(built.scenario.products.size() == 1);
    for (const auto& other : product_keys())
      if (other.number) CHECK(built.scenario.products[0].*other.number == (other.key == k.key ? 7 : 1));
  }
}

TEST_CASE("Each numeric key of a buyer segment reads into its own field", "[scenario]") {
  each_number_reads_into_its_field(buyer_keys(), "buyers:\n  - {id: b, kind: cloud", "}\n",
                                   [](const Scenario& s) { return s.buyers.size() == 1 ? &s.buyers[0] : nullptr; });
}

TEST_CASE("Each numeric key of an ecosystem reads into its own field", "[scenario]") {
  each_number_reads_into_its_field(
      ecosystem_keys(), "ecosystems:\n  - {id: e, origin: domestic", "}\n",
      [](const Scenario& s) { return s.ecosystems.size() == 1 ? &s.ecosystems[0] : nullptr; });
}

TEST_CASE("Each numeric key of a route reads into its own field", "[scenario]") {
  each_number_reads_into_its_field(route_keys(), "routes:\n  - {id: r, from: us, to: china", "}\n",
                                   [](const Scenario& s) { return s.routes.size() == 1 ? &s.routes[0] : nullptr; });
}

// Both tables at once: the network has one number, which only a collision with the
// section's numbers would show pointing at the wrong member.
TEST_CASE("Each numeric key of the developers section and its network reads into its own field", "[scenario]") {
  std::vector<EntityKey<DeveloperPopulation>> all(developer_keys().begin(), developer_keys().end());
  all.insert(all.end(), network_keys().begin(), network_keys().end());
  for (const auto& k : all) {
    if (!k.number) continue;
    INFO("key " << k.key);
    const auto numbers = [&k](std::span<const EntityKey<DeveloperPopulation>> keys) {
      std::string out;
      for (const auto& other : keys)
        if (other.number) out += ", " + std::string(other.key) + (other.key == k.key ? ": 0.75" : ": 0.25");
      return out;
    };
    ErrorList errors;
    auto tree = parse_yaml_text(HEADER + "developers: {source: s" + numbers(developer_keys()) +
                                    ", network: {generator: none" + numbers(network_keys()) + "}}\n",
                                "t.yaml", false, errors);
    REQUIRE(tree);
    const auto built = build_scenario(*tree, errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    for (const auto& other : all)
      if (other.number) CHECK(built.scenario.developers.*other.number == (other.key == k.key ? 0.75 : 0.25));
  }
}

TEST_CASE("No two numeric keys of a vendor share a field", "[scenario]") {
  std::vector<double Vendor::*> seen;
  for (const auto& k : vendor_keys()) {
    if (!k.number) continue;
    INFO("key " << k.key);
    CHECK(std::find(seen.begin(), seen.end(), k.number) == seen.end());
    seen.push_back(k.number);
  }
}

TEST_CASE("A vendor number out of its key's bounds is refused with the bounds in the message", "[scenario]") {
  ErrorList errors;
  one_vendor("gross_margin: 1.5", errors);
  REQUIRE(errors.messages().size() == 1);
  CHECK(errors.messages()[0] == "t.yaml:5:45: vendors[0].gross_margin: expected a fraction in [0, 1], got \"1.5\"");
}
