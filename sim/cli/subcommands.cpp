// The registry of subcommands. A subcommand without a handler is named in --help as
// "not built yet" and exits 3 when called.
#include "sim/cli/cli.h"

namespace cmsim::cli {

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> all = {
      {"run", "SCENARIO [-o DIR] [--seed N] [--set key=value]...", "run one replication of a scenario", {}},
      {"sweep",
       "SCENARIO --runs N [--threads T] [--design random|lhs|sobol] [-o DIR]",
       "Monte Carlo sweep over a scenario's uncertain parameters",
       {}},
      {"compare", "BASE ALT --runs N [-o DIR]", "compare two scenarios with common random numbers", {}},
      {"merge", "DIR... -o DIR", "join the shards of one sweep", {}},
      {"validate", "SCENARIO...", "check scenario files and report every error", {}},
      {"rules", "SCENARIO [--at DATE] [--csv]", "which products each rule in force restricts", {}},
      {"validate-history", "SCENARIO --runs N [-o DIR]", "compare the model with historical facts", {}},
      {"calibrate", "SCENARIO --targets FILE --params a,b,c", "fit free parameters to historical targets", {}},
      {"mm1", "[--rho R] [--days D] [--seed N]", "the engine's example: an M/M/1 queue against theory", cmd_mm1},
  };
  return all;
}

}  // namespace cmsim::cli
