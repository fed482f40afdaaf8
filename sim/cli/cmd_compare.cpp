// `cmsim compare BASE ALT --runs N`: both scenarios on the same replications and parameter
// draws (common random numbers), with the paired difference and its interval. The work is
// compare() (compare_workflow.h); this parses options.
#include "sim/cli/cli.h"
#include "sim/cli/compare_workflow.h"
#include "sim/cli/experiment_command.h"

namespace cmsim::cli {

int cmd_compare(const std::vector<std::string>& args) {
  po::options_description opts("compare options");
  std::string period_text = "all";
  CompareRequest rq;
  ExperimentOptionText text;
  opts.add_options()("base", po::value(&rq.base_path)->required(), "baseline scenario file")(
      "alt", po::value(&rq.alt_path)->required(), "alternative (counterfactual) scenario file")(
      "summary-period", po::value(&period_text)->default_value("all"),
      "period of the printed summary: a year (2026), a range (2025-2027) or all (the whole horizon)");
  add_experiment_options(opts, text);
  text.common.add(opts, {Common::NO_FORK});
  po::positional_options_description pos;
  pos.add("base", 1).add("alt", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("compare"), args, opts, pos, vm)) return EXIT_OK;
  rq.options = validate_experiment_options(text, vm);
  rq.period = parse_summary_period(period_text);
  rq.fork = text.common.fork(vm);
  rq.argv = args;
  return compare(std::move(rq));
}

}  // namespace cmsim::cli
