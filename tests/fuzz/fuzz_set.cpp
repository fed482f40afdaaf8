// libFuzzer harness for --set: bytes → "key.path=value" → parse_override → applied to
// tests/data/scenario/mini.yaml → validated → a short capped run when accepted.
#include <cstddef>
#include <cstdint>
#include <string>

#include "models/scenario/error_list.h"
#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string mini = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/mini.yaml";
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    // One override a line, like repeated --set options.
    std::vector<cmsim::scenario::Override> overrides;
    std::size_t start = 0;
    while (start <= text.size() && overrides.size() < 8) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      overrides.push_back(cmsim::scenario::parse_override(text.substr(start, end - start)));
      start = end + 1;
    }
    const auto s = cmsim::scenario::load_scenario(mini, overrides);
    cmsim::fuzz::short_run(s);
  } catch (const cmsim::engine::InputError& e) {
    // Messages about an override name the override, not a file line: only bounds are checked.
    cmsim::fuzz::check_rejection(e.messages(), false, cmsim::scenario::MAX_ERRORS + 1);
  }
  return 0;
}
