// Random-stream purposes of the developer model. The market model uses other numbers; the
// developer model owns 100-119, so adding a purpose here never shifts a market stream.
#pragma once

#include <cstdint>

namespace cmsim::ecosystem {

/// StreamKey::purpose values. Keys are (scenario.seed, replication, purpose, agent id).
enum class EcosystemStream : std::uint32_t {
  NETWORK = 100,             ///< Watts–Strogatz construction (agent 0)
  INITIAL_ASSIGNMENT = 101,  ///< shuffle of the initial ecosystem assignment (agent 0)
  REVISION = 102,            ///< per agent: two uniforms per quarter (revise?, which ecosystem)
};

constexpr std::uint32_t purpose(EcosystemStream s) { return static_cast<std::uint32_t>(s); }

}  // namespace cmsim::ecosystem
