#include "sim/experiment/parameter.h"

namespace cmsim::experiment {

Parameter from_distribution(std::string name, engine::Distribution distribution) {
  return Parameter{std::move(name), [d = std::move(distribution)](double u) { return d.quantile(u); }};
}

}  // namespace cmsim::experiment
