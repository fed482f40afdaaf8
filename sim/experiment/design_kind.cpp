#include "sim/experiment/design_kind.h"

namespace cmsim::experiment {

const char* to_string(DesignKind kind) {
  switch (kind) {
    case DesignKind::RANDOM:
      return "random";
    case DesignKind::LHS:
      return "lhs";
    case DesignKind::SOBOL:
      return "sobol";
  }
  return "?";
}

std::optional<DesignKind> design_kind_from_string(std::string_view text) {
  for (auto k : {DesignKind::RANDOM, DesignKind::LHS, DesignKind::SOBOL})
    if (text == to_string(k)) return k;
  return std::nullopt;
}

}  // namespace cmsim::experiment
