// MPI for sweeps across machines: `mpirun -n K cmsim sweep ...` gives each rank the
// replications r with r % K == rank, and rank 0 gathers every rank's records and writes the
// output, which is then byte-identical to a one-process sweep. Built without MPI (or run
// without mpirun) the session is a single rank and every call is trivial.
#pragma once

#include <vector>

#include "sim/experiment/run_store.h"

namespace cmsim::experiment {

class MpiSession {
 public:
  /// Initialises MPI only when this process was started by an MPI launcher (the launcher's
  /// environment variables are present) and cmsim was built with MPI.
  MpiSession();
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }

  /// True on every rank when `ok` is true on every rank (a collective: all ranks call it).
  bool all_ok(bool ok) const;
  /// Collective: sends each rank's stores (one per arm, same arms everywhere) to rank 0,
  /// which returns complete stores over replications 0..runs-1; other ranks return {}. Pass
  /// the stores by std::move: with one rank they are returned as they are, not copied.
  std::vector<RunStore> gather(std::vector<RunStore> mine) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  [[maybe_unused]] bool initialised_ = false;  // read only when built with MPI
};

}  // namespace cmsim::experiment
