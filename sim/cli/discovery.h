// `cmsim discover` without the command line: scenario discovery (PRIM with peeling, pasting
// and significance; or a CART tree) on the runs of a sweep folder or a per-run CSV. Used by
// the CLI (cmd_discover.cpp, which writes the tables to a folder) and the Python module.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/cli/output_location.h"
#include "sim/cli/study.h"

namespace cmsim::cli {

struct DiscoveryRequest {
  std::string source;               ///< a sweep folder or a per-run CSV file
  std::string outcome;              ///< METRIC:PERIOD:REDUCTION (a sweep folder) or a column name (a CSV)
  std::string where;                ///< the cases of interest: "> 0.2", ">= X", "< X", "<= X"
  std::string method = "prim";      ///< prim or cart
  std::vector<std::string> inputs;  ///< the inputs to search (default: every input column)
  double alpha = 0.05, min_mass = 0.05, threshold = 0.8, max_p = 0.05;
  std::uint64_t resamples = 50, seed = 1;
  std::uint64_t max_depth = 3, min_leaf = 10;  ///< cart
};

struct Discovery {
  StudyTables tables;  ///< discovery.csv and discovery_box.csv; shown: the box, as the CLI prints it
  std::size_t runs = 0, cases = 0;
  std::string where;  ///< the condition as read: "> 0.2"
};

/// Checks the request (a bad value names the CLI's option), reads the runs and finds the
/// box. Throws UsageError/InputError; writes nothing.
Discovery discover(const DiscoveryRequest& request);

/// output/<name of the runs' folder or file>-discovery.
std::string default_discovery_dir(const std::string& source);

/// Writes the tables and a manifest to `where` (checked) atomically, then prints the box
/// (stdout) and where it went (stderr), as `cmsim discover` does; `argv`: its arguments.
void write_discovery(const DiscoveryRequest& request, const Discovery& found, const OutputLocation& where,
                     const std::vector<std::string>& argv);

}  // namespace cmsim::cli
