// `cmsim sweep SCENARIO --runs N`: Monte Carlo over the scenario's uncertain parameters.
// The work is sweep() (sweep_workflow.h); this parses options.
#include <utility>

#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/sweep_workflow.h"

namespace cmsim::cli {

int cmd_sweep(const std::vector<std::string>& args) {
  po::options_description opts("sweep options");
  ExperimentOptionText text;
  text.common.add(opts, {Common::SCENARIO});
  add_experiment_options(opts, text);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("sweep"), args, opts, pos, vm)) return EXIT_OK;
  ExperimentOptions o = validate_experiment_options(text, vm);
  return sweep(text.common.scenario(), std::move(o), args);
}

}  // namespace cmsim::cli
