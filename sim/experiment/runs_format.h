// How a sweep writes its per-replication values (runs.csv): plain, gzip-compressed, or not at all.
#pragma once

#include <optional>
#include <string_view>

namespace cmsim::experiment {

enum class RunsFormat { CSV, GZ, NONE };

const char* to_string(RunsFormat format);
/// "csv", "gz" or "none"; nullopt otherwise.
std::optional<RunsFormat> runs_format_from_string(std::string_view text);

}  // namespace cmsim::experiment
