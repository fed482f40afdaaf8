// Keeps the memory a replication frees inside the process, for the next replication.
//
// glibc gives a freed block above its mmap threshold back to the kernel and trims the top
// of an arena above its trim threshold (both start at 128 KiB and move with what was last
// freed). A replication of the market grows its order list to a few MB and frees it, so
// under the defaults each replication faults those pages in again; in a process with
// several threads every fault and unmap takes the process's memory-map lock and flushes
// the other CPUs' TLBs. On the project's 2-vCPU build machine that made a 2-thread sweep
// no faster than a 1-thread one (docs/performance.md, "Ninth round").
#pragma once

namespace cmsim::experiment {

/// Raises glibc's mmap threshold to 32 MiB (its maximum on 64-bit) and its trim threshold
/// to 64 MiB, so freed blocks stay in the thread's arena and are reused: each worker
/// thread's arena is reset between replications by the replications' own frees. Call
/// before starting threads; later calls do nothing. Returns whether the allocator took
/// the settings (false off glibc, and under AddressSanitizer, whose allocator ignores them).
bool retain_freed_memory();

}  // namespace cmsim::experiment
