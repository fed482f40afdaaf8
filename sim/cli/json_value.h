// A small JSON reader for what cmsim itself wrote (manifest.json, for `cmsim rerun`):
// objects, arrays, strings (with \uXXXX), numbers, true/false/null.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cmsim::cli {

struct JsonValue {
  enum class Kind { NUL, BOOL, NUMBER, STRING, ARRAY, OBJECT };
  Kind kind = Kind::NUL;
  bool boolean = false;
  double number = 0;
  std::string text;              ///< STRING
  std::vector<JsonValue> items;  ///< ARRAY
  // OBJECT, in file order: keys[i] names values[i]. (Two vectors, not one of pairs: a pair
  // holding the still-incomplete JsonValue does not compile with clang and libstdc++.)
  std::vector<std::string> keys;
  std::vector<JsonValue> values;

  /// The member `key` of an object, or nullptr.
  const JsonValue* find(std::string_view key) const;
};

/// Parses `text`; throws engine::InputError naming `what` and the byte offset on bad JSON.
JsonValue parse_json(std::string_view text, const std::string& what);

}  // namespace cmsim::cli
