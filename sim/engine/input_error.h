// The one exception type for bad user input (scenario files, command-line values, CSV).
// Libraries throw it; only the CLI turns it into a message and exit status 2.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cmsim::engine {

/// Length of the valid UTF-8 sequence that starts at s[i] (1..4), or 0 when the byte there
/// does not start one (stray continuation bytes, overlong forms, surrogates, code points
/// above U+10FFFF, a sequence cut short). Used wherever user text is printed or written.
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (c >= 0xc2 && c <= 0xdf)
    n = 2, cp = c & 0x1fu;
  else if (c >= 0xe0 && c <= 0xef)
    n = 3, cp = c & 0x0fu;
  else if (c >= 0xf0 && c <= 0xf4)
    n = 4, cp = c & 0x07u;
  else
    return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xc0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3fu);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
  return n;
}

/// User text made safe to write into a text file or a terminal: bytes that are not valid
/// UTF-8, control characters (C0 except those in `keep`, DEL, and C1 U+0080..U+009F)
/// become the four characters \xNN; valid UTF-8 (accents, emoji) is unchanged.
inline std::string printable_text(std::string_view s, std::string_view keep = {}) {
  std::string out;
  out.reserve(s.size());
  const auto hex = [&](unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
    out += buf;
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      hex(c);
      ++i;
    } else if (n == 1) {
      if ((c < 0x20 && keep.find(static_cast<char>(c)) == std::string_view::npos) || c == 0x7f)
        hex(c);
      else
        out += static_cast<char>(c);
      ++i;
    } else if (n == 2 && c == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) {
      hex(c), hex(static_cast<unsigned char>(s[i + 1]));  // a C1 control character
      i += 2;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

class InputError : public std::runtime_error {
 public:
  /// One or more complete messages, each of the form "file:line:col: key: what". Each is
  /// made printable here (printable_text), whoever built it: a message quoting raw user
  /// bytes is safe in a terminal, a file and a Python exception (valid UTF-8).
  explicit InputError(std::vector<std::string> messages) : InputError(Printable{}, printable(std::move(messages))) {}
  explicit InputError(const std::string& message) : InputError(std::vector<std::string>{message}) {}

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  struct Printable {};
  InputError(Printable, std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}
  static std::vector<std::string> printable(std::vector<std::string> m) {
    for (auto& s : m) s = printable_text(s);
    return m;
  }
  static std::string join(const std::vector<std::string>& m) {
    std::string out;
    for (const auto& s : m) {
      if (!out.empty()) out += '\n';
      out += s;
    }
    return out;
  }
  std::vector<std::string> messages_;
};

}  // namespace cmsim::engine
