// The options several commands take, declared once with one help text each (the table in
// common_options.cpp). A command opts into the ones it takes, in the order its --help lists
// them, then reads their checked values; its own options stay in its cmd_*.cpp.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/output_location.h"

namespace cmsim::cli {

enum class Common {
  SCENARIO,            ///< the positional scenario file (required)
  SEED,                ///< --seed N: the master seed (default: the scenario's)
  SET,                 ///< --set key=value, repeatable
  THREADS,             ///< --threads T (default: the hardware threads)
  OUTPUT,              ///< -o DIR (the default named in the constructor)
  FORCE,               ///< --force: replace an earlier cmsim result at -o
  MAX_AGENT_QUARTERS,  ///< --max-agent-quarters N: the cost ceiling
  NO_FORK,             ///< --no-fork: run every scenario from the start
  TARGETS,             ///< --targets FILE (required)
  BOUNDS,              ///< --bounds name=lo:hi, repeatable
  METHOD,              ///< --method: the NLopt optimiser
};

/// Default ceiling of a command's predicted cost in agent-quarters (buyer and developer
/// agents × quarters × replications × arms); --max-agent-quarters raises it.
inline constexpr std::uint64_t DEFAULT_MAX_AGENT_QUARTERS = 1'000'000'000;

/// The common options as typed (bound to program_options, so the object must outlive the
/// parse and stay where it is) and their values once parsed.
class CommonOptions {
 public:
  /// `output_default` names -o's default in its help ("output/<scenario>-history").
  explicit CommonOptions(std::string output_default = "output/<name>...");
  CommonOptions(const CommonOptions&) = delete;
  CommonOptions& operator=(const CommonOptions&) = delete;

  /// Adds the options `which` to `opts`, in that order.
  void add(po::options_description& opts, std::initializer_list<Common> which);

  const std::string& scenario() const { return scenario_; }
  const std::string& targets() const { return targets_; }
  const std::string& method() const { return method_; }
  const std::vector<std::string>& bounds() const { return bounds_; }
  const std::vector<std::string>& sets() const { return sets_; }
  /// -o as given ("" when absent).
  const std::string& output() const { return output_; }
  /// The --set texts parsed (InputError when one is malformed).
  std::vector<scenario::Override> overrides() const;
  /// --seed, checked (UsageError); empty when not given.
  std::optional<std::uint64_t> seed(const po::variables_map& vm) const;
  /// --threads in 1..1024, checked; the hardware threads when not given.
  unsigned threads(const po::variables_map& vm) const;
  bool force(const po::variables_map& vm) const { return vm.count("force") > 0; }
  bool fork(const po::variables_map& vm) const { return vm.count("no-fork") == 0; }
  /// --max-agent-quarters, checked; DEFAULT_MAX_AGENT_QUARTERS when not given.
  std::uint64_t max_agent_quarters(const po::variables_map& vm) const;
  /// -o (or `default_path` when absent) with its replacement policy under --force.
  OutputLocation output_location(const std::string& default_path, const po::variables_map& vm) const;

 private:
  std::string output_default_;
  std::string scenario_, seed_, threads_, output_, max_agent_quarters_, targets_, method_ = "bobyqa";
  std::vector<std::string> sets_, bounds_;
};

}  // namespace cmsim::cli
