// An instrument's key table: for each YAML key, the field it fills, its bounds, whether it
// is required and what it means. One table drives the reader (registry.cpp reads the keys
// in table order), the allowed keys and "did you mean" of the error messages, the reference
// checks (ids of products, buyers, vendors, routes, events), the compounding check of
// multipliers, composition's removal of references, and the generated table of
// docs/scenarios.md.
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "models/policy/instruments/instrument.h"
#include "models/scenario/bounds.h"

namespace cmsim::scenario {

template <class T>
struct IdsField {
  std::vector<std::string> T::*member;
  IdKind refers_to;
  std::string_view target_kind{};  ///< EVENT ids: the kind every target must be (empty: any kind)
  std::string_view single{};       ///< set: exactly one id is expected ("expected <single>" otherwise)
};
template <class T>
struct OriginsField {
  std::vector<Origin> T::*member;
};
template <class T>
struct BuyerKindsField {
  std::vector<BuyerKind> T::*member;
};
template <class T>
struct NumberField {
  double T::*member;
  Bounds bounds;
  bool compounds = false;  ///< the values of all events of the kind multiply (their product is bounded)
};
/// `restricts:` — a predicate with `origin:` beside it.
template <class T>
struct RestrictionField {
  Restriction T::*member;
};
template <class T>
struct WorkloadField {
  std::optional<Workload> T::*member;
};

template <class T>
using Field = std::variant<IdsField<T>, OriginsField<T>, BuyerKindsField<T>, NumberField<T>, RestrictionField<T>,
                           WorkloadField<T>>;

/// Marks a key as required (`K::ids(..., REQUIRED)`).
inline constexpr bool REQUIRED = true;

template <class T>
struct InstrumentKey {
  std::string_view name;
  Field<T> field;
  std::string_view meaning;
  bool required = false;
  std::string_view when_absent{};  ///< what an absent key means, for the docs (numbers: their default)

  static InstrumentKey ids(std::string_view name, std::vector<std::string> T::*m, IdKind refers_to,
                           std::string_view meaning, bool required = false) {
    return {name, IdsField<T>{m, refers_to}, meaning, required};
  }
  static InstrumentKey origins(std::string_view name, std::vector<Origin> T::*m, std::string_view meaning) {
    return {name, OriginsField<T>{m}, meaning};
  }
  static InstrumentKey buyer_kinds(std::string_view name, std::vector<BuyerKind> T::*m, std::string_view meaning) {
    return {name, BuyerKindsField<T>{m}, meaning};
  }
  static InstrumentKey number(std::string_view name, double T::*m, const Bounds& b, std::string_view meaning) {
    return {name, NumberField<T>{m, b}, meaning};
  }
  static InstrumentKey restriction(std::string_view name, Restriction T::*m, std::string_view meaning,
                                   bool required = false) {
    return {name, RestrictionField<T>{m}, meaning, required};
  }
  static InstrumentKey workload(std::string_view name, std::optional<Workload> T::*m, std::string_view meaning) {
    return {name, WorkloadField<T>{m}, meaning};
  }

  /// Event ids: every target must be an event of this kind.
  InstrumentKey of_kind(std::string_view kind) const {
    InstrumentKey k = *this;
    std::get<IdsField<T>>(k.field).target_kind = kind;
    return k;
  }
  /// Exactly one id is expected; `expected` says so in the message ("a list of exactly one rule id").
  InstrumentKey exactly_one(std::string_view expected) const {
    InstrumentKey k = *this;
    std::get<IdsField<T>>(k.field).single = expected;
    return k;
  }
  /// The values of all events of the kind multiply: their product is bounded (limits.h).
  InstrumentKey compounding() const {
    InstrumentKey k = *this;
    std::get<NumberField<T>>(k.field).compounds = true;
    return k;
  }
  InstrumentKey absent_means(std::string_view text) const {
    InstrumentKey k = *this;
    k.when_absent = text;
    return k;
  }
};

template <class T>
struct InstrumentSpec {
  std::string_view summary;              ///< what it does, one sentence (docs)
  std::vector<std::string_view> one_of;  ///< at least one of these keys must be given (empty: no such rule)
  std::vector<InstrumentKey<T>> keys;    ///< in reading order
};

}  // namespace cmsim::scenario
