// Reads YAML text into a YamlNode tree, defensively: files over MAX_FILE_BYTES, NUL bytes,
// nesting deeper than MAX_NESTING and alias bombs are rejected with one clear message
// before or instead of handing them to yaml-cpp, so no input can crash or hang the loader.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "models/scenario/error_list.h"
#include "models/scenario/yaml_node.h"

namespace cmsim::scenario {

/// Largest scenario file accepted, in bytes: 2 MiB, 24 times the baseline (85 KB). yaml-cpp
/// scans ~4 MB/s, so the largest accepted file validates in about half a second and a larger
/// one is refused before it is read.
inline constexpr std::size_t MAX_FILE_BYTES = 2u << 20;
/// Deepest nesting of maps and lists accepted (scenarios need about 8).
inline constexpr int MAX_NESTING = 64;
/// Most values a document may hold once its aliases are expanded (bounds alias bombs).
inline constexpr std::size_t MAX_NODES = 200'000;

/// Reads and parses a file. On failure adds one message to `errors` and returns nullopt.
std::optional<YamlNode> read_yaml_file(const std::string& path, ErrorList& errors);

/// Parses text; `source` names it in messages (a file path, or "--set key=value", in which
/// case every node's location is the override itself). Adds messages and returns nullopt
/// on failure.
std::optional<YamlNode> parse_yaml_text(const std::string& text, const std::string& source, bool whole_source,
                                        ErrorList& errors);

}  // namespace cmsim::scenario
