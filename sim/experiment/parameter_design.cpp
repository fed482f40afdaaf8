#include "sim/experiment/parameter_design.h"

#include <boost/random/sobol.hpp>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/engine/random_stream.h"
#include "sim/experiment/stream_purpose.h"

namespace cmsim::experiment {

namespace {
// 2^-53: the top 53 bits of a 64-bit Sobol integer map exactly onto doubles in [0, 1).
constexpr double TWO_POW_MINUS_53 = 1.0 / 9007199254740992.0;
}  // namespace

ParameterDesign::ParameterDesign(DesignKind kind, std::size_t dimensions, std::uint64_t runs, std::uint64_t seed)
    : kind_(kind), dimensions_(dimensions), runs_(runs), seed_(seed) {
  if (runs == 0) throw std::invalid_argument("ParameterDesign: runs must be at least 1");
  if (kind == DesignKind::LHS) {
    if (runs > UINT32_MAX) throw std::invalid_argument("ParameterDesign: LHS supports at most 2^32-1 runs");
    lhs_permutation_.resize(dimensions * runs);
    for (std::size_t k = 0; k < dimensions; ++k) {
      auto perm = std::span(lhs_permutation_).subspan(k * runs, runs);
      for (std::uint64_t i = 0; i < runs; ++i) perm[i] = static_cast<std::uint32_t>(i);
      engine::RandomStream s({seed, 0, purpose_id(StreamPurpose::LHS_PERMUTATION), k});
      // Fisher–Yates from the top; j uniform on 0..i (the min guards the u*(i+1) rounding edge).
      for (std::uint64_t i = runs - 1; i > 0; --i) {
        const auto j = std::min<std::uint64_t>(i, static_cast<std::uint64_t>(s.uniform() * static_cast<double>(i + 1)));
        std::swap(perm[i], perm[j]);
      }
    }
  }
  if (kind == DesignKind::SOBOL && dimensions > 0) {
    // Constructing the engine validates the dimension against Boost's direction tables.
    try {
      boost::random::sobol probe(dimensions);
    } catch (const std::exception&) {
      throw std::invalid_argument("ParameterDesign: Sobol design supports at most 3667 parameters, got " +
                                  std::to_string(dimensions));
    }
  }
}

void ParameterDesign::point(std::uint64_t replication, std::span<double> out) const {
  if (out.size() != dimensions_) throw std::invalid_argument("ParameterDesign::point: wrong dimension");
  if (replication >= runs_) throw std::out_of_range("ParameterDesign::point: replication beyond the sweep");
  if (dimensions_ == 0) return;
  switch (kind_) {
    case DesignKind::RANDOM:
      for (std::size_t k = 0; k < dimensions_; ++k)
        out[k] = engine::RandomStream({seed_, replication, purpose_id(StreamPurpose::PARAMETER_SAMPLING), k}).uniform();
      return;
    case DesignKind::LHS: {
      const double n = static_cast<double>(runs_);
      for (std::size_t k = 0; k < dimensions_; ++k) {
        const double jitter =
            engine::RandomStream({seed_, replication, purpose_id(StreamPurpose::PARAMETER_SAMPLING), k}).uniform();
        const double stratum = lhs_permutation_[k * runs_ + replication];
        // Keep u inside its stratum even where (stratum + jitter) / n rounds up to the next one.
        out[k] = std::min((stratum + jitter) / n, std::nextafter((stratum + 1) / n, 0.0));
      }
      return;
    }
    case DesignKind::SOBOL: {
      boost::random::sobol gen(dimensions_);
      // Boost's sequence already starts after the origin; jump over the r points before
      // this one (a Gray-code jump, not r steps).
      gen.discard(replication * dimensions_);
      for (std::size_t k = 0; k < dimensions_; ++k) out[k] = static_cast<double>(gen() >> 11) * TWO_POW_MINUS_53;
      return;
    }
  }
}

}  // namespace cmsim::experiment
