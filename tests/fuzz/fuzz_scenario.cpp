// libFuzzer harness: bytes → a scenario file → load_scenario (parse, compose, validate) →
// for an accepted scenario a short capped run. A crash, a sanitizer report, a hang or an
// exception other than InputError is a finding (scripts/fuzz.sh; docs/testing.md).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "models/scenario/error_list.h"
#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The loader reads files (extends: is relative to the file), so the input is one.
  static const std::string path = "/tmp/cmsim-fuzz-" + std::to_string(getpid()) + ".yaml";
  if (std::FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  } else {
    return 0;
  }
  try {
    const auto s = cmsim::scenario::load_scenario(path);
    cmsim::fuzz::short_run(s);
  } catch (const cmsim::engine::InputError& e) {
    // Rejected cleanly: every message must be bounded and safe to print.
    if (e.messages().size() > cmsim::scenario::MAX_ERRORS + 1) __builtin_trap();
    for (const auto& m : e.messages())
      if (m.size() > 4000 || m.find('\x1b') != std::string::npos || m.find('\n') != std::string::npos) __builtin_trap();
  }
  return 0;
}
