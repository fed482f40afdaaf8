// `cmsim attribute SCENARIO --events ID,ID|--all --outcome SPEC [--runs N]`: how much of
// an outcome each policy event accounts for, through the sweep runner (threads, MPI,
// checkpoints, resume, shards: the same bytes at any --threads). The work is
// attribution_study() (attribution_study.h); this parses options.
#include <algorithm>

#include "sim/cli/attribution_study.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"

namespace cmsim::cli {

std::optional<ParsedStudy> parse_attribute(const std::vector<std::string>& args_in) {
  // --runs is optional here: 20 replications (exact) or permutations (sampled).
  std::vector<std::string> args = args_in;
  if (std::none_of(args.begin(), args.end(),
                   [](const std::string& a) { return a.rfind("--runs", 0) == 0 && a.rfind("--runs-", 0) != 0; })) {
    args.push_back("--runs");
    args.push_back("20");
  }
  po::options_description opts("attribute options");
  std::string events_text, outcome_text, exact_text = "10";
  ExperimentOptionText text;
  text.common.add(opts, {Common::SCENARIO});
  opts.add_options()("events", po::value(&events_text),
                     "the events to attribute to: ID,ID,... (their ids in the scenario)")(
      "all", "every event of the scenario")("outcome", po::value(&outcome_text)->required(),
                                            "METRIC:PERIOD:REDUCTION, e.g. domestic_share_units:2026:mean")(
      "exact-max", po::value(&exact_text), "exact Shapley values up to this many events (default 10, at most 16)");
  add_experiment_options(opts, text);
  text.common.add(opts, {Common::NO_FORK});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("attribute"), args, opts, pos, vm)) return std::nullopt;
  ExperimentOptions o = validate_experiment_options(text, vm);
  if (vm.count("events") == vm.count("all")) throw UsageError("give either --events ID,ID,... or --all");
  if (!vm["design"].defaulted()) throw UsageError("--design: attribution draws parameters with the random design");
  AttributionRequest rq;
  rq.path = text.common.scenario();
  rq.all = vm.count("all") > 0;
  for (std::size_t start = 0; vm.count("events") && start <= events_text.size();) {
    const std::size_t comma = std::min(events_text.find(',', start), events_text.size());
    rq.events.push_back(events_text.substr(start, comma - start));
    start = comma + 1;
  }
  rq.outcome = outcome_text;
  rq.exact_max = parse_unsigned("--exact-max", exact_text);
  rq.samples = o.runs;
  rq.sets = o.sets;
  rq.seed = o.seed;
  rq.max_agent_quarters = o.max_agent_quarters;
  rq.fork = text.common.fork(vm);
  return ParsedStudy{attribution_study(rq), o};
}

int cmd_attribute(const std::vector<std::string>& args) {
  const auto parsed = parse_attribute(args);
  return parsed ? run_study(parsed->study, parsed->options, args) : EXIT_OK;
}

}  // namespace cmsim::cli
