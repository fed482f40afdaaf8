// `cmsim sensitivity SCENARIO --method morris|sobol --outcome SPEC --runs N`: global
// sensitivity of outcomes to the scenario's uncertain (distribution-valued) parameters.
// The design's runs go through the sweep runner (threads, MPI, checkpoints, resume,
// shards), so the files are the same bytes at any thread or rank count. The work is
// sensitivity_study() (sensitivity_study.h); this parses options.
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/sensitivity_study.h"

namespace cmsim::cli {

std::optional<ParsedStudy> parse_sensitivity(const std::vector<std::string>& args) {
  po::options_description opts("sensitivity options");
  std::string path, method, levels_text = "4", resamples_text = "200";
  std::vector<std::string> outcome_texts;
  ExperimentOptionText text;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file, or experiment file with uncertainties")(
      "method", po::value(&method)->required(), "morris (elementary effects) or sobol (Saltelli; S1 and ST)")(
      "outcome", po::value(&outcome_texts)->composing(),
      "METRIC:PERIOD:REDUCTION, e.g. nvidia_share_units:2026:mean (repeatable; required)")(
      "levels", po::value(&levels_text), "Morris grid levels p (even, default 4)")(
      "resamples", po::value(&resamples_text), "bootstrap resamples for the intervals (default 200)");
  add_experiment_options(opts, text);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("sensitivity"), args, opts, pos, vm)) return std::nullopt;
  ExperimentOptions o = validate_experiment_options(text, vm);
  SensitivityRequest rq;
  rq.path = path;
  rq.method = method;
  rq.outcomes = outcome_texts;
  rq.runs = o.runs;
  if (vm.count("levels")) rq.levels = parse_unsigned("--levels", levels_text, 2, 1000);
  rq.resamples = parse_unsigned("--resamples", resamples_text, 2, 100000);
  if (!vm["design"].defaulted()) rq.design = o.design;
  rq.sets = o.sets;
  rq.seed = o.seed;
  rq.max_agent_quarters = o.max_agent_quarters;
  return ParsedStudy{sensitivity_study(rq), o};
}

int cmd_sensitivity(const std::vector<std::string>& args) {
  const auto parsed = parse_sensitivity(args);
  return parsed ? run_study(parsed->study, parsed->options, args) : EXIT_OK;
}

}  // namespace cmsim::cli
