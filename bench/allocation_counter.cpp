// Replaces the global operator new/delete of the benchmark binary: every heap allocation
// goes through a relaxed atomic increment of its thread's counter, then malloc. One cache
// line per thread: a single shared counter bounced between the sweep's threads at every
// allocation (~5,000 a replication) and charged that to the 2-thread figures. In a
// translation unit of its own so that the compiler does not inline these into callers
// (GCC then mistakes malloc/free for a mismatched new/delete pair).
#include "bench/allocation_counter.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {

struct alignas(64) Counter {
  std::atomic<std::uint64_t> n{0};
};
constexpr unsigned SLOTS = 64;  // threads beyond 64 share slots: still counted, only slower
Counter g_allocations[SLOTS];
std::atomic<unsigned> g_next_slot{0};

Counter& my_counter() {
  thread_local Counter& mine = g_allocations[g_next_slot.fetch_add(1, std::memory_order_relaxed) % SLOTS];
  return mine;
}

}  // namespace

namespace cmsim::bench {
std::uint64_t allocations() {
  std::uint64_t total = 0;
  for (const auto& c : g_allocations) total += c.n.load(std::memory_order_relaxed);
  return total;
}
}  // namespace cmsim::bench

void* operator new(std::size_t n) {
  my_counter().n.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  my_counter().n.fetch_add(1, std::memory_order_relaxed);
  return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
