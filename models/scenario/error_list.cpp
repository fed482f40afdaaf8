#include "models/scenario/error_list.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "sim/engine/input_error.h"

namespace cmsim::scenario {

namespace {
/// Most bytes of one message (a last bound: every piece of user text in it is already cut).
constexpr std::size_t MAX_MESSAGE_CHARS = 4000;

/// Length of the valid UTF-8 sequence at s[i], 0 if invalid; C1 controls count as invalid
/// here, so they are escaped.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const std::size_t n = engine::utf8_sequence_length(s, i);
  if (n == 2 && static_cast<unsigned char>(s[i]) == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0) return 0;
  return n;
}

void append_hex(std::string& out, unsigned char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "\\x%02x", c);
  out += buf;
}

/// The escaping shared by quote_value and safe_text.
std::string escape(std::string_view text, std::size_t max_chars, bool quote) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (chars == max_chars) {
      out += "\xe2\x80\xa6";  // …
      break;
    }
    ++chars;
    const auto c = static_cast<unsigned char>(text[i]);
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      // An invalid byte, or a C1 control character (two bytes): escape every byte.
      const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                      static_cast<unsigned char>(text[i + 1]) <= 0x9f;
      const std::size_t len = c1 ? 2 : 1;
      for (std::size_t k = 0; k < len; ++k) append_hex(out, static_cast<unsigned char>(text[i + k]));
      i += len;
    } else if (n == 1) {
      if (quote && (c == '"' || c == '\\')) {
        out += '\\';
        out += static_cast<char>(c);
      } else if (c < 0x20 || c == 0x7f) {
        append_hex(out, c);
      } else {
        out += static_cast<char>(c);
      }
      ++i;
    } else {
      out.append(text.substr(i, n));
      i += n;
    }
  }
  return out;
}
}  // namespace

void ErrorList::add(const SourceLocation& where, const std::string& key_path, const std::string& what) {
  if (full()) {
    ++more_;
    return;
  }
  std::string m = safe_text(where.text(), 300) + ": ";
  if (!key_path.empty()) m += safe_text(key_path, 200) + ": ";
  m += what;
  add_message(std::move(m));
}

void ErrorList::add_message(std::string m) {
  // Every piece of user text was quoted or made safe already; this is the last bound.
  m = safe_text(m, MAX_MESSAGE_CHARS);
  // The same problem reached twice (e.g. by two checks) is reported once.
  if (seen_.count(m)) return;
  if (full()) {
    ++more_;
    return;
  }
  seen_.insert(m);
  messages_.push_back(std::move(m));
}

std::vector<std::string> ErrorList::messages() const {
  std::vector<std::string> out = messages_;
  if (more_) out.push_back("(and " + std::to_string(more_) + " more error" + (more_ == 1 ? "" : "s") + ")");
  return out;
}

void ErrorList::throw_if_any() const {
  if (!messages_.empty() || more_) throw engine::InputError(messages());
}

namespace {
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
  if (name.size() > 200) return "";
  std::string best;
  std::size_t best_d = SIZE_MAX;
  for (const auto& c : candidates) {
    // A length difference is a lower bound of the distance: skip what cannot win.
    const std::size_t gap = c.size() > name.size() ? c.size() - name.size() : name.size() - c.size();
    if (gap >= best_d) continue;
    const std::size_t d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  // A typo changes a few characters; beyond a third of the word it is a different name.
  const std::size_t limit = std::max<std::size_t>(2, std::max(name.size(), best.size()) / 3);
  return best_d <= limit ? best : "";
}

std::string quote_value(std::string_view value) {
  std::string out(1, '"');
  out += escape(value, QUOTE_CHARS, true);
  out += '"';
  return out;
}

std::string safe_text(std::string_view text, std::size_t max_chars) { return escape(text, max_chars, false); }

std::string unknown_name_message(std::string_view what, std::string_view name, std::vector<std::string> candidates) {
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::string m = "expected ";
  if (candidates.empty()) {
    m += std::string(what) + " (none are defined)";
  } else {
    m += std::string(what) + " (one of: ";
    const std::size_t listed = std::min(candidates.size(), MAX_LISTED_NAMES);
    for (std::size_t i = 0; i < listed; ++i) m += (i ? ", " : "") + safe_text(candidates[i], QUOTE_CHARS);
    if (listed < candidates.size()) m += ", and " + std::to_string(candidates.size() - listed) + " more";
    m += ")";
  }
  m += ", got " + quote_value(name);
  const std::string near = closest_name(name, candidates);
  if (!near.empty()) m += "; did you mean " + quote_value(near) + "?";
  return m;
}

}  // namespace cmsim::scenario
