// Heap allocations of the process so far, counted by the replaced global operator new of
// allocation_counter.cpp (linked into the benchmarks only).
#pragma once

#include <cstdint>

namespace cmsim::bench {

std::uint64_t allocations();

}  // namespace cmsim::bench
