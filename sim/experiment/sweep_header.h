// What identifies a sweep's replications: every replication file (checkpoint or shard)
// starts with one, and resume and merge only combine records whose headers agree.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/date.h"

namespace cmsim::experiment {

/// The identity component naming one input file and its content: "input=<sha256> <path>".
/// Identities are ';'-separated components; SweepHeader::mismatch compares input
/// components by hash only (the same file reached by another relative path still agrees)
/// and names the file whose content differs.
std::string input_identity(const std::string& path, const std::string& sha256);
/// The {path, sha256} of every input component of an identity, in order.
std::vector<std::pair<std::string, std::string>> identity_inputs(const std::string& identity);
/// "" when two identities agree; else what differs, e.g. "input scenarios/a.yaml differs
/// (sha256 0123abcd... vs 4567ef01...)".
std::string identity_difference(const std::string& a, const std::string& b);

struct SweepHeader {
  std::string arm;       ///< "sweep", or "base" / "alt" in a comparison
  std::string identity;  ///< caller's fingerprint of the inputs (scenario hash, overrides)
  std::uint64_t seed = 0;
  std::uint64_t runs = 0;  ///< N of the whole sweep (not of a shard)
  std::string design;      ///< "random", "lhs", "sobol"
  std::vector<std::string> parameters;
  /// Informational, not compared: the runs.csv format the sweep asked for ("csv", "gz",
  /// "none"), so `cmsim merge` writes what the unsharded sweep would have written.
  std::string runs_output = "csv";
  // Layout of one replication's values, known once the first replication has run.
  bool has_layout = false;
  std::vector<std::string> metrics;  ///< in the Recorder's declaration order
  engine::Quarter first_quarter;
  std::uint64_t quarters = 0;

  std::size_t values_per_run() const { return static_cast<std::size_t>(quarters) * metrics.size(); }
  /// "" when records under `other` may be combined with these; else the first difference,
  /// e.g. "seed 7 vs 8". Layouts are compared only when both are known.
  std::string mismatch(const SweepHeader& other) const;
};

}  // namespace cmsim::experiment
