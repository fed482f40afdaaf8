// Checks that need the whole scenario: unique ids, references to vendors, products,
// buyers, events, ecosystems and routes, cycles of `requires`, and dates of events that
// follow a required event by `lag_days`.
#pragma once

#include "models/scenario/error_list.h"
#include "models/scenario/scenario_builder.h"

namespace cmsim::scenario {

/// Adds every problem to `errors`; sets the dates of lagged events when it can.
void check_scenario(BuiltScenario& built, ErrorList& errors);

}  // namespace cmsim::scenario
