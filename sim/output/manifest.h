// manifest.json: what produced an output directory (schema version, cmsim version,
// scenario and its sha256, every input file read and its sha256, seed, runs, threads,
// command line, start and end time).
// The manifest is the one output file that is allowed to differ between identical runs.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace cmsim::output {

/// Version of the output file formats (docs/output.md). Bump on any column change.
inline constexpr int SCHEMA_VERSION = 1;

struct Manifest {
  std::string command;  ///< "run", "sweep", "compare"
  std::vector<std::string> argv;
  std::vector<std::string> scenario_paths;
  std::vector<std::string> scenario_sha256;
  /// Every file the result depends on (each scenario's `extends:` chain, a targets
  /// file): {path, sha256}, written as "inputs": [{"path": ..., "sha256": ...}].
  std::vector<std::pair<std::string, std::string>> inputs;
  std::uint64_t seed = 0;
  std::uint64_t runs = 1;
  unsigned threads = 1;
  std::string started_utc;
  std::string finished_utc;
  std::map<std::string, std::string> extra;     ///< further string fields, sorted by key
  std::map<std::string, std::int64_t> numbers;  ///< further whole-number fields (JSON numbers), sorted by key
  /// The series of timeseries.csv / the metric column, in order (written as "series":
  /// [{"name": ..., "unit": ..., "definition": ...}] when not empty).
  struct Series {
    std::string name, unit, definition;
  };
  std::vector<Series> series;

  std::string to_json() const;
};

/// Current UTC time as "2026-11-27T21:03:04Z".
std::string utc_now();
/// Hex SHA-256 of a file's bytes ("" if it cannot be read).
std::string sha256_file(const std::string& path);
/// Hex SHA-256 of a string's bytes.
std::string sha256_text(const std::string& text);
/// {path, sha256} of each file, in order.
std::vector<std::pair<std::string, std::string>> hash_files(const std::vector<std::string>& paths);
/// Escapes a string for a JSON string literal (without the quotes).
std::string json_escape(const std::string& s);

}  // namespace cmsim::output
