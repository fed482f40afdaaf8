#include "sim/experiment/runs_format.h"

namespace cmsim::experiment {

const char* to_string(RunsFormat format) {
  switch (format) {
    case RunsFormat::CSV:
      return "csv";
    case RunsFormat::GZ:
      return "gz";
    case RunsFormat::NONE:
      return "none";
  }
  return "?";
}

std::optional<RunsFormat> runs_format_from_string(std::string_view text) {
  for (auto f : {RunsFormat::CSV, RunsFormat::GZ, RunsFormat::NONE})
    if (text == to_string(f)) return f;
  return std::nullopt;
}

}  // namespace cmsim::experiment
