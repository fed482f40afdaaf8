// The registry of subcommands. A subcommand without a handler is named in --help as
// "not built yet" and exits 3 when called.
#include "sim/cli/cli.h"

namespace cmsim::cli {

const std::vector<Subcommand>& subcommands() {
  static const std::vector<Subcommand> all = {
      {"run", "SCENARIO [-o DIR [--force]] [--seed N] [--set key=value]...", "run one replication of a scenario",
       cmd_run},
      {"sweep",
       "SCENARIO --runs N [--threads T] [--design random|lhs|sobol] [--shard i/n] [--resume] "
       "[--runs-output csv|gz|none] [--seed N] [--set key=value]... [-o DIR [--force]]",
       "Monte Carlo sweep over a scenario's uncertain parameters", cmd_sweep},
      {"compare", "BASE ALT --runs N [same options as sweep] [-o DIR [--force]]",
       "compare two scenarios with common random numbers", cmd_compare},
      {"merge", "DIR... -o DIR [--force] [--runs-output csv|gz|none]",
       "join the shards of a sweep, comparison, experiment, sensitivity or attribution", cmd_merge},
      {"rerun", "MANIFEST|DIR [-o DIR [--force]]",
       "run a manifest's command again and check the files are byte-identical", cmd_rerun},
      {"validate", "SCENARIO...", "check scenario files and report every error", cmd_validate},
      {"rules", "SCENARIO [--at DATE] [--csv]", "which products each rule in force restricts", cmd_rules},
      {"validate-history",
       "SCENARIO [--targets FILE] [--runs N] [--threads T] [--seed N] [--set key=value]... [-o DIR [--force]]",
       "compare the model with historical facts", cmd_validate_history},
      {"calibrate",
       "SCENARIO --targets FILE --params a,b,c [--bounds a=lo:hi]... [--runs N] [--max-evals K] [--threads T] "
       "[--seed N] [-o FILE.yaml [--force]]",
       "fit free parameters to historical targets", cmd_calibrate},
      {"backtest",
       "SCENARIO --targets FILE [--origins 2022Q4,2023Q4,2024Q4] [--params a,b] [--start defaults|scenario] "
       "[--bounds a=lo:hi]... [--runs N] [--max-evals K] [--method M] [--threads T] [--seed N] [-o DIR [--force]]",
       "rolling-origin out-of-sample skill: fit by each origin, score what followed", cmd_backtest},
      {"experiment",
       "FILE.yaml [--threads T] [--resume] [--shard i/n] [--seed N] [--set key=value]... "
       "[--runs-output csv|gz|none] [-o DIR [--force]]",
       "levers x uncertainties x replications from an experiment file -> experiments.csv", cmd_experiment},
      {"sensitivity",
       "SCENARIO|EXPERIMENT.yaml --method morris|sobol --outcome METRIC:PERIOD:REDUCTION... --runs N [--levels P] "
       "[--resamples B] "
       "[--design random|lhs|sobol] [--threads T] [--resume] [--shard i/n] [--seed N] [--set key=value]... "
       "[-o DIR [--force]]",
       "global sensitivity of outcomes to the uncertain parameters (Morris, Sobol)", cmd_sensitivity},
      {"attribute",
       "SCENARIO (--events ID,ID,...|--all) --outcome METRIC:PERIOD:REDUCTION [--runs N] [--exact-max K] "
       "[--threads T] [--resume] [--shard i/n] [--seed N] [--set key=value]... [-o DIR [--force]]",
       "how much of an outcome each policy event accounts for (leave-one-out, Shapley)", cmd_attribute},
      {"discover",
       "RUNS --outcome NAME --where '> X' [--inputs a,b] [--alpha A] [--min-mass M] [--threshold D] [--resamples B] "
       "[--seed N] "
       "[-o DIR [--force]]",
       "scenario discovery (PRIM): where in the sampled inputs the outcome meets a condition", cmd_discover},
      {"parameters", "[SCENARIO [--set key=value]... [--csv]] [--markdown]",
       "the model's parameters: defaults, or a scenario's values and where each came from", cmd_parameters},
      {"events", "SCENARIO [--set key=value]... [--csv]",
       "the policy events a scenario holds, and those its composition removed and why", cmd_events},
      {"products", "SCENARIO [--set key=value]... [--csv]",
       "the products a scenario holds, and those its composition removed and why", cmd_products},
      {"mm1", "[--rho R] [--days D] [--seed N]", "the engine's example: an M/M/1 queue against theory", cmd_mm1},
  };
  return all;
}

}  // namespace cmsim::cli
