// How a sweep places its replications in the unit hypercube of its uncertain parameters.
#pragma once

#include <optional>
#include <string_view>

namespace cmsim::experiment {

enum class DesignKind {
  RANDOM,  ///< independent uniforms per replication and parameter (plain Monte Carlo)
  LHS,     ///< Latin hypercube: each parameter's N strata hit exactly once
  SOBOL,   ///< Sobol low-discrepancy sequence (Joe–Kuo directions, Boost.Random)
};

const char* to_string(DesignKind kind);
/// "random", "lhs" or "sobol"; nullopt otherwise.
std::optional<DesignKind> design_kind_from_string(std::string_view text);

}  // namespace cmsim::experiment
