#include "sim/cli/analysis_command.h"

#include <stdlib.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <system_error>

#include "models/market/market_model.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"

namespace cmsim::cli {

std::vector<analysis::OutcomeSpec> parse_outcomes(const std::vector<std::string>& texts, const scenario::Scenario& s) {
  if (texts.empty()) throw UsageError("--outcome is required (e.g. --outcome nvidia_share_units:2026:mean)");
  std::vector<analysis::OutcomeSpec> out;
  const auto series = manifest_series(s);
  const auto first = engine::Quarter::of(s.start), last = engine::Quarter::of(s.end);
  for (const auto& text : texts) {
    auto spec = analysis::parse_outcome(text, "--outcome");
    bool known = false;
    std::string names;
    for (const auto& row : series) {
      known = known || row.name == spec.metric;
      if (names.size() < 400) names += (names.empty() ? "" : ", ") + row.name;
    }
    if (!known)
      throw engine::InputError("--outcome: \"" + engine::printable_text(text) + "\": no series named \"" +
                               engine::printable_text(spec.metric) + "\" in scenario " + s.name + " (series: " + names +
                               ")");
    if (spec.first < first || spec.last > last)
      throw engine::InputError("--outcome: \"" + engine::printable_text(text) + "\": period " + spec.first.label() +
                               ".." + spec.last.label() + " is outside the scenario's quarters " + first.label() +
                               ".." + last.label());
    for (const auto& o : out)
      if (o.text == spec.text)
        throw engine::InputError("--outcome: \"" + engine::printable_text(text) + "\" given twice");
    out.push_back(std::move(spec));
  }
  return out;
}

double outcome_value(const experiment::RunStore& store, std::size_t slot, const analysis::OutcomeSpec& spec) {
  const auto& h = store.header();
  const auto it = std::find(h.metrics.begin(), h.metrics.end(), spec.metric);
  if (it == h.metrics.end())
    throw engine::InputError("--outcome: \"" + spec.text + "\": the runs recorded no such series");
  const std::size_t m = static_cast<std::size_t>(it - h.metrics.begin());
  const auto values = store.values(slot);
  std::vector<double> series(h.quarters);
  for (std::size_t q = 0; q < h.quarters; ++q) series[q] = values[q * h.metrics.size() + m];
  const double v = analysis::evaluate(spec, series, h.first_quarter, "--outcome");
  if (std::isnan(v))
    throw engine::InputError(
        "--outcome: \"" + spec.text + "\" is undefined (NaN) in run " + std::to_string(store.replications()[slot]) +
        (spec.reduction == analysis::Reduction::FIRST_CROSSING
             ? ": the threshold is never crossed in the period; widen the period or move the threshold"
             : ": the series has no value in part of the period"));
  return v;
}

experiment::Arm design_arm(const std::string& name, const scenario::Scenario& s,
                           std::shared_ptr<const std::vector<double>> points, std::uint64_t group) {
  auto shared = std::make_shared<const scenario::Scenario>(s);
  experiment::Arm arm;
  arm.name = name;
  arm.replicate = [shared, points, group](std::uint64_t r, std::span<const double>) {
    scenario::Scenario copy = *shared;
    const std::size_t k = copy.uncertain.size();
    for (std::size_t i = 0; i < k; ++i)
      copy.uncertain[i].apply(copy, shared->uncertain[i].distribution.quantile((*points)[r * k + i]));
    auto series = market::run_market(copy, r / group).timeseries;
    check_finite(series, "replication " + std::to_string(r));
    return series;
  };
  return arm;
}

TempFolder::TempFolder(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!::mkdtemp(pattern.data()))
    throw std::system_error(errno, std::generic_category(), "cannot create a temporary folder " + pattern);
  path_ = pattern;
}

TempFolder::~TempFolder() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string counterfactual_yaml(const std::string& base, const std::vector<std::string>& removed) {
  std::string y = "extends: \"" + std::filesystem::absolute(base).string() + "\"\nremove_events:\n";
  for (const auto& id : removed) y += "  - \"" + id + "\"\n";
  return y;
}

std::string csv_number(double v) {
  if (std::isnan(v)) return "";
  char buf[32];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, ec == std::errc() ? end : buf);
}

}  // namespace cmsim::cli
