// Random-stream purposes owned by the experiment layer. Models number their own purposes
// from 0 upward; the experiment layer's live in a block starting at 0x45580000 ("EX"), so
// sampling parameters never consumes or shifts a number a model's agents see.
#pragma once

#include <cstdint>

namespace cmsim::experiment {

enum class StreamPurpose : std::uint32_t {
  PARAMETER_SAMPLING = 0x45580001,  ///< per replication, agent = parameter index
  LHS_PERMUTATION = 0x45580002,     ///< replication 0, agent = parameter index
  UNPAIRED_PAIRING = 0x45580003,    ///< replication 0, agent 0: the unpaired comparison's pairing
};

constexpr std::uint32_t purpose_id(StreamPurpose p) { return static_cast<std::uint32_t>(p); }

}  // namespace cmsim::experiment
