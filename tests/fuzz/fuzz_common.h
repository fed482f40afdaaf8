// Shared by the libFuzzer harnesses: what counts as a finding and the capped run.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>

#include "models/market/market_model.h"
#include "models/scenario/scenario.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"

namespace cmsim::fuzz {

/// True when `s` is well-formed UTF-8 (no overlong forms, surrogates or code points past
/// U+10FFFF), the encoding every output file promises.
inline bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    std::uint32_t cp = n == 1 ? c : c & (0x7F >> n);
    for (std::size_t k = 1; k < n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d >> 6) != 0x2) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    static constexpr std::uint32_t MIN[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < MIN[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

/// A finding unless every table a run writes is valid UTF-8 (numbers were checked finite).
inline void check_tables(const market::RunResult& res) {
  std::ostringstream out;
  cli::write_timeseries(out, res.timeseries);
  cli::write_products(out, res.products);
  cli::write_ecosystems(out, res.ecosystems);
  cli::write_events(out, res.events);
  const std::string text = out.str();
  if (!valid_utf8(text)) __builtin_trap();
}

/// Runs one replication of an accepted scenario if it is small enough to keep the fuzzer
/// fast (at most 200 buyer agents, 2000 developer agents, 80 quarters). Any exception other
/// than InputError escapes and is a finding: validated input must never fail internally.
/// A run whose numbers overflow must be refused by the finiteness checks (InputError, as
/// `cmsim run` does) before anything is written; what would be written is checked.
inline void short_run(const scenario::Scenario& s) {
  long long buyers = 0;
  for (const auto& b : s.buyers) buyers += b.count;
  const int quarters = engine::Quarter::of(s.end).index() - engine::Quarter::of(s.start).index() + 1;
  if (buyers > 200 || s.developers.agents > 2000 || quarters > 80) return;
  const auto res = market::run_market(s, 0);
  cli::check_finite_rows(res);
  cli::check_finite(res.timeseries, "the run");
  check_tables(res);
}

/// True when `m` starts `FILE:LINE:COL: ` with a non-empty FILE and LINE, COL ≥ 1 (the file
/// may be a parent named by `extends:`, so any path is accepted).
inline bool positioned(const std::string& m) {
  for (std::size_t colon = m.find(':'); colon != std::string::npos && colon > 0; colon = m.find(':', colon + 1)) {
    std::size_t p = colon + 1, line = 0, col = 0, digits = 0;
    while (p < m.size() && m[p] >= '0' && m[p] <= '9' && digits++ < 9) line = line * 10 + (m[p++] - '0');
    if (p >= m.size() || m[p] != ':' || line < 1) continue;
    digits = 0;
    ++p;
    while (p < m.size() && m[p] >= '0' && m[p] <= '9' && digits++ < 9) col = col * 10 + (m[p++] - '0');
    if (col >= 1 && m.compare(p, 2, ": ") == 0) return true;
  }
  return false;
}

/// A finding unless a rejection is a bounded list of bounded, printable messages, each
/// positioned when `need_position` (messages about an override name the override instead).
inline void check_rejection(const std::vector<std::string>& messages, bool need_position, std::size_t max) {
  if (messages.size() > max) __builtin_trap();
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const auto& m = messages[i];
    if (m.size() > 4000 || m.find('\x1b') != std::string::npos || m.find('\n') != std::string::npos || !valid_utf8(m))
      __builtin_trap();
    if (i + 1 == messages.size() && m.rfind("(and ", 0) == 0) continue;  // "(and N more errors)"
    if (need_position && !positioned(m)) __builtin_trap();
  }
}

}  // namespace cmsim::fuzz
