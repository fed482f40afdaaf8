// A table of text printed either aligned for a terminal or as CSV (--csv): what the
// inspection commands (`cmsim parameters/events/products SCENARIO`) print.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"

namespace cmsim::cli {

struct InspectTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// CSV (RFC 4180) or columns padded to their widest cell (the last column unpadded).
  void print(std::ostream& out, bool csv) const;
};

/// The `--set` texts of a command parsed (each throws InputError when malformed).
std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets);

}  // namespace cmsim::cli
