// What the exploratory commands (sensitivity, and later attribute, discover) share on top
// of experiment_command.h: --outcome specs checked against a scenario before anything
// runs, outcomes evaluated on stored replications, and an arm that runs the market model
// at design points the command chose (not the sweep's own design).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "sim/analysis/outcome.h"
#include "sim/experiment/run_store.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::cli {

/// Parses each --outcome and checks its metric is a series the scenario records and its
/// period lies inside the scenario's quarters; throws InputError naming --outcome.
std::vector<analysis::OutcomeSpec> parse_outcomes(const std::vector<std::string>& texts, const scenario::Scenario& s);

/// The outcome of the replication in `slot`; throws InputError naming the outcome and the
/// replication when it is NaN (a series unset in the period, a threshold never crossed).
double outcome_value(const experiment::RunStore& store, std::size_t slot, const analysis::OutcomeSpec& spec);

/// An arm without sweep parameters whose replication r sets every uncertain parameter k of
/// the scenario to its quantile at points[r K + k] and runs the market with replication
/// index r / group: runs of one group share their random streams (common random numbers),
/// so differences inside a group come from the parameters alone.
experiment::Arm design_arm(const std::string& name, const scenario::Scenario& s,
                           std::shared_ptr<const std::vector<double>> points, std::uint64_t group);

/// CSV text of a double: shortest round-trip form, "" for NaN.
std::string csv_number(double v);

/// A new private folder under the system's temporary directory (mkdtemp), removed with its
/// contents when the object is destroyed. Each one is unique, so two commands running at
/// once in one process (the Python API) never share one.
class TempFolder {
 public:
  explicit TempFolder(const std::string& prefix);
  ~TempFolder();
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// A scenario file that extends `base` and removes `removed`: the loader composes it as it
/// would a user's counterfactual file (the removed events take with them what requires them).
std::string counterfactual_yaml(const std::string& base, const std::vector<std::string>& removed);

}  // namespace cmsim::cli
