// Random-stream purposes of the analysis layer, in their own block ("AN", 0x414E0000) so
// that designing an experiment or resampling its results never shifts a number a model or
// the experiment layer (0x45580000) draws.
#pragma once

#include <cstdint>

namespace cmsim::analysis {

enum class AnalysisPurpose : std::uint32_t {
  MORRIS_TRAJECTORY = 0x414E0001,    ///< replication = trajectory, agent 0
  BOOTSTRAP = 0x414E0002,            ///< replication = resample, agent 0
  SHAPLEY_PERMUTATION = 0x414E0003,  ///< replication = permutation, agent 0
  PRIM_RESAMPLE = 0x414E0004,        ///< replication = resample, agent 0
};

constexpr std::uint32_t purpose_id(AnalysisPurpose p) { return static_cast<std::uint32_t>(p); }

}  // namespace cmsim::analysis
