// The registry of policy-event kinds (models/policy/instruments/registry.h): the docs table
// is the one the key tables generate, every kind reads each of its keys into its own field,
// and what the registry says about each kind (targets, references, compounding) holds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "models/policy/instruments/instrument_spec.h"
#include "models/policy/instruments/registry.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_builder.h"
#include "models/scenario/yaml_reader.h"

using namespace cmsim::scenario;

namespace {

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

/// A scenario of one event of `kind` with `keys` (YAML flow-map entries), built without
/// the cross-reference checks.
BuiltScenario one_event(const std::string& kind, const std::string& keys, ErrorList& errors) {
  const std::string text =
      "name: t\ndescription: t\nhorizon: {start: 2022-01-01, end: 2024-12-31}\nevents:\n"
      "  - {id: e, kind: " +
      kind + ", announced: 2023-01-01, effective: 2023-01-01, source: t" + (keys.empty() ? "" : ", " + keys) + "}\n";
  auto tree = parse_yaml_text(text, "t.yaml", false, errors);
  REQUIRE(tree);
  return build_scenario(*tree, errors);
}

// Visiting a key table instantiates every kind of field for every instrument type, also the
// ones a type has none of (a Restriction member of a Lift): GCC 12 then warns about an access
// beyond the object in code that never runs.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

/// A valid value for each kind of field, and whether the instrument holds it.
template <class T>
struct Probe {
  const T& x;
  std::string value(const IdsField<T>&) const { return "[x]"; }
  std::string value(const OriginsField<T>&) const { return "[domestic]"; }
  std::string value(const BuyerKindsField<T>&) const { return "[lab]"; }
  std::string value(const NumberField<T>&) const { return "0.25"; }
  std::string value(const RestrictionField<T>&) const { return "{origin: [other], metric: tpp, ge: 7}"; }
  std::string value(const WorkloadField<T>&) const { return "inference"; }
  bool holds(const IdsField<T>& f) const { return x.*f.member == std::vector<std::string>{"x"}; }
  bool holds(const OriginsField<T>& f) const { return x.*f.member == std::vector<Origin>{Origin::DOMESTIC}; }
  bool holds(const BuyerKindsField<T>& f) const { return x.*f.member == std::vector<BuyerKind>{BuyerKind::LAB}; }
  bool holds(const NumberField<T>& f) const { return x.*f.member == 0.25; }
  bool holds(const RestrictionField<T>& f) const {
    const Restriction& r = x.*f.member;
    return r.origins == std::vector<Origin>{Origin::OTHER} && r.predicate && r.predicate->value == 7;
  }
  bool holds(const WorkloadField<T>& f) const { return x.*f.member == Workload::INFERENCE; }
};

template <class T>
void check_reads_each_key() {
  INFO("kind " << T::kind);
  static const T defaults{};
  for (const auto& key : T::spec().keys) {
    INFO("key " << key.name);
    const std::string value = std::visit([&](const auto& f) { return Probe<T>{defaults}.value(f); }, key.field);
    // The other required keys get a value too, so that this one is read on its own merits.
    std::string keys = std::string(key.name) + ": " + value;
    const auto& one_of = T::spec().one_of;
    const bool needs_one = !one_of.empty() && std::find(one_of.begin(), one_of.end(), key.name) == one_of.end();
    for (const auto& other : T::spec().keys)
      if ((other.required || (needs_one && other.name == one_of.front())) && other.name != key.name)
        keys += ", " + std::string(other.name) + ": " +
                std::visit([&](const auto& f) { return Probe<T>{defaults}.value(f); }, other.field);
    ErrorList errors;
    const auto built = one_event(std::string(T::kind), keys, errors);
    INFO((errors.empty() ? std::string() : errors.messages().front()));
    CHECK(errors.empty());
    REQUIRE(built.scenario.events.size() == 1);
    REQUIRE(built.scenario.events[0].template is<T>());
    const T& x = built.scenario.events[0].template as<T>();
    CHECK(std::visit([&](const auto& f) { return Probe<T>{x}.holds(f); }, key.field));
    CHECK_FALSE(std::visit([&](const auto& f) { return Probe<T>{defaults}.holds(f); }, key.field));
  }
}

template <class... T>
void check_all(const std::variant<T...>*) {
  (check_reads_each_key<T>(), ...);
}

}  // namespace

TEST_CASE("docs/scenarios.md holds the table the instruments' key tables generate", "[scenario][instruments][docs]") {
  const std::string doc = read_file(std::filesystem::path(CMSIM_SOURCE_DIR) / "docs" / "scenarios.md");
  const std::string begin = "<!-- instruments: generated from models/policy/instruments (test_instruments.cpp) -->\n";
  const std::string end = "<!-- instruments: end -->";
  const auto a = doc.find(begin), b = doc.find(end);
  const std::string table = a != std::string::npos && b != std::string::npos && b > a
                                ? doc.substr(a + begin.size(), b - a - begin.size())
                                : std::string();
  const std::string expected = instrument_table_markdown() + "\n";
  if (table != expected) {  // the text to paste between the two markers
    const auto out = std::filesystem::temp_directory_path() / "cmsim-instruments-table.md";
    std::ofstream(out) << expected;
    FAIL("docs/scenarios.md differs from the registry: paste " << out.string() << " between the markers");
  }
}

