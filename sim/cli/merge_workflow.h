// `cmsim merge`'s workflow: joins the shard outputs of one sweep, comparison or
// exploratory command (experiment, sensitivity, attribute) into the files an unsharded run
// would have written, byte for byte. The shards' own files beside their replications
// (events.csv, base/ and alt/ events and manifests) are copied; an exploratory command's
// tables (experiments.csv, ...) are computed from the joined runs by the same study the
// command ran, rebuilt from the shards' recorded command line. cmd_merge.cpp parses the
// options and calls merge_shards().
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/cli/output_location.h"
#include "sim/experiment/runs_format.h"

namespace cmsim::cli {

struct MergeRequest {
  std::vector<std::string> dirs;                 ///< the shards' output folders
  std::optional<experiment::RunsFormat> format;  ///< --runs-output (default: the shards')
  OutputLocation where;                          ///< checked
  std::vector<std::string> argv;                 ///< the command line, for the manifest
};

/// Reads and checks the shards, writes the merged folder atomically, prints the study's
/// tables (stdout) and where it went (stderr). Returns the exit status.
int merge_shards(const MergeRequest& request);

}  // namespace cmsim::cli
