#include "sim/experiment/allocator_policy.h"

#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace cmsim::experiment {

bool retain_freed_memory() {
  static std::once_flag once;
  static bool taken = false;
  std::call_once(once, [] {
#if defined(__GLIBC__)
    // Both or neither: a trim threshold set alone also fixes the mmap threshold at its
    // 128 KiB default, and every block above it is then mapped and unmapped each time.
    taken = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 64 << 20) == 1;
#endif
  });
  return taken;
}

}  // namespace cmsim::experiment