TEST_CASE("Every kind reads each key of its table into its own field", "[scenario][instruments]") {
  check_all(static_cast<const Instrument*>(nullptr));
}

TEST_CASE("The registry: unique kinds, keys apart from the common ones, targets of known kinds",
          "[scenario][instruments]") {
  const std::set<std::string> common = {"id",        "kind",   "description", "announced",
                                        "effective", "source", "requires",    "risk_shock"};
  std::set<std::string> names;
  for (const auto& k : instrument_kinds()) {
    INFO(k.name);
    CHECK(names.insert(std::string(k.name)).second);
    CHECK(find_instrument_kind(k.name) == &k);
    CHECK_FALSE(k.summary.empty());
    for (const auto& key : k.keys) CHECK(common.count(key) == 0);
  }
  CHECK(names.size() == std::variant_size_v<Instrument>);
  // Every kind an event may be required to target is a kind.
  Instrument all[] = {LicenceRequirement{}, AmendRule{}, Lift{}};
  for (const auto& i : all)
    for (const auto& r : id_references(i))
      if (!r.target_kind.empty()) CHECK(names.count(std::string(r.target_kind)) == 1);
}

TEST_CASE("A kind's one-of rule, single target and compounding come from its key table", "[scenario][instruments]") {
  ErrorList errors;
  one_event("subsidy", "price_reduction: 0.1", errors);
  REQUIRE(errors.messages().size() == 1);
  CHECK(errors.messages()[0] ==
        "t.yaml:5:5: events[0]: expected a key \"vendors\", \"origins\" or \"products\" (one is required), got none");
  ErrorList licence;
  one_event("licence_requirement", "grant_probability: 0.5", licence);
  REQUIRE(licence.messages().size() == 1);
  CHECK(licence.messages()[0] ==
        "t.yaml:5:5: events[0]: expected a key \"products\" or \"restricts\" (one is required), got neither");
  ErrorList amend;
  one_event("amend_rule", "targets: [a, b], restricts: {metric: tpp, ge: 1}", amend);
  REQUIRE(amend.messages().size() == 1);
  CHECK(amend.messages()[0].find("events[0].targets: expected a list of exactly one rule id, got a list") !=
        std::string::npos);
  DemandShock shock;
  shock.demand_multiplier = 3;
  const auto values = compounding_values(shock);
  REQUIRE(values.size() == 1);
  CHECK(values[0].key == "demand_multiplier");
  CHECK(values[0].value == 3);
  CHECK(compounding_values(Enforcement{}).empty());  // route multipliers do not compound
}

TEST_CASE("A kind's id lists are its references, which composition drops when their ids are removed",
          "[scenario][instruments]") {
  const auto* d = find_instrument_kind("discourage");
  REQUIRE(d);
  CHECK(d->references ==
        std::vector<std::pair<std::string, IdKind>>{{"vendors", IdKind::VENDOR}, {"products", IdKind::PRODUCT}});
  const auto* lift = find_instrument_kind("lift");
  REQUIRE(lift);
  CHECK(lift->references == std::vector<std::pair<std::string, IdKind>>{{"targets", IdKind::EVENT}});
  CHECK(find_instrument_kind("demand_shock")->references.empty());
}

TEST_CASE("An instrument's effects are the MarketEffects members it declares", "[scenario][instruments]") {
  STATIC_REQUIRE(effects_of<Subsidy>() == PRICE);
  STATIC_REQUIRE(effects_of<Discourage>() == PENALTY);
  STATIC_REQUIRE(effects_of<SupplyControl>() == VENDOR_CAPACITY);
  STATIC_REQUIRE(effects_of<Enforcement>() == (ROUTE_CAPACITY | ROUTE_MARKUP));
  STATIC_REQUIRE(effects_of<ProcurementMandate>() == SHARE_FLOOR);
  STATIC_REQUIRE(effects_of<DemandShock>() == DEMAND);
  STATIC_REQUIRE(effects_of<ImportApproval>() == IMPORT_GATE);
  STATIC_REQUIRE(effects_of<EntityList>() == LISTS_BUYER);
  STATIC_REQUIRE(effects_of<ExportRule>() == 0);  // rules act through rules_in_force
  CHECK(effects(Instrument{Subsidy{}}) == PRICE);
}

TEST_CASE("Messages name a kind with its article", "[scenario][instruments]") {
  CHECK(with_article("export_rule") == "an export_rule");
  CHECK(with_article("subsidy") == "a subsidy");
  ErrorList errors;
  one_event("subsidy", "vendors: [v], price_reductoin: 0.1", errors);
  REQUIRE_FALSE(errors.empty());
  CHECK(errors.messages()[0].find("events[0].price_reductoin: expected a key of a subsidy event (one of: ") !=
        std::string::npos);
  CHECK(errors.messages()[0].find("did you mean \"price_reduction\"?") != std::string::npos);
}
