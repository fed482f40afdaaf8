// libFuzzer harness: bytes → a scenario file → load_scenario (parse, compose, validate) →
// for an accepted scenario a short capped run whose tables must be finite UTF-8. A crash, a
// sanitizer report, a hang, an unpositioned message or an exception other than InputError is
// a finding (scripts/fuzz.sh; docs/testing.md).
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
    // Rejected cleanly: every message must be bounded, safe to print and positioned.
    cmsim::fuzz::check_rejection(e.messages(), true, cmsim::scenario::MAX_ERRORS + 1);
  }
  return 0;
}
