#include "sim/experiment/sweep_header.h"

#include <algorithm>

namespace cmsim::experiment {

namespace {
std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) {
    if (!out.empty()) out += ',';
    out += s;
  }
  return out;
}
std::vector<std::string> split_components(const std::string& identity) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= identity.size()) {
    const auto end = std::min(identity.find(';', start), identity.size());
    out.push_back(identity.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

constexpr const char* INPUT = "input=";

bool is_input(const std::string& c) { return c.starts_with(INPUT); }
std::string input_hash(const std::string& c) { return c.substr(6, c.find(' ', 6) - 6); }
std::string input_path(const std::string& c) {
  const auto space = c.find(' ', 6);
  return space == std::string::npos ? "" : c.substr(space + 1);
}
std::string same_meaning(const std::string& c) { return is_input(c) ? INPUT + input_hash(c) : c; }

}  // namespace

std::string input_identity(const std::string& path, const std::string& sha256) {
  return std::string(INPUT) + sha256 + " " + path;
}

std::vector<std::pair<std::string, std::string>> identity_inputs(const std::string& identity) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : split_components(identity))
    if (is_input(c)) out.emplace_back(input_path(c), input_hash(c));
  return out;
}

std::string identity_difference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  const auto x = split_components(a), y = split_components(b);
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const std::string p = i < x.size() ? x[i] : "", q = i < y.size() ? y[i] : "";
    if (same_meaning(p) == same_meaning(q)) continue;
    if (is_input(p) && is_input(q)) {
      const std::string path = input_path(p) == input_path(q) ? input_path(p) : input_path(p) + " / " + input_path(q);
      return "input file " + path + " differs (sha256 " + input_hash(p).substr(0, 12) + "... vs " +
             input_hash(q).substr(0, 12) + "...)";
    }
    if (is_input(p) || is_input(q))
      return "the files read differ (" + (is_input(p) ? input_path(p) : p) + " vs " +
             (is_input(q) ? input_path(q) : q) + "): an extends: chain changed";
    return "inputs (scenario or --set) differ: " + p + " vs " + q;
  }
  return "";
}

std::string SweepHeader::mismatch(const SweepHeader& o) const {
  if (arm != o.arm) return "arm " + arm + " vs " + o.arm;
  if (const auto diff = identity_difference(identity, o.identity); !diff.empty()) return diff;
  if (seed != o.seed) return "seed " + std::to_string(seed) + " vs " + std::to_string(o.seed);
  if (runs != o.runs) return "runs " + std::to_string(runs) + " vs " + std::to_string(o.runs);
  if (design != o.design) return "design " + design + " vs " + o.design;
  if (parameters != o.parameters) return "parameters [" + join(parameters) + "] vs [" + join(o.parameters) + "]";
  if (has_layout && o.has_layout) {
    if (metrics != o.metrics) return "metrics [" + join(metrics) + "] vs [" + join(o.metrics) + "]";
    if (first_quarter != o.first_quarter || quarters != o.quarters)
      return "quarters " + first_quarter.label() + "+" + std::to_string(quarters) + " vs " + o.first_quarter.label() +
             "+" + std::to_string(o.quarters);
  }
  return "";
}

}  // namespace cmsim::experiment
