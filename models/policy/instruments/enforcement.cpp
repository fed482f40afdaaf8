#include "models/policy/instruments/enforcement.h"

#include <algorithm>

#include "models/policy/instruments/instrument_spec.h"

namespace cmsim::scenario {

bool Enforcement::covers(const std::string& route) const {
  return routes.empty() || std::find(routes.begin(), routes.end(), route) != routes.end();
}

double Enforcement::route_capacity_factor(const std::string& route) const {
  return covers(route) ? capacity_multiplier : 1.0;
}

double Enforcement::route_markup_add(const std::string& route) const { return covers(route) ? markup_add : 0.0; }

const InstrumentSpec<Enforcement>& Enforcement::spec() {
  using K = InstrumentKey<Enforcement>;
  static const InstrumentSpec<Enforcement> s{
      "polices diversion routes: multiplies their capacity and adds to their mark-up",
      {},
      {K::ids("routes", &Enforcement::routes, IdKind::ROUTE, "the routes it polices").absent_means("all routes"),
       K::number("capacity_multiplier", &Enforcement::capacity_multiplier, FACTOR, "multiplies the routes' capacity"),
       K::number("markup_add", &Enforcement::markup_add, FACTOR,
                 "added to the routes' mark-up (a fraction of the price)")}};
  return s;
}

}  // namespace cmsim::scenario
