// Where a writing command puts its output, and what it may replace there (docs/output.md):
// an explicit -o onto an earlier cmsim result needs --force; the default location
// (output/<name>...) may replace an earlier cmsim result, saying so; anything cmsim did
// not write (a folder of documents, a file in the way) is always refused.
#pragma once

#include <string>
#include <vector>

#include "sim/cli/cli.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {

struct OutputLocation {
  std::string path;
  output::Replace replace = output::Replace::NEVER;
  bool is_default = false;
};

/// `given` (the -o value, "" when absent) or `default_path`, with its replacement policy.
OutputLocation output_location(const std::string& given, const std::string& default_path, bool force);

/// Checks a directory location before anything runs (output::check_output_dir).
void check_output_location(const OutputLocation& where);

/// Ctrl-C / SIGTERM, as the output writer polls it (experiment::InterruptFlag).
output::StopCheck interrupt_requested();

/// A recorded command line (a manifest's) without its -o/--output, --force and --resume
/// options, and without --shard when `drop_shard`: what `cmsim rerun` runs again and
/// `cmsim merge` rebuilds a study from.
std::vector<std::string> command_without_output(const std::vector<std::string>& argv, bool drop_shard = false);

/// " written to DIR/" plus, when an earlier result was replaced, a note saying so.
std::string written_to(const std::string& path, bool replaced);

}  // namespace cmsim::cli
