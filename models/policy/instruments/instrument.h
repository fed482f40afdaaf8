// What a policy instrument is. Each kind of policy event (export rule, licence requirement,
// lift, ..., import approval) is its own type in its own file in this folder: its fields,
// its key table (the YAML keys with their bounds and meaning: instrument_spec.h) and its
// effect on the market while it is in force. scenario::PolicyEvent holds one of them in a
// variant; registry.h is the one list of the kinds (docs/architecture.md, "Add an instrument").
//
// Every instrument type T provides (the InstrumentType concept below checks it; a type that
// lacks one does not compile into the registry):
//   static constexpr std::string_view kind;   its YAML `kind:` name
//   static constexpr InstrumentRole role;     how the policy regime takes it in
//   static constexpr bool anticipated;        whether buyers act on its announcement
//   bool restricts_us_supply() const;         whether it raises perceived US-supply risk
//   static const InstrumentSpec<T>& spec();   its keys (reading, allowed keys, checks, docs)
// and derives from MarketEffects, hiding the effects it has (the others stay neutral).
#pragma once

#include <concepts>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "models/scenario/product.h"

namespace cmsim::scenario {

/// How the policy regime takes an instrument in when it becomes effective.
enum class InstrumentRole {
  RULE,       ///< restricts exports; in force as rules_in_force decides (lifts, replacements)
  AMENDMENT,  ///< replaces the predicate of the rule it targets (rules_in_force)
  LIFT,       ///< ends the events it targets from its effective date
  MEASURE,    ///< in force from its effective date until lifted; acts through its MarketEffects
};

/// What a list of ids in an instrument refers to (checked against the scenario's declarations).
enum class IdKind { PRODUCT, BUYER, VENDOR, ROUTE, EVENT };

/// What a rule restricts by threshold (`restricts:`): products of these origins that match
/// the predicate. The origins default to [us].
struct Restriction {
  std::vector<Origin> origins{Origin::US};
  std::optional<Predicate> predicate;
  bool operator==(const Restriction&) const = default;
};

/// Whether a list of buyer kinds covers `k` (an empty list covers every kind).
bool covers_kind(const std::vector<BuyerKind>& kinds, BuyerKind k);

/// Whether a measure that selects products by id (a product's family too), by vendor or by
/// origin covers the product: any one of the lists naming it is enough.
bool selects(const std::vector<std::string>& products, const std::vector<std::string>& vendors,
             const std::vector<Origin>& origins, const Product& p, Origin origin);

/// The effects an instrument in force has on the market: the policy view the market's
/// processes ask the regime for (policy::PolicyRegime combines them over the instruments in
/// force). Neutral here; an instrument hides the ones it has with the same signature.
struct MarketEffects {
  /// Multiplies the price buyers pay for the product (several multiply).
  double price_factor(const Product&, Origin) const { return 1.0; }
  /// Subtracted from the utility of the product for buyers of this kind (several add up).
  double penalty_on(const Product&, Origin, BuyerKind) const { return 0.0; }
  /// Multiplies the vendor's capacity for this market (several multiply).
  double vendor_capacity_factor(const std::string& /*vendor*/) const { return 1.0; }
  /// Multiplies a diversion route's capacity (several multiply).
  double route_capacity_factor(const std::string& /*route*/) const { return 1.0; }
  /// Added to a diversion route's mark-up (several add up).
  double route_markup_add(const std::string& /*route*/) const { return 0.0; }
  /// The least domestic share buyers of this kind must buy (the largest in force applies).
  double domestic_share_floor(BuyerKind) const { return 0.0; }
  /// Multiplies the demand of buyers of this kind for this workload (several multiply).
  double demand_factor(BuyerKind, Workload) const { return 1.0; }
  /// Whether the product needs this instrument's import approval to be legal.
  bool gates_import(const Product&, Origin) const { return false; }
  /// Whether the instrument lists the buyer segment (no US product; its risk jumps to 1).
  bool lists_buyer(const std::string& /*segment*/) const { return false; }
  bool operator==(const MarketEffects&) const = default;
};

/// The market effects, one bit each: which members of MarketEffects an instrument type
/// hides (the policy regime keeps the measures in force by effect, so that each question
/// visits only the instruments that can answer it).
enum Effect : unsigned {
  PRICE = 1u << 0,
  PENALTY = 1u << 1,
  VENDOR_CAPACITY = 1u << 2,
  ROUTE_CAPACITY = 1u << 3,
  ROUTE_MARKUP = 1u << 4,
  SHARE_FLOOR = 1u << 5,
  DEMAND = 1u << 6,
  IMPORT_GATE = 1u << 7,
  LISTS_BUYER = 1u << 8,
};
inline constexpr int EFFECT_COUNT = 9;

/// The effects T has: the MarketEffects members it declares itself (an inherited member's
/// address has MarketEffects' member-pointer type).
template <class T>
constexpr unsigned effects_of() {
  unsigned e = 0;
#define CMSIM_EFFECT(member, bit) \
  if constexpr (!std::is_same_v<decltype(&T::member), decltype(&MarketEffects::member)>) e |= bit;
  CMSIM_EFFECT(price_factor, PRICE)
  CMSIM_EFFECT(penalty_on, PENALTY)
  CMSIM_EFFECT(vendor_capacity_factor, VENDOR_CAPACITY)
  CMSIM_EFFECT(route_capacity_factor, ROUTE_CAPACITY)
  CMSIM_EFFECT(route_markup_add, ROUTE_MARKUP)
  CMSIM_EFFECT(domestic_share_floor, SHARE_FLOOR)
  CMSIM_EFFECT(demand_factor, DEMAND)
  CMSIM_EFFECT(gates_import, IMPORT_GATE)
  CMSIM_EFFECT(lists_buyer, LISTS_BUYER)
#undef CMSIM_EFFECT
  return e;
}

template <class T>
struct InstrumentSpec;

template <class T>
concept InstrumentType = std::derived_from<T, MarketEffects> && std::default_initializable<T> && requires(const T& i) {
  { T::kind } -> std::convertible_to<std::string_view>;
  { T::role } -> std::convertible_to<InstrumentRole>;
  { T::anticipated } -> std::convertible_to<bool>;
  { i.restricts_us_supply() } -> std::same_as<bool>;
  { T::spec() } -> std::same_as<const InstrumentSpec<T>&>;
};

}  // namespace cmsim::scenario
