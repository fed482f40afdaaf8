// `cmsim validate-history SCENARIO --runs N`: the model against historical facts. The work
// is validate_history() (history_validation.h); this parses options.
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/history_validation.h"

namespace cmsim::cli {

int cmd_validate_history(const std::vector<std::string>& args) {
  po::options_description opts("validate-history options");
  CommonOptions common("output/<scenario>-history");
  HistoryRequest rq;
  std::string runs_text = "100";
  common.add(opts, {Common::SCENARIO});
  opts.add_options()(
      "targets", po::value(&rq.targets_path),
      "targets file (default: targets/history.yaml beside the scenario, else scenarios/targets/history.yaml)")(
      "runs", po::value(&runs_text)->default_value("100"), "number of replications N");
  common.add(opts, {Common::THREADS, Common::SEED, Common::SET, Common::OUTPUT, Common::FORCE});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("validate-history"), args, opts, pos, vm)) return EXIT_OK;

  // Every input is checked before anything runs or is written.
  rq.scenario_path = common.scenario();
  rq.runs = parse_unsigned("--runs", runs_text, 1, 10'000'000);
  rq.threads = common.threads(vm);
  rq.overrides = common.overrides();
  if (vm.count("seed")) rq.seed = vm["seed"].as<std::string>();
  rq.out_dir = common.output();
  rq.force = common.force(vm);
  rq.argv = args;
  return validate_history(rq);
}

}  // namespace cmsim::cli
