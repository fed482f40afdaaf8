// `cmsim calibrate SCENARIO --targets FILE --params a,b,c`: fits free model parameters to
// historical targets and writes the fit as a scenario that extends the input. The work is
// calibrate() (calibration_workflow.h); this parses options.
#include "sim/cli/calibration_fit.h"
#include "sim/cli/calibration_workflow.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"

namespace cmsim::cli {

int cmd_calibrate(const std::vector<std::string>& args) {
  po::options_description opts("calibrate options");
  CommonOptions common;
  CalibrationRequest rq;
  std::string runs_text = "20", evals_text = "100", origin_text = "2024Q4", starts_text = "1";
  bool no_identifiability = false;
  common.add(opts, {Common::SCENARIO, Common::TARGETS});
  opts.add_options()("params", po::value(&rq.params)->required(),
                     "comma-separated model parameters to fit (see cmsim parameters)");
  common.add(opts, {Common::BOUNDS});
  opts.add_options()("origin", po::value(&origin_text)->default_value("2024Q4"),
                     "calibration origin: every calibration row must end on or before this quarter");
  common.add(opts, {Common::METHOD});
  opts.add_options()("starts", po::value(&starts_text)->default_value("1"),
                     "starts: 1 = from the scenario's values; K adds K-1 starts from a Sobol sequence over the bounds")(
      "runs", po::value(&runs_text)->default_value("20"), "replications per evaluation (the same ones every time)")(
      "max-evals", po::value(&evals_text)->default_value("100"), "most loss evaluations per start")(
      "no-identifiability", po::bool_switch(&no_identifiability),
      "skip the loss profiles and the Hessian at the optimum");
  common.add(opts, {Common::THREADS, Common::SEED});
  opts.add_options()("output,o", po::value(&rq.out_path),
                     "scenario file to write (default: output/<scenario>-calibrated.yaml, where an earlier one is "
                     "replaced); the identifiability table goes beside it as <name>.identifiability.csv");
  common.add(opts, {Common::FORCE});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("calibrate"), args, opts, pos, vm)) return EXIT_OK;

  rq.scenario_path = common.scenario();
  rq.targets_path = common.targets();
  rq.bounds = common.bounds();
  rq.runs = parse_unsigned("--runs", runs_text, 1, 1'000'000);
  rq.max_evals = parse_unsigned("--max-evals", evals_text, 1, 1'000'000);
  rq.starts = parse_unsigned("--starts", starts_text, 1, 1000);
  rq.method = parse_method_option(common.method());
  rq.origin = parse_origin("--origin", origin_text);
  rq.threads = common.threads(vm);
  if (vm.count("seed")) rq.seed = vm["seed"].as<std::string>();
  rq.identifiability = !no_identifiability;
  rq.force = common.force(vm);
  rq.command = "cmsim calibrate";
  for (const auto& a : args) rq.command += ' ' + shell_word(a);
  return calibrate(rq);
}

}  // namespace cmsim::cli
