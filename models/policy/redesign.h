// A vendor's answer to a ban: a derivative of the banned product derated to sit just
// under every restrictive threshold in force (as the A800/H800 cut interconnect and the
// H20 cut TFLOPS). Used for rules the scenario does not script a response to.
#pragma once

#include <optional>
#include <span>

#include "models/scenario/scenario.h"

namespace cmsim::policy {

/// Returns a copy of `banned` with the metrics it trips lowered to (1 - margin) times each
/// binding threshold, so that no predicate matches; nullopt when no derating can comply
/// (e.g. a rule with an upper bound). For all_of, the single condition needing the
/// smallest relative cut is derated; for any_of, every matching branch is.
std::optional<scenario::Product> derate_to_comply(const scenario::Product& banned,
                                                  std::span<const scenario::Predicate* const> predicates,
                                                  double margin);

/// True when `derivative` differs from `original` in a metric rules can name (TFLOPS, memory,
/// bandwidths, die area): derate_to_comply returns an unchanged copy when no predicate
/// covers the product, i.e. when it was banned by name.
bool derated(const scenario::Product& original, const scenario::Product& derivative);

}  // namespace cmsim::policy
