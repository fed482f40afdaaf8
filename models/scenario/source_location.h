// Where a value in a scenario came from: a file position (1-based line and column) or a
// `--set key=value` override. Every error message starts with it.
#pragma once

#include <memory>
#include <string>

namespace cmsim::scenario {

struct SourceLocation {
  std::shared_ptr<const std::string> source;  ///< file path as given, or "--set key=value"
  int line = 0;                               ///< 1-based; 0 = the whole source (an override)
  int column = 0;                             ///< 1-based

  /// "scenarios/x.yaml:41:7", or the override text itself.
  std::string text() const {
    const std::string s = source ? *source : std::string("<unknown>");
    if (line <= 0) return s;
    return s + ":" + std::to_string(line) + ":" + std::to_string(column);
  }
};

}  // namespace cmsim::scenario
