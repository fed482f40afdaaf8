#include "models/scenario/error_list.h"

#include <algorithm>
#include <cstdio>

#include "sim/engine/input_error.h"

namespace cmsim::scenario {

void ErrorList::add(const SourceLocation& where, const std::string& key_path, const std::string& what) {
  std::string m = where.text() + ": ";
  if (!key_path.empty()) m += key_path + ": ";
  m += what;
  add_message(std::move(m));
}

void ErrorList::add_message(std::string m) {
  // The same problem reached twice (e.g. by two checks) is reported once.
  if (std::find(messages_.begin(), messages_.end(), m) == messages_.end()) messages_.push_back(std::move(m));
}

void ErrorList::throw_if_any() const {
  if (!messages_.empty()) throw engine::InputError(messages_);
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
    const std::size_t d = edit_distance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  // A typo changes a few characters; beyond a third of the word it is a different name.
  const std::size_t limit = std::max<std::size_t>(2, std::max(name.size(), best.size()) / 3);
  return best_d <= limit ? best : "";
}

std::string quote_value(std::string_view value) {
  std::string out = "\"";
  std::size_t n = 0;
  for (unsigned char c : value) {
    if (++n > 60) {
      out += "...";
      break;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string unknown_name_message(std::string_view what, std::string_view name, std::vector<std::string> candidates) {
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::string m = "expected ";
  if (candidates.empty()) {
    m += std::string(what) + " (none are defined)";
  } else {
    m += std::string(what) + " (one of: ";
    for (std::size_t i = 0; i < candidates.size(); ++i) m += (i ? ", " : "") + candidates[i];
    m += ")";
  }
  m += ", got " + quote_value(name);
  const std::string near = closest_name(name, candidates);
  if (!near.empty()) m += "; did you mean \"" + near + "\"?";
  return m;
}

}  // namespace cmsim::scenario
