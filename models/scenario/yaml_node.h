// A parsed YAML document as cmsim's own small tree: scalars, sequences and maps with the
// source location of every node and key. Composition (`extends:`) merges trees from
// several files, so each node carries its own file; yaml-cpp stays inside yaml_reader.cpp.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/source_location.h"

namespace cmsim::scenario {

struct YamlNode {
  enum class Kind { NUL, SCALAR, SEQUENCE, MAP };
  Kind kind = Kind::NUL;
  std::string scalar;           ///< SCALAR text
  bool quoted = false;          ///< SCALAR was quoted (so it is a string, never a number)
  std::vector<YamlNode> items;  ///< SEQUENCE items; MAP values (parallel to keys)
  std::vector<YamlNode> keys;   ///< MAP keys (scalars), in file order
  SourceLocation loc;

  bool is_map() const { return kind == Kind::MAP; }
  bool is_sequence() const { return kind == Kind::SEQUENCE; }
  bool is_scalar() const { return kind == Kind::SCALAR; }
  bool is_null() const { return kind == Kind::NUL; }

  /// The value under a map key, or nullptr.
  const YamlNode* find(std::string_view key) const {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i].scalar == key) return &items[i];
    return nullptr;
  }
  YamlNode* find(std::string_view key) { return const_cast<YamlNode*>(static_cast<const YamlNode*>(this)->find(key)); }
  /// Removes a map key; true if it was there.
  bool erase(std::string_view key) {
    for (std::size_t i = 0; i < keys.size(); ++i)
      if (keys[i].scalar == key) {
        keys.erase(keys.begin() + static_cast<std::ptrdiff_t>(i));
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
        return true;
      }
    return false;
  }
  /// What the node is, for "got ..." in messages: the scalar quoted, or "a map"/"a list".
  std::string describe() const;
};

}  // namespace cmsim::scenario
