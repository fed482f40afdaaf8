// The generated tables of docs/scenarios.md ("events"): one row per kind, then one row per
// key, from the key tables. tests/scenario/test_instruments.cpp checks that the docs hold
// exactly this text.
#include <string>

#include "models/policy/instruments/instrument_spec.h"
#include "models/policy/instruments/registry.h"

namespace cmsim::scenario {
namespace {

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

const char* id_noun(IdKind k) {
  switch (k) {
    case IdKind::PRODUCT:
      return "product id";
    case IdKind::BUYER:
      return "buyer id";
    case IdKind::VENDOR:
      return "vendor id";
    case IdKind::ROUTE:
      return "route id";
    case IdKind::EVENT:
      return "event id";
  }
  return "id";
}

/// "probability in [0, 1]" from "a probability in [0, 1]".
std::string bounds_text(const Bounds& b) {
  std::string s = b.expected();
  for (const char* article : {"a ", "an "})
    if (s.rfind(article, 0) == 0) return s.substr(std::string(article).size());
  return s;
}

template <class T>
struct TypeText {
  std::string operator()(const IdsField<T>& f) const {
    const std::string noun = f.refers_to == IdKind::EVENT && !f.target_kind.empty() ? std::string(f.target_kind) + " id"
                                                                                    : id_noun(f.refers_to);
    return f.single.empty() ? "[" + noun + "s]" : "[one " + noun + "]";
  }
  std::string operator()(const OriginsField<T>&) const { return "[us, domestic, other]"; }
  std::string operator()(const BuyerKindsField<T>&) const { return "[cloud, lab, state, enterprise]"; }
  std::string operator()(const NumberField<T>& f) const { return bounds_text(f.bounds); }
  std::string operator()(const RestrictionField<T>&) const { return "predicate with `origin`"; }
  std::string operator()(const WorkloadField<T>&) const { return "`training` or `inference`"; }
};

template <class T>
std::string default_text(const InstrumentKey<T>& key) {
  if (key.required) return "required";
  if (!key.when_absent.empty()) return std::string(key.when_absent);
  static const T defaults{};
  if (const auto* f = std::get_if<NumberField<T>>(&key.field)) return num_text(defaults.*(f->member));
  return "none";
}

template <class T>
std::string kind_row() {
  const auto& spec = T::spec();
  std::string what(spec.summary);
  if (!spec.one_of.empty()) {
    what += "; at least one of ";
    for (std::size_t k = 0; k < spec.one_of.size(); ++k)
      what += (k == 0 ? "" : k + 1 == spec.one_of.size() ? " or " : ", ") + code(spec.one_of[k]);
  }
  return "| " + code(T::kind) + " | " + what + " |\n";
}

template <class T>
std::string key_rows() {
  std::string out;
  for (const auto& key : T::spec().keys)
    out += "| " + code(T::kind) + " | " + code(key.name) + " | " + std::visit(TypeText<T>{}, key.field) + " | " +
           default_text(key) + " | " + std::string(key.meaning) + " |\n";
  return out;
}

template <class... T>
std::string tables(const std::variant<T...>*) {
  return "| kind | what it does |\n|---|---|\n" + (kind_row<T>() + ...) +
         "\n| kind | key | type | default | meaning |\n|---|---|---|---|---|\n" + (key_rows<T>() + ...);
}

}  // namespace

std::string instrument_table_markdown() { return tables(static_cast<const Instrument*>(nullptr)); }

}  // namespace cmsim::scenario
