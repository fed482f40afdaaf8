#include "sim/cli/common_options.h"

#include <algorithm>
#include <thread>
#include <utility>

#include "sim/cli/inspect_table.h"

namespace cmsim::cli {

CommonOptions::CommonOptions(std::string output_default) : output_default_(std::move(output_default)) {}

// One help text per option: every command that takes it shows the same words.
void CommonOptions::add(po::options_description& opts, std::initializer_list<Common> which) {
  auto o = opts.add_options();
  for (const Common c : which) switch (c) {
      case Common::SCENARIO:
        o("scenario", po::value(&scenario_)->required(), "scenario file (YAML)");
        break;
      case Common::SEED:
        o("seed", po::value(&seed_), "master seed (default: the scenario's seed)");
        break;
      case Common::SET:
        o("set", po::value(&sets_)->composing(),
          "override a scenario value: --set parameters.beta_risk=3.5 (repeatable)");
        break;
      case Common::THREADS:
        o("threads", po::value(&threads_), "worker threads (default: the number of hardware threads)");
        break;
      case Common::OUTPUT:
        o("output,o", po::value(&output_),
          ("output directory (default: " + output_default_ + ", where an earlier cmsim result is replaced)").c_str());
        break;
      case Common::FORCE:
        o("force", "replace an earlier cmsim result at the -o location (never a folder or file cmsim did not write)");
        break;
      case Common::MAX_AGENT_QUARTERS:
        o("max-agent-quarters", po::value(&max_agent_quarters_),
          ("refuse to start when agents x quarters x replications exceeds N (default " +
           std::to_string(DEFAULT_MAX_AGENT_QUARTERS) + ", about 20 minutes of one core)")
              .c_str());
        break;
      case Common::NO_FORK:
        o("no-fork",
          "run every scenario from the start instead of forking the history runs share (same output; "
          "for timing or to rule forking out)");
        break;
      case Common::TARGETS:
        o("targets", po::value(&targets_)->required(), "targets file (e.g. scenarios/targets/history.yaml)");
        break;
      case Common::BOUNDS:
        o("bounds", po::value(&bounds_)->composing(),
          "search interval of a parameter, name=lo:hi (default: the parameter's range; repeatable)");
        break;
      case Common::METHOD:
        o("method", po::value(&method_)->default_value("bobyqa"), "optimiser: bobyqa, sbplx or neldermead (NLopt)");
        break;
    }
}

std::vector<scenario::Override> CommonOptions::overrides() const { return parse_overrides(sets_); }

std::optional<std::uint64_t> CommonOptions::seed(const po::variables_map& vm) const {
  if (!vm.count("seed")) return std::nullopt;
  return parse_unsigned("--seed", seed_);
}

unsigned CommonOptions::threads(const po::variables_map& vm) const {
  if (vm.count("threads")) return static_cast<unsigned>(parse_unsigned("--threads", threads_, 1, 1024));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::uint64_t CommonOptions::max_agent_quarters(const po::variables_map& vm) const {
  return vm.count("max-agent-quarters") ? parse_unsigned("--max-agent-quarters", max_agent_quarters_, 1)
                                        : DEFAULT_MAX_AGENT_QUARTERS;
}

OutputLocation CommonOptions::output_location(const std::string& default_path, const po::variables_map& vm) const {
  return cli::output_location(output_, default_path, force(vm));
}

}  // namespace cmsim::cli
