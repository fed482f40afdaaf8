// Helper for the MPI test (not a test itself): runs the toy sweep split over the MPI ranks
// it was started with and writes the output directory given as argv[1] on rank 0.
#include <iostream>

#include "sim/experiment/mpi_session.h"
#include "sim/experiment/sweep_files.h"
#include "tests/experiment/toy_model.h"

int main(int argc, char** argv) {
  using namespace cmsim::experiment;
  if (argc != 2) {
    std::cerr << "usage: mpi_toy_sweep OUTDIR\n";
    return 2;
  }
  MpiSession mpi;
  SweepOptions o;
  o.runs = 37;
  o.threads = 2;
  o.seed = 5;
  o.design = DesignKind::LHS;
  o.shard_index = static_cast<std::uint64_t>(mpi.rank());
  o.shard_count = static_cast<std::uint64_t>(mpi.size());
  const auto outcome = run_sweep(cmsim::testing::toy_model(), cmsim::testing::toy_parameters(), o);
  if (!mpi.all_ok(outcome.complete)) return 1;
  const auto stores = mpi.gather(outcome.arms);
  if (!mpi.is_root()) return 0;
  cmsim::output::OutputDir dir(argv[1]);
  write_sweep_files(dir, "", stores.at(0), RunsFormat::CSV);
  dir.commit();
  return 0;
}
