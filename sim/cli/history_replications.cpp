#include "sim/cli/history_replications.h"

#include <fmt/format.h>

#include <cmath>
#include <memory>

#include "models/calibration/target_evaluation.h"
#include "models/market/market_model.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::cli {

TargetReplications run_target_replications(const scenario::Scenario& s, const calibration::TargetSet& targets,
                                           std::span<const FixedParameter> fixed, std::uint64_t runs, unsigned threads,
                                           std::uint64_t seed, experiment::ProgressMode progress,
                                           const std::string& label) {
  auto shared = std::make_shared<const scenario::Scenario>(s);
  auto shared_targets = std::make_shared<const calibration::TargetSet>(targets);
  const std::vector<FixedParameter> fixed_copy(fixed.begin(), fixed.end());
  // Every uncertain parameter keeps its design dimension, fixed or not, so the others get
  // the same draws as in `cmsim sweep` and as at any other fixed value.
  std::vector<bool> skip(s.uncertain.size(), false);
  for (std::size_t k = 0; k < s.uncertain.size(); ++k)
    for (const auto& f : fixed_copy)
      if (s.uncertain[k].path.starts_with("parameters.") && s.uncertain[k].path.substr(11) == f.spec->name)
        skip[k] = true;

  std::vector<experiment::Parameter> parameters;
  for (const auto& u : s.uncertain) parameters.push_back(experiment::from_distribution(u.key, u.distribution));
  auto replicate = [shared, shared_targets, fixed_copy, skip](std::uint64_t r, std::span<const double> values) {
    scenario::Scenario copy = *shared;
    for (std::size_t k = 0; k < values.size(); ++k)
      if (!skip[k]) copy.uncertain[k].apply(copy, values[k]);
    for (const auto& f : fixed_copy) scenario::set_parameter(copy.parameters, *f.spec, f.value);
    const market::RunResult run = market::run_market(copy, r);
    // One pseudo-quarter holding one series per target, in target order: the runner's
    // store then keeps exactly the values validate-history and the loss need.
    const engine::Quarter q = engine::Quarter::of(copy.start);
    engine::Recorder out(q, q);
    // Series named by index: ids are unique already, but an index can never collide.
    for (std::size_t i = 0; i < shared_targets->targets.size(); ++i) {
      std::string name = std::to_string(i);
      name.insert(0, 1, 't');  // not "t" + ...: GCC 12 warns falsely (-Wrestrict) on that
      out.set(out.declare(name), q, calibration::evaluate_target(shared_targets->targets[i], run));
    }
    return out;
  };

  experiment::SweepOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = threads;
  o.progress = progress;
  o.progress_label = label;
  const auto outcome = experiment::run_sweep(replicate, parameters, o);
  const auto& store = outcome.arms.at(0);

  TargetReplications result;
  result.seconds = outcome.seconds;
  result.values.assign(targets.targets.size(), std::vector<double>(store.replications().size()));
  for (std::size_t slot = 0; slot < store.replications().size(); ++slot) {
    const auto v = store.values(slot);
    for (std::size_t i = 0; i < targets.targets.size(); ++i) result.values[i][slot] = v[i];
  }
  return result;
}

std::string format_target_value(const calibration::Target& t, double v) {
  if (std::isnan(v)) return "n/a";
  using calibration::MetricSource;
  const std::string& k = t.key;
  const bool usd = t.source == MetricSource::PRODUCT_REVENUE || t.source == MetricSource::VENDOR_REVENUE ||
                   (k.size() > 4 && k.compare(k.size() - 4, 4, "_usd") == 0);
  const bool units =
      t.source == MetricSource::PRODUCT_UNITS ||
      (k.size() > 6 && k.compare(k.size() - 6, 6, "_units") == 0 && k.find("share") == std::string::npos);
  if (usd) return fmt::format("${:.2f}B", v / 1e9);
  if (units) return fmt::format("{:.0f}k", v / 1e3);
  if (t.source == MetricSource::VENDOR_REVENUE_SHARE || k.find("share") != std::string::npos)
    return fmt::format("{:.1f}%", 100 * v);
  return fmt::format("{:.4g}", v);
}

}  // namespace cmsim::cli
