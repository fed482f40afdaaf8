// Collects every error found in a scenario, so a user sees all of them at once, each as
// "file:line:col: key.path: expected ..., got \"...\"".
//
// Hostile input must not make messages unbounded or unsafe: at most MAX_ERRORS messages
// are kept (the rest are counted and reported as "(and N more errors)"), user text is
// quoted at most QUOTE_CHARS characters long, and control characters and invalid UTF-8
// are escaped as \xNN, so stderr never carries terminal escape sequences or bytes that are
// not UTF-8.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "models/scenario/source_location.h"

namespace cmsim::scenario {

/// Most messages kept in an ErrorList (the rest are counted).
inline constexpr std::size_t MAX_ERRORS = 50;
/// Most characters of user text quoted in a message.
inline constexpr std::size_t QUOTE_CHARS = 80;
/// Most valid names listed in an "expected one of: ..." message.
inline constexpr std::size_t MAX_LISTED_NAMES = 40;

class ErrorList {
 public:
  /// Adds "<where>: <key_path>: <what>" (the key path is left out when empty).
  void add(const SourceLocation& where, const std::string& key_path, const std::string& what);
  /// Adds every message of another list.
  void append(const ErrorList& other) {
    for (const auto& m : other.messages_) add_message(m);
    more_ += other.more_;
  }
  bool empty() const { return messages_.empty(); }
  /// Number of distinct errors found (kept and counted).
  std::size_t size() const { return messages_.size() + more_; }
  /// True once MAX_ERRORS messages are kept: callers may skip building costly messages
  /// (a "did you mean" over thousands of names) and call count_more() instead.
  bool full() const { return messages_.size() >= MAX_ERRORS; }
  /// Counts one more error without its text (only when full()).
  void count_more() { ++more_; }
  /// The kept messages, plus "(and N more errors)" when some were only counted.
  std::vector<std::string> messages() const;
  /// Throws engine::InputError with every message collected, if there is any.
  void throw_if_any() const;

 private:
  void add_message(std::string m);
  std::vector<std::string> messages_;
  std::unordered_set<std::string> seen_;
  std::size_t more_ = 0;
};

/// The candidate closest to `name` by edit distance, or "" when none is close enough to be
/// a plausible typo.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

/// `expected one of: a, b, c, got "x"; did you mean "y"?` — the tail of an error about a
/// name that is not among the valid ones (`what` says what kind of name, e.g. "vendor id").
/// At most MAX_LISTED_NAMES names are listed ("..., and 4960 more").
std::string unknown_name_message(std::string_view what, std::string_view name, std::vector<std::string> candidates);

/// The value quoted for a message: at most QUOTE_CHARS characters (then "…"), with `"` and
/// `\` escaped, and control characters and invalid UTF-8 written as \xNN.
std::string quote_value(std::string_view value);

/// Text made safe to print: control characters (C0, DEL, C1) and bytes that are not valid
/// UTF-8 become \xNN; longer than `max_chars` characters it is cut and ends with "…".
/// Printable text, including valid multi-byte UTF-8, is unchanged.
std::string safe_text(std::string_view text, std::size_t max_chars = SIZE_MAX);

}  // namespace cmsim::scenario
