// The period a target covers: an inclusive range of calendar quarters, written in targets
// files as a year ("2024"), a half ("2023H1"), a quarter ("2025Q2") or a range of those
// ("2024Q1..2024Q4").
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/engine/date.h"

namespace cmsim::calibration {

struct Period {
  engine::Quarter first;
  engine::Quarter last;  ///< inclusive
  std::string label;     ///< as written

  int quarters() const { return quarters_between(first, last) + 1; }
  bool contains(engine::Quarter q) const { return q >= first && q <= last; }
};

/// Parses a period; nullopt for anything else (including a range that runs backwards).
std::optional<Period> parse_period(std::string_view text);

}  // namespace cmsim::calibration
