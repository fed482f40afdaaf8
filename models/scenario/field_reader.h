// Reading typed values out of the YAML tree into the Scenario: numbers (plain or a
// distribution, with bounds), whole numbers, texts, ids, dates, flags, lists of ids,
// origins and buyer kinds, maps of numbers, predicates. Each reader records where the value
// was written (for later messages) and reports what is wrong as "expected X, got Y". The
// scenario builder and the policy instruments' key tables read through it.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/bounds.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_builder.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// Where a value goes in a Scenario. A number given as a distribution keeps its reference,
/// so that sweeps can put each draw into their copy of the scenario.
using NumRef = std::function<double&(Scenario&)>;
using IntRef = std::function<int&(Scenario&)>;
using PredRef = std::function<Predicate&(Scenario&)>;

class FieldReader {
 public:
  FieldReader(ErrorList& errors, BuiltScenario& out) : errors_(errors), out_(out), s_(out.scenario) {}

  Scenario& scenario() { return s_; }
  ErrorList& errors() { return errors_; }

  // --- key paths -----------------------------------------------------------------------
  static std::string sub(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }
  static std::string idx(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

  // --- reporting -----------------------------------------------------------------------
  void error(const SourceLocation& loc, const std::string& path, const std::string& what) {
    errors_.add(loc, path, what);
  }
  void wrong(const YamlNode& n, const std::string& path, const std::string& expected) {
    error(n.loc, path, "expected " + expected + ", got " + n.describe());
  }
  void remember(const std::string& path, const YamlNode& n) { out_.where[path] = n.loc; }

  // --- maps ----------------------------------------------------------------------------
  /// Checks that `n` is a map with only `allowed` keys (reporting the others).
  bool open_map(const YamlNode& n, const std::string& path, const std::vector<std::string>& allowed, const char* what,
                const char* key_noun = nullptr);
  /// The value of a key, or nullptr when absent or null.
  static const YamlNode* get(const YamlNode& map, const char* key) {
    const YamlNode* v = map.find(key);
    return v && !v->is_null() ? v : nullptr;
  }
  /// The value of a required key; reports it missing (and returns nullptr) when absent or null.
  const YamlNode* need(const YamlNode& map, const std::string& path, const char* key) {
    const YamlNode* v = get(map, key);
    if (!v) error(map.loc, sub(path, key), "expected a value (the key is required), got none");
    return v;
  }

  // --- typed values --------------------------------------------------------------------
  /// A number within `b`, or a distribution whose whole range is within `b` (then the
  /// scenario holds its mean and the parameter is uncertain). False when it is not valid.
  bool number(const YamlNode& n, const std::string& path, const Bounds& b, const NumRef& ref);
  void number_at(const YamlNode& map, const std::string& path, const char* key, const Bounds& b, const NumRef& ref,
                 bool required = false) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key)) number(*v, sub(path, key), b, ref);
  }
  std::optional<long long> whole(const YamlNode& n, const std::string& path, long long lo, long long hi);
  void integer_at(const YamlNode& map, const std::string& path, const char* key, long long lo, long long hi,
                  const IntRef& ref) {
    if (const YamlNode* v = get(map, key))
      if (auto x = whole(*v, sub(path, key), lo, hi)) ref(s_) = static_cast<int>(*x);
  }
  std::optional<std::string> text(const YamlNode& n, const std::string& path);
  void text_at(const YamlNode& map, const std::string& path, const char* key, std::string& out, bool required = false) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key))
      if (auto t = text(*v, sub(path, key))) out = *t;
  }
  std::optional<std::string> id(const YamlNode& n, const std::string& path);
  void id_at(const YamlNode& map, const std::string& path, const char* key, std::string& out) {
    if (const YamlNode* v = need(map, path, key))
      if (auto t = id(*v, sub(path, key))) out = *t;
  }
  void flag_at(const YamlNode& map, const std::string& path, const char* key, bool& out);
  std::optional<Date> date(const YamlNode& n, const std::string& path);
  void date_at(const YamlNode& map, const std::string& path, const char* key, Date& out, bool required) {
    if (const YamlNode* v = required ? need(map, path, key) : get(map, key))
      if (auto d = date(*v, sub(path, key))) out = *d;
  }
  std::vector<std::string> id_list(const YamlNode& n, const std::string& path);
  template <typename E>
  std::optional<E> enumerated(const YamlNode& n, const std::string& path, std::optional<E> (*parse)(const std::string&),
                              const std::vector<std::string>& names, const char* what) {
    remember(path, n);
    if (!n.is_scalar()) {
      wrong(n, path, std::string(what));
      return std::nullopt;
    }
    auto v = parse(n.scalar);
    if (!v) error(n.loc, path, unknown_name_message(what, n.scalar, names));
    return v;
  }
  std::optional<Origin> origin(const YamlNode& n, const std::string& path) {
    return enumerated<Origin>(n, path, origin_from_string, {"us", "domestic", "other"}, "an origin");
  }
  std::vector<Origin> origin_list(const YamlNode& n, const std::string& path);
  std::optional<BuyerKind> buyer_kind(const YamlNode& n, const std::string& path) {
    return enumerated<BuyerKind>(n, path, buyer_kind_from_string, {"cloud", "lab", "state", "enterprise"},
                                 "a buyer kind");
  }
  std::vector<BuyerKind> buyer_kind_list(const YamlNode& n, const std::string& path);
  /// A map from ecosystem id to a number (readiness, developer shares).
  void number_map(const YamlNode& n, const std::string& path, const Bounds& b,
                  const std::function<std::map<std::string, double>&(Scenario&)>& ref);
  /// Reads a predicate from `n` (its keys besides `extra` must form one predicate).
  void predicate(const YamlNode& n, const std::string& path, const PredRef& ref, const std::vector<std::string>& extra);

 protected:
  std::optional<engine::Distribution> distribution(const YamlNode& n, const std::string& path);

  ErrorList& errors_;
  BuiltScenario& out_;
  Scenario& s_;
};

/// A number in a YAML scalar (unquoted, finite), or nullopt.
std::optional<double> parse_double(const YamlNode& n);

}  // namespace cmsim::scenario
