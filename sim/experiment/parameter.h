// An uncertain input of a sweep, seen from the experiment layer: a name and an inverse
// CDF. The layer knows nothing about what the parameter means; the caller applies the
// sampled value to its model.
#pragma once

#include <functional>
#include <string>

#include "sim/engine/distribution.h"

namespace cmsim::experiment {

struct Parameter {
  std::string name;  ///< key path, e.g. "parameters.demand_growth_annual"; unique in a sweep
  /// Inverse CDF: maps u in [0, 1) to a value of the parameter.
  std::function<double(double u)> quantile;
};

/// A parameter sampled through Distribution::quantile.
Parameter from_distribution(std::string name, engine::Distribution distribution);

}  // namespace cmsim::experiment
