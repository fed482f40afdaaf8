// What the Python module does, in plain C++ (no pybind11 here: module.cpp alone includes
// it). Each entry point produces the same bytes the CLI writes for the same inputs, as a
// map from file name ("timeseries.csv", "base/summary.csv", ...) to its CSV text; the
// Python package parses that text with scripts/cmsim_io.py's loader, so a DataFrame from
// the API equals the one cmsim_io loads from the CLI's output directory.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "models/scenario/scenario.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/attribution_study.h"
#include "sim/cli/discovery.h"
#include "sim/cli/experiment_study.h"
#include "sim/cli/sensitivity_study.h"

namespace cmsim::workbench {

/// A composed scenario and what it was composed from.
struct LoadedScenario {
  std::string path;
  std::vector<scenario::Override> overrides;  ///< the `set=` values, as `--set` would give them
  std::vector<std::string> files;             ///< the `extends:` chain, `path` first
  scenario::Scenario scenario;
};

using Tables = std::map<std::string, std::string>;

/// Loads like `cmsim run PATH --set K=V ...`; throws engine::InputError on bad input.
LoadedScenario load(const std::string& path, const std::vector<scenario::Override>& overrides);

/// Re-reads the files and checks them as `cmsim validate` does; returns its "OK (...)" text.
std::string validate(const LoadedScenario& s);

/// `cmsim run`: timeseries.csv, products.csv, ecosystems.csv, events.csv.
Tables run(const LoadedScenario& s, std::uint64_t replication, std::optional<std::uint64_t> seed, bool sample);

struct ExperimentSettings {
  std::uint64_t runs = 1;
  unsigned threads = 0;  ///< 0: the number of hardware threads
  std::string design = "random";
  std::optional<std::uint64_t> seed;
  /// Polled before each replication starts (from the worker threads); true stops the call:
  /// replications running finish, no new one starts, and the call throws Interrupted.
  std::function<bool()> stop_requested;
};

/// A call stopped by ExperimentSettings::stop_requested (the module raises KeyboardInterrupt).
struct Interrupted : std::runtime_error {
  Interrupted() : std::runtime_error("cmsim: interrupted") {}
};

/// `cmsim sweep`: summary.csv, params.csv, runs.csv.
Tables sweep(const LoadedScenario& s, const ExperimentSettings& settings);
/// `cmsim compare`: compare.csv and base/ and alt/ with the files of a sweep.
Tables compare(const LoadedScenario& base, const LoadedScenario& alt, const ExperimentSettings& settings);

// The exploratory commands: the study the CLI runs (sim/cli/study.h), run in memory on
// `settings.threads` threads (its runs, seed and design are the request's; settings.runs,
// design and seed are not used). Each returns the study's tables.

/// `cmsim experiment`: experiments.csv.
Tables experiment(const cli::ExperimentRequest& request, const ExperimentSettings& settings);
/// `cmsim sensitivity`: sensitivity.csv, sensitivity_design.csv.
Tables sensitivity(const cli::SensitivityRequest& request, const ExperimentSettings& settings);
/// `cmsim attribute`: attribution.csv.
Tables attribute(const cli::AttributionRequest& request, const ExperimentSettings& settings);
/// `cmsim discover` (nothing simulated): discovery.csv, discovery_box.csv.
Tables discover(const cli::DiscoveryRequest& request);

/// The effective model parameters, in documentation order: {name, value}.
std::vector<std::pair<std::string, double>> parameters(const LoadedScenario& s);

}  // namespace cmsim::workbench
