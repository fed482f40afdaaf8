// Collects every error found in a scenario, so a user sees all of them at once, each as
// "file:line:col: key.path: expected ..., got \"...\"".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/scenario/source_location.h"

namespace cmsim::scenario {

class ErrorList {
 public:
  /// Adds "<where>: <key_path>: <what>" (the key path is left out when empty).
  void add(const SourceLocation& where, const std::string& key_path, const std::string& what);
  /// Adds every message of another list.
  void append(const ErrorList& other) {
    for (const auto& m : other.messages_) add_message(m);
  }
  bool empty() const { return messages_.empty(); }
  std::size_t size() const { return messages_.size(); }
  const std::vector<std::string>& messages() const { return messages_; }
  /// Throws engine::InputError with every message collected, if there is any.
  void throw_if_any() const;

 private:
  void add_message(std::string m);
  std::vector<std::string> messages_;
};

/// The candidate closest to `name` by edit distance, or "" when none is close enough to be
/// a plausible typo.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// `expected one of: a, b, c, got "x"; did you mean "y"?` — the tail of an error about a
/// name that is not among the valid ones (`what` says what kind of name, e.g. "vendor id").
std::string unknown_name_message(std::string_view what, std::string_view name, std::vector<std::string> candidates);

/// The value quoted for a message, shortened if very long, with control bytes escaped.
std::string quote_value(std::string_view value);

}  // namespace cmsim::scenario
