// `cmsim discover RUNS --outcome NAME --where '> 0.2'`: scenario discovery with PRIM. In
// which region of the sampled inputs does the outcome meet the condition? RUNS is a sweep
// folder or a per-run CSV (sim/cli/run_table.h); nothing is simulated. The work is
// discover() and write_discovery() (discovery.h); this parses options.
#include <algorithm>
#include <charconv>
#include <cmath>

#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/discovery.h"
#include "sim/cli/output_location.h"

namespace cmsim::cli {
namespace {

double parse_double(const std::string& option, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    throw UsageError(option + ": expected a number, got \"" + text + "\"");
  return v;
}

}  // namespace

int cmd_discover(const std::vector<std::string>& args) {
  po::options_description opts("discover options");
  std::string source, outcome, where_text, alpha_text = "0.05", mass_text = "0.05", threshold_text = "0.8",
                                           resamples_text = "50", seed_text = "1", max_p_text = "0.05", inputs_text,
                                           method = "prim", depth_text = "3", leaf_text = "10";
  CommonOptions common("output/<RUNS>-discovery");
  opts.add_options()("runs", po::value(&source)->required(), "a sweep folder or a per-run CSV file")(
      "outcome", po::value(&outcome)->required(), "METRIC:PERIOD:REDUCTION (sweep folder) or a column name (CSV)")(
      "where", po::value(&where_text)->required(), "the cases of interest, e.g. '> 0.2'")(
      "method", po::value(&method), "prim (default) or cart (a classification tree)")(
      "max-depth", po::value(&depth_text), "cart: deepest split (default 3)")(
      "min-leaf", po::value(&leaf_text), "cart: fewest runs in a leaf (default 10)")(
      "inputs", po::value(&inputs_text), "the inputs to search, a,b,c (default: every input column)")(
      "alpha", po::value(&alpha_text), "share of the box's points peeled per step (default 0.05)")(
      "min-mass", po::value(&mass_text), "stop peeling below this share of the runs (default 0.05)")(
      "threshold", po::value(&threshold_text),
      "the chosen box: most coverage with at least this density (default 0.8)")(
      "max-p", po::value(&max_p_text), "drop box limits whose quasi p-value exceeds this (default 0.05; 1 keeps all)")(
      "resamples", po::value(&resamples_text), "bootstrap resamples for each input's reproducibility (default 50)")(
      "seed", po::value(&seed_text), "seed of the resampling (default 1)");
  common.add(opts, {Common::OUTPUT, Common::FORCE});
  po::positional_options_description pos;
  pos.add("runs", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("discover"), args, opts, pos, vm)) return EXIT_OK;
  DiscoveryRequest rq;
  rq.source = source;
  rq.outcome = outcome;
  rq.where = where_text;
  rq.method = method;
  rq.alpha = parse_double("--alpha", alpha_text);
  rq.min_mass = parse_double("--min-mass", mass_text);
  rq.threshold = parse_double("--threshold", threshold_text);
  rq.max_p = parse_double("--max-p", max_p_text);
  rq.resamples = parse_unsigned("--resamples", resamples_text);
  rq.seed = parse_unsigned("--seed", seed_text);
  rq.max_depth = parse_unsigned("--max-depth", depth_text);
  rq.min_leaf = parse_unsigned("--min-leaf", leaf_text);
  for (std::size_t start = 0; vm.count("inputs") && start <= inputs_text.size();) {
    const std::size_t comma = std::min(inputs_text.find(',', start), inputs_text.size());
    rq.inputs.push_back(inputs_text.substr(start, comma - start));
    start = comma + 1;
  }
  const Discovery d = discover(rq);
  const OutputLocation loc = common.output_location(default_discovery_dir(source), vm);
  check_output_location(loc);
  write_discovery(rq, d, loc, args);
  return EXIT_OK;
}

}  // namespace cmsim::cli
