// manifest.json: what produced an output directory (schema version, cmsim version,
// scenario and its sha256, seed, runs, threads, command line, start and end time).
// The manifest is the one output file that is allowed to differ between identical runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace cmsim::output {

/// Version of the output file formats (docs/output.md). Bump on any column change.
inline constexpr int SCHEMA_VERSION = 1;

struct Manifest {
  std::string command;  ///< "run", "sweep", "compare"
  std::vector<std::string> argv;
  std::vector<std::string> scenario_paths;
  std::vector<std::string> scenario_sha256;
  std::uint64_t seed = 0;
  std::uint64_t runs = 1;
  unsigned threads = 1;
  std::string started_utc;
  std::string finished_utc;
  std::map<std::string, std::string> extra;  ///< further string fields, sorted by key

  std::string to_json() const;
};

/// Current UTC time as "2026-11-27T21:03:04Z".
std::string utc_now();
/// Hex SHA-256 of a file's bytes ("" if it cannot be read).
std::string sha256_file(const std::string& path);
/// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(const std::string& s);

}  // namespace cmsim::output
