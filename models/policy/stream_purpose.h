// Names of the market model's random streams. Adding a purpose never shifts another
// stream (streams are keyed by purpose, not drawn in sequence). The developer model
// uses purposes 100-119.
#pragma once

#include <cstdint>

namespace cmsim::policy {

enum StreamPurpose : std::uint32_t {
  EVENT_OCCURRENCE = 1,  ///< whether a probabilistic event happens (agent: hash of event id)
  LICENCE_GRANT = 2,     ///< licence draws (agent: hash of licence, buyer agent, quarter)
  REDESIGN = 3,          ///< whether a vendor answers a ban (agent: hash of vendor, rule, product)
  DEMAND = 4,            ///< buyer demand growth shocks (agent: hash of buyer agent)
  PARAMETER_SAMPLING = 5,
  IMPORT_APPROVAL = 6,  ///< China's import approvals (agent: hash of gate, buyer agent, quarter)
};

}  // namespace cmsim::policy
