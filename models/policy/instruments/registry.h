// The registry of policy-event kinds: the one list of the instrument types (the variant
// below, in the order docs/scenarios.md lists them). Everything that depends on the kind is
// asked of the registry or of the instrument itself, never switched on: the scenario reader
// (kind names, allowed keys and "did you mean", each kind's keys), the reference checks,
// composition's removals, the policy regime (roles and market effects, through std::visit)
// and the generated table of docs/scenarios.md. To add a kind, see docs/architecture.md.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "models/policy/instruments/amend_rule.h"
#include "models/policy/instruments/demand_shock.h"
#include "models/policy/instruments/discourage.h"
#include "models/policy/instruments/enforcement.h"
#include "models/policy/instruments/entity_list.h"
#include "models/policy/instruments/export_rule.h"
#include "models/policy/instruments/import_approval.h"
#include "models/policy/instruments/instrument.h"
#include "models/policy/instruments/licence_requirement.h"
#include "models/policy/instruments/lift.h"
#include "models/policy/instruments/procurement_mandate.h"
#include "models/policy/instruments/subsidy.h"
#include "models/policy/instruments/supply_control.h"

namespace cmsim::scenario {

/// One policy instrument of any kind: the registry of kinds.
using Instrument = std::variant<ExportRule, LicenceRequirement, Lift, AmendRule, EntityList, SupplyControl, Enforcement,
                                ProcurementMandate, Discourage, Subsidy, DemandShock, ImportApproval>;

namespace detail {
template <class V>
struct AllInstruments;
template <class... T>
struct AllInstruments<std::variant<T...>> {
  static constexpr bool value = (InstrumentType<T> && ...);
};
}  // namespace detail
static_assert(detail::AllInstruments<Instrument>::value,
              "every alternative of Instrument must satisfy InstrumentType (instrument.h): kind, role, anticipated, "
              "restricts_us_supply(), spec(), derived from MarketEffects");

/// The YAML name of the instrument's kind ("export_rule").
inline std::string_view kind_name(const Instrument& i) {
  return std::visit([](const auto& x) -> std::string_view { return std::decay_t<decltype(x)>::kind; }, i);
}
inline InstrumentRole role(const Instrument& i) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::role; }, i);
}
/// Whether buyers act on its announcement (trading reopens on the announced day).
inline bool anticipated(const Instrument& i) {
  return std::visit([](const auto& x) { return std::decay_t<decltype(x)>::anticipated; }, i);
}
/// Its market effects (Effect bits).
inline unsigned effects(const Instrument& i) {
  return std::visit([](const auto& x) { return effects_of<std::decay_t<decltype(x)>>(); }, i);
}
/// Whether, by default (no `risk_shock` given), it raises buyers' perceived US-supply risk.
inline bool restricts_us_supply(const Instrument& i) {
  return std::visit([](const auto& x) { return x.restricts_us_supply(); }, i);
}

class FieldReader;
struct YamlNode;

/// One kind as the scenario format knows it.
struct InstrumentKind {
  std::string_view name;          ///< "export_rule"
  std::string_view summary;       ///< what it does (docs)
  std::vector<std::string> keys;  ///< its keys besides the common ones, in reading order
  /// Its keys that hold lists of ids, and what they name (composition drops removed ids).
  std::vector<std::pair<std::string, IdKind>> references;
  /// Reads the kind's keys from event `index`'s map into scenario().events[index].
  void (*read)(FieldReader& reader, const YamlNode& map, const std::string& path, std::size_t index);
};

/// Every kind, in the variant's order.
const std::vector<InstrumentKind>& instrument_kinds();
const InstrumentKind* find_instrument_kind(std::string_view name);
std::vector<std::string> instrument_kind_names();
/// "an export_rule", "a subsidy": a kind's name with its article, for messages.
std::string with_article(std::string_view kind);

/// A list of ids an instrument holds, with what they refer to.
struct IdReference {
  std::string_view key;  ///< its YAML key ("products")
  IdKind refers_to;
  const std::vector<std::string>* ids;
  std::string_view target_kind;  ///< EVENT ids: the kind every target must be (empty: any)
};
std::vector<IdReference> id_references(const Instrument& i);

/// A multiplier whose values over all events of the kind compound (bounded by the checks).
struct CompoundingValue {
  std::string_view key;
  double value;
};
std::vector<CompoundingValue> compounding_values(const Instrument& i);

/// The tables of kinds and keys of docs/scenarios.md (markdown), generated from the key tables.
std::string instrument_table_markdown();

}  // namespace cmsim::scenario
