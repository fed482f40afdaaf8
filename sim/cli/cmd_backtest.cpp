// `cmsim backtest SCENARIO --targets FILE --origins 2022Q4,2023Q4,2024Q4`: rolling-origin
// out-of-sample skill. The work is backtest() (backtest_workflow.h); this parses options.
#include <sstream>

#include "sim/cli/backtest_workflow.h"
#include "sim/cli/calibration_fit.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"

namespace cmsim::cli {
namespace {

const char* const DEFAULT_PARAMS = "beta_risk,risk_shock,beta_value,beta_state_domestic,contract_inertia";

/// --origins: increasing quarters, comma-separated (UsageError otherwise).
std::vector<engine::Quarter> parse_origins(const std::string& text) {
  std::vector<engine::Quarter> origins;
  std::istringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const engine::Quarter q = parse_origin("--origins", item);
    if (!origins.empty() && !(q > origins.back()))
      throw UsageError("--origins: expected increasing quarters, got " + item + " after " + origins.back().label());
    origins.push_back(q);
  }
  if (origins.empty() || text.back() == ',')
    throw UsageError("--origins: expected a comma-separated list of quarters such as 2022Q4,2023Q4");
  return origins;
}

}  // namespace

int cmd_backtest(const std::vector<std::string>& args) {
  po::options_description opts("backtest options");
  CommonOptions common("output/<scenario>-backtest");
  BacktestRequest rq;
  rq.origins_text = "2022Q4,2023Q4,2024Q4";
  rq.params = DEFAULT_PARAMS;
  std::string runs_text = "20", evals_text = "40", start_text = "defaults";
  common.add(opts, {Common::SCENARIO, Common::TARGETS});
  opts.add_options()(
      "origins", po::value(&rq.origins_text)->default_value(rq.origins_text),
      "comma-separated forecast origins (quarters): fit on history ending by each, score what ends after")(
      "params", po::value(&rq.params)->default_value(rq.params),
      "comma-separated model parameters to fit at each origin")(
      "start", po::value(&start_text)->default_value(start_text),
      "where each origin's fit starts: defaults (the model's, which no row has seen) or scenario (its values, "
      "which may have been fitted to rows after the origin)");
  common.add(opts, {Common::BOUNDS});
  opts.add_options()("runs", po::value(&runs_text)->default_value("20"),
                     "replications per evaluation of the fit, and of the forward run")(
      "max-evals", po::value(&evals_text)->default_value("40"), "most loss evaluations per origin");
  common.add(opts, {Common::METHOD, Common::THREADS, Common::SEED, Common::OUTPUT, Common::FORCE});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("backtest"), args, opts, pos, vm)) return EXIT_OK;

  rq.scenario_path = common.scenario();
  rq.targets_path = common.targets();
  rq.bounds = common.bounds();
  rq.runs = parse_unsigned("--runs", runs_text, 1, 1'000'000);
  rq.max_evals = parse_unsigned("--max-evals", evals_text, 1, 1'000'000);
  rq.method = parse_method_option(common.method());
  rq.threads = common.threads(vm);
  rq.origins = parse_origins(rq.origins_text);
  if (start_text != "defaults" && start_text != "scenario")
    throw UsageError("--start: expected defaults or scenario, got \"" + start_text + "\"");
  rq.start_from_scenario = start_text == "scenario";
  if (vm.count("seed")) rq.seed = vm["seed"].as<std::string>();
  rq.out_dir = common.output();
  rq.force = common.force(vm);
  rq.argv = args;
  return backtest(rq);
}

}  // namespace cmsim::cli
