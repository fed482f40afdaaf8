// The social network among developer agents: who sees whose ecosystem. Built once per
// replication (Watts–Strogatz small world by default) and exposed as compressed sparse rows
// (CSR), so the quarterly migration step walks flat uint32 arrays instead of a graph type.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/engine/random_stream.h"

namespace cmsim::ecosystem {

enum class NetworkKind {
  NONE,         ///< no neighbours: peer effects are off
  COMPLETE,     ///< everyone sees everyone (mean field); not materialised as arrays
  SMALL_WORLD,  ///< Watts & Strogatz (1998): ring of degree k, each edge rewired with probability p
};

/// "none" | "complete" | "small_world", or nullopt.
std::optional<NetworkKind> network_kind_from_string(const std::string& s);
const char* to_string(NetworkKind k);

class DeveloperNetwork {
 public:
  /// An empty network (no agents).
  DeveloperNetwork() = default;

  /// Builds the network over `agents` vertices. For SMALL_WORLD, `degree` must be even with
  /// 2 <= degree < agents and `rewire_probability` in [0, 1]; the draws come from `stream`
  /// only. Duplicate edges that rewiring can create are merged and self-loops never occur,
  /// so a few agents may end with a degree other than `degree`. Throws std::invalid_argument
  /// on bad arguments. `degree` and `rewire_probability` are ignored for NONE and COMPLETE.
  static DeveloperNetwork build(NetworkKind kind, std::uint32_t agents, int degree, double rewire_probability,
                                engine::RandomStream& stream);

  NetworkKind kind() const { return kind_; }
  std::uint32_t size() const { return size_; }
  /// Number of neighbours of agent i.
  std::uint32_t degree(std::uint32_t i) const;
  /// Largest degree of any agent (0 for an empty network or NONE).
  std::uint32_t max_degree() const { return max_degree_; }
  /// Undirected edges (for COMPLETE: n(n−1)/2).
  std::uint64_t edge_count() const;

  /// CSR arrays for SMALL_WORLD: the neighbours of i are neighbours()[offsets()[i] ..
  /// offsets()[i+1]), sorted ascending. Empty for NONE and COMPLETE (callers handle those in
  /// closed form: a complete graph over 5,000 agents would be 25M entries).
  std::span<const std::uint32_t> offsets() const { return offsets_; }
  std::span<const std::uint32_t> neighbours() const { return neighbours_; }
  std::span<const std::uint32_t> neighbours_of(std::uint32_t i) const {
    return std::span<const std::uint32_t>(neighbours_).subspan(offsets_[i], offsets_[i + 1] - offsets_[i]);
  }

 private:
  NetworkKind kind_ = NetworkKind::NONE;
  std::uint32_t size_ = 0;
  std::uint32_t max_degree_ = 0;
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint32_t> neighbours_;
};

}  // namespace cmsim::ecosystem
