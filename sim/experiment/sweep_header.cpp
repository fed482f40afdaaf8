#include "sim/experiment/sweep_header.h"

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
}  // namespace

std::string SweepHeader::mismatch(const SweepHeader& o) const {
  if (arm != o.arm) return "arm " + arm + " vs " + o.arm;
  if (identity != o.identity) return "inputs (scenario or --set) differ";
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
