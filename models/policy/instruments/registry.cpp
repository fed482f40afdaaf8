#include "models/policy/instruments/registry.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"
#include "models/scenario/field_reader.h"
#include "models/scenario/scenario.h"

namespace cmsim::scenario {
namespace {

template <class T>
T& instrument_of(Scenario& s, std::size_t index) {
  return std::get<T>(s.events[index].instrument);
}

/// `expected a key "a" or "b" (one is required), got neither` (three or more: `got none`).
std::string one_of_message(const std::vector<std::string_view>& keys) {
  std::string m = "expected a key ";
  for (std::size_t k = 0; k < keys.size(); ++k) {
    if (k > 0) m.append(k + 1 == keys.size() ? " or " : ", ");
    m.append("\"").append(keys[k]).append("\"");
  }
  return m.append(" (one is required), got ").append(keys.size() == 2 ? "neither" : "none");
}

/// Reads one key's value (present and not null) into event `index`'s instrument of type T.
template <class T>
struct KeyReader {
  FieldReader& r;
  std::size_t index;
  const YamlNode& v;
  const std::string& path;

  void operator()(const IdsField<T>& f) const {
    instrument_of<T>(r.scenario(), index).*f.member = r.id_list(v, path);
    if (!f.single.empty() && v.is_sequence() && v.items.size() != 1) r.wrong(v, path, std::string(f.single));
  }
  void operator()(const OriginsField<T>& f) const {
    instrument_of<T>(r.scenario(), index).*f.member = r.origin_list(v, path);
  }
  void operator()(const BuyerKindsField<T>& f) const {
    instrument_of<T>(r.scenario(), index).*f.member = r.buyer_kind_list(v, path);
  }
  void operator()(const NumberField<T>& f) const {
    const std::size_t i = index;
    const auto m = f.member;
    r.number(v, path, f.bounds, [i, m](Scenario& s) -> double& { return instrument_of<T>(s, i).*m; });
  }
  void operator()(const RestrictionField<T>& f) const {
    const std::size_t i = index;
    const auto m = f.member;
    (instrument_of<T>(r.scenario(), i).*m).predicate.emplace();
    r.predicate(v, path, [i, m](Scenario& s) -> Predicate& { return *(instrument_of<T>(s, i).*m).predicate; },
                {"origin"});
    if (const YamlNode* o = v.is_map() ? FieldReader::get(v, "origin") : nullptr)
      (instrument_of<T>(r.scenario(), i).*m).origins = r.origin_list(*o, FieldReader::sub(path, "origin"));
  }
  void operator()(const WorkloadField<T>& f) const {
    r.remember(path, v);
    if (v.is_scalar() && (v.scalar == "training" || v.scalar == "inference"))
      instrument_of<T>(r.scenario(), index).*f.member =
          v.scalar == "training" ? Workload::TRAINING : Workload::INFERENCE;
    else
      r.error(v.loc, path,
              unknown_name_message("a workload", v.is_scalar() ? v.scalar : v.describe(), {"training", "inference"}));
  }
};

/// Reads a kind's keys, in its key table's order, into event `index` (whose common keys are read).
template <class T>
void read_instrument(FieldReader& r, const YamlNode& map, const std::string& path, std::size_t index) {
  r.scenario().events[index].instrument = T{};
  const InstrumentSpec<T>& spec = T::spec();
  if (!spec.one_of.empty() && std::none_of(spec.one_of.begin(), spec.one_of.end(), [&](std::string_view k) {
        return FieldReader::get(map, std::string(k).c_str()) != nullptr;
      }))
    r.error(map.loc, path, one_of_message(spec.one_of));
  for (const auto& key : spec.keys) {
    const std::string name(key.name);
    const YamlNode* v = key.required ? r.need(map, path, name.c_str()) : FieldReader::get(map, name.c_str());
    if (!v) continue;
    const std::string p = FieldReader::sub(path, name);
    std::visit(KeyReader<T>{r, index, *v, p}, key.field);
  }
}

template <class T>
InstrumentKind kind_of() {
  InstrumentKind k{T::kind, T::spec().summary, {}, {}, &read_instrument<T>};
  for (const auto& key : T::spec().keys) {
    k.keys.emplace_back(key.name);
    if (const auto* f = std::get_if<IdsField<T>>(&key.field)) k.references.emplace_back(key.name, f->refers_to);
  }
  return k;
}

template <class... T>
std::vector<InstrumentKind> all_kinds(const std::variant<T...>*) {
  return {kind_of<T>()...};
}

}  // namespace

const std::vector<InstrumentKind>& instrument_kinds() {
  static const std::vector<InstrumentKind> kinds = all_kinds(static_cast<const Instrument*>(nullptr));
  return kinds;
}

const InstrumentKind* find_instrument_kind(std::string_view name) {
  for (const auto& k : instrument_kinds())
    if (k.name == name) return &k;
  return nullptr;
}

std::vector<std::string> instrument_kind_names() {
  std::vector<std::string> out;
  for (const auto& k : instrument_kinds()) out.emplace_back(k.name);
  return out;
}

std::string with_article(std::string_view kind) {
  const bool vowel = !kind.empty() && std::string_view("aeiou").find(kind.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(kind);
}

std::vector<IdReference> id_references(const Instrument& instrument) {
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        std::vector<IdReference> out;
        for (const auto& key : T::spec().keys)
          if (const auto* f = std::get_if<IdsField<T>>(&key.field))
            out.push_back({key.name, f->refers_to, &(x.*(f->member)), f->target_kind});
        return out;
      },
      instrument);
}

std::vector<CompoundingValue> compounding_values(const Instrument& instrument) {
  return std::visit(
      [](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        std::vector<CompoundingValue> out;
        for (const auto& key : T::spec().keys)
          if (const auto* f = std::get_if<NumberField<T>>(&key.field); f && f->compounds)
            out.push_back({key.name, x.*(f->member)});
        return out;
      },
      instrument);
}

}  // namespace cmsim::scenario
