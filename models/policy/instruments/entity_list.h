// entity_list: the named buyer segments may no longer buy US products; their perceived
// US-supply risk jumps to 1. A lift naming the listing ends it.
#pragma once

#include "models/policy/instruments/instrument.h"

namespace cmsim::scenario {

struct EntityList : MarketEffects {
  static constexpr std::string_view kind = "entity_list";
  static constexpr InstrumentRole role = InstrumentRole::MEASURE;
  static constexpr bool anticipated = true;
  static const InstrumentSpec<EntityList>& spec();

  std::vector<std::string> buyers;  ///< buyer segment ids

  bool restricts_us_supply() const { return true; }
  bool lists_buyer(const std::string& segment) const;
  bool operator==(const EntityList&) const = default;
};

}  // namespace cmsim::scenario
