#include "models/calibration/calibrated_scenario.h"

#include <charconv>

namespace cmsim::calibration {
namespace {

std::string number(double x) {
  char buf[64];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

// A double-quoted YAML scalar, so any text (colons, '#', quotes) reads back unchanged.
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

std::string to_yaml(const CalibratedScenario& s) {
  std::string out;
  for (const auto& c : s.comments) {
    std::string line = c;
    for (auto& ch : line)
      if (ch == '\n') ch = ' ';
    out += line.empty() ? "#\n" : "# " + line + "\n";
  }
  out += "name: " + quoted(s.name) + "\n";
  out += "description: " + quoted(s.description) + "\n";
  out += "extends: " + quoted(s.extends) + "\n";
  out += "parameters:\n";
  for (const auto& [name, value] : s.parameters) out += "  " + name + ": " + number(value) + "\n";
  return out;
}

}  // namespace cmsim::calibration
