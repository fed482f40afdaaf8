// `cmsim rerun`'s workflow: runs again the command a manifest.json records (its command
// line, from its working directory), after checking that every input file still has the
// SHA-256 recorded, into a new folder; then compares every file but manifest.json with the
// original, byte for byte. cmd_rerun.cpp parses the options and calls rerun().
#pragma once

#include <string>

namespace cmsim::cli {

/// `manifest`: a manifest.json or its folder; `out_dir`: "" for <the original folder>-rerun.
/// Returns 0 when every file is identical, 1 when one differs, the command's status when
/// it fails; throws UsageError/InputError when an input changed or the manifest cannot be used.
int rerun(const std::string& manifest, const std::string& out_dir, bool force);

}  // namespace cmsim::cli
