// `cmsim experiment FILE.yaml`: levers (scenario files, events removed, values set) x design
// points of the uncertainties x replications in one call, through the sweep runner
// (threads, MPI, checkpoints, resume, shards: the same bytes at any --threads), and
// experiments.csv with one row per run: its lever, point, replication, every input and
// every named outcome. The work is experiment_study() (experiment_study.h); this parses options.
#include <algorithm>

#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/experiment_study.h"

namespace cmsim::cli {

std::optional<ParsedStudy> parse_experiment(const std::vector<std::string>& args_in) {
  std::vector<std::string> args = args_in;  // the file sets the run count; --runs is not asked for
  args.push_back("--runs");
  args.push_back("1");
  po::options_description opts("experiment options");
  std::string path;
  ExperimentOptionText text;
  opts.add_options()("experiment", po::value(&path)->required(), "experiment file (YAML)");
  add_experiment_options(opts, text);
  text.common.add(opts, {Common::NO_FORK});
  po::positional_options_description pos;
  pos.add("experiment", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("experiment"), args, opts, pos, vm)) return std::nullopt;
  if (std::count(args.begin(), args.end(), "--runs") > 1)
    throw UsageError("--runs: the experiment file sets the runs (samples, replications, levers)");
  ExperimentOptions o = validate_experiment_options(text, vm);
  if (!vm["design"].defaulted()) throw UsageError("--design: the experiment file sets the design");
  ExperimentRequest rq;
  rq.path = path;
  rq.sets = o.sets;
  rq.seed = o.seed;
  rq.max_agent_quarters = o.max_agent_quarters;
  rq.fork = text.common.fork(vm);
  return ParsedStudy{experiment_study(rq), o};
}

int cmd_experiment(const std::vector<std::string>& args) {
  const auto parsed = parse_experiment(args);
  return parsed ? run_study(parsed->study, parsed->options, args) : EXIT_OK;
}

}  // namespace cmsim::cli
