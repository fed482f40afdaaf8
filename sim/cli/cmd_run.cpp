// `cmsim run SCENARIO`: one replication, written atomically to output/<scenario>/. The
// work is run_replication() (run_workflow.h); this parses options and loads the scenario.
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_workflow.h"

namespace cmsim::cli {

int cmd_run(const std::vector<std::string>& args) {
  po::options_description opts("run options");
  CommonOptions common("output/<scenario name>");
  std::string replication_text;
  common.add(opts, {Common::SCENARIO, Common::OUTPUT, Common::SEED});
  opts.add_options()("replication", po::value(&replication_text)->default_value("0"),
                     "replication number (its random streams)");
  common.add(opts, {Common::SET});
  opts.add_options()("sample", "draw distribution-valued parameters from their distributions instead of using means")(
      "quiet,q", "do not print the summary table");
  common.add(opts, {Common::FORCE, Common::MAX_AGENT_QUARTERS});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("run"), args, opts, pos, vm)) return EXIT_OK;

  RunJob job;
  job.path = common.scenario();
  job.scenario = scenario::load_scenario(job.path, common.overrides(), &job.files);
  scenario::Scenario& s = job.scenario;
  if (const auto seed = common.seed(vm)) s.seed = *seed;
  job.replication = parse_unsigned("--replication", replication_text);
  if (vm.count("sample"))
    apply_design_point(s, s.seed, job.replication);  // `run --sample --replication r` = sweep run r
  check_cost(agent_quarters(s), 1, common.max_agent_quarters(vm));
  job.where = common.output_location("output/" + s.name, vm);
  check_output_location(job.where);  // before running: refuse early
  job.argv = args;
  job.quiet = vm.count("quiet") > 0;
  return run_replication(job);
}

}  // namespace cmsim::cli
