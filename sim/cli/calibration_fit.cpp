#include "sim/cli/calibration_fit.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "models/calibration/calibration_loss.h"
#include "models/calibration/target_band.h"
#include "models/scenario/error_list.h"
#include "sim/cli/cli.h"
#include "sim/cli/history_replications.h"
#include "sim/engine/input_error.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(text);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

std::string valid_parameter_list() {
  std::string names;
  for (const auto& spec : scenario::parameter_specs())
    if (spec.field) names += (names.empty() ? "" : ", ") + std::string(spec.name);
  return names;
}

double parse_double(const std::string& option, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || !std::isfinite(v))
    throw UsageError(option + ": expected a number, got \"" + text + "\"");
  return v;
}

std::string number_text(double x) { return output::format_number(x); }

}  // namespace

std::vector<FreeParameter> parse_free_parameters(const std::string& params, const std::vector<std::string>& bounds,
                                                 const scenario::Scenario& s) {
  std::vector<FreeParameter> out;
  for (const auto& raw : split(params, ',')) {
    const scenario::ParameterSpec* spec = scenario::find_parameter(raw);
    if (!spec || !spec->field) {
      std::vector<std::string> names;
      for (const auto& p : scenario::parameter_specs())
        if (p.field) names.emplace_back(p.name);
      const std::string near = scenario::closest_name(raw, names);
      throw UsageError("--params: unknown or non-continuous parameter \"" + raw + "\"" +
                       (near.empty() ? "" : " (did you mean \"" + near + "\"?)") +
                       "; expected a comma-separated list of: " + valid_parameter_list());
    }
    for (const auto& f : out)
      if (f.spec == spec) throw UsageError("--params: parameter \"" + raw + "\" is listed twice");
    FreeParameter f;
    f.spec = spec;
    f.bounds = {spec->min, spec->max};
    f.start = scenario::get_parameter(s.parameters, *spec);
    out.push_back(f);
  }
  if (out.empty()) throw UsageError("--params: expected at least one parameter name; valid: " + valid_parameter_list());
  for (const auto& b : bounds) {
    const auto eq = b.find('='), colon = b.find(':', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || colon == std::string::npos)
      throw UsageError("--bounds: expected name=lo:hi (e.g. beta_risk=0:10), got \"" + b + "\"");
    const std::string name = b.substr(0, eq);
    FreeParameter* f = nullptr;
    for (auto& p : out)
      if (p.spec->name == name) f = &p;
    if (!f) throw UsageError("--bounds: \"" + name + "\" is not one of the --params being fitted");
    const double lo = parse_double("--bounds " + name + " (lo)", b.substr(eq + 1, colon - eq - 1));
    const double hi = parse_double("--bounds " + name + " (hi)", b.substr(colon + 1));
    if (!(lo < hi) || lo < f->spec->min || hi > f->spec->max)
      throw UsageError("--bounds " + name + ": expected lo < hi within the parameter's range [" +
                       number_text(f->spec->min) + ", " + number_text(f->spec->max) + "], got \"" + b.substr(eq + 1) +
                       "\"");
    f->bounds = {lo, hi};
  }
  for (auto& f : out) f.start = std::clamp(f.start, f.bounds.lo, f.bounds.hi);
  return out;
}

engine::Quarter parse_origin(const std::string& option, const std::string& text) {
  const auto q = engine::Quarter::parse(text);
  if (!q) throw UsageError(option + ": expected a quarter such as 2024Q4, got \"" + text + "\"");
  return *q;
}

void check_calibration_origin(const calibration::TargetSet& targets, engine::Quarter origin) {
  std::vector<std::string> problems;
  for (const auto& t : targets.targets)
    if (t.role == calibration::TargetRole::CALIBRATION && t.period.last > origin)
      problems.push_back(t.period_where.text() + ": " + t.key_path + ".period: calibration row \"" + t.id +
                         "\" covers " + t.period.label + ", which ends after the calibration origin " + origin.label() +
                         " (--origin); fitted rows must end on or before it: make it a check row or move the origin");
  if (!problems.empty()) throw engine::InputError(problems);
}

experiment::Method parse_method_option(const std::string& text) {
  const auto m = experiment::parse_method(text);
  if (!m) throw UsageError("--method: expected bobyqa, sbplx or neldermead, got \"" + text + "\"");
  return *m;
}

CalibrationLoss::CalibrationLoss(const scenario::Scenario& s, const calibration::TargetSet& targets,
                                 std::vector<FreeParameter> free, const FitSettings& settings)
    : s_(s), targets_(targets), free_(std::move(free)), settings_(settings) {}

double CalibrationLoss::operator()(std::span<const double> x, std::vector<double>* p50_out) const {
  std::vector<FixedParameter> fixed;
  for (std::size_t k = 0; k < free_.size(); ++k) fixed.push_back({free_[k].spec, x[k]});
  const auto reps = run_target_replications(s_, targets_, fixed, settings_.runs, settings_.threads, settings_.seed,
                                            experiment::ProgressMode::OFF, "calibrate");
  std::vector<double> p50;
  for (std::size_t i = 0; i < targets_.targets.size(); ++i)
    p50.push_back(calibration::band_of(targets_.targets[i], reps.values[i]).p50);
  ++evaluations_;
  if (p50_out) *p50_out = std::move(p50);
  return calibration::calibration_loss(targets_, p50_out ? *p50_out : p50);
}

FitOutcome fit_parameters(const scenario::Scenario& s, const calibration::TargetSet& targets,
                          const std::vector<FreeParameter>& free, const FitSettings& settings) {
  const CalibrationLoss loss(s, targets, free, settings);
  FitOutcome out;
  double best = std::numeric_limits<double>::infinity();
  std::size_t evaluation = 0;
  auto objective = [&](std::span<const double> x) {
    std::vector<double> p50;
    const double value = loss(x, &p50);
    ++evaluation;
    if (evaluation == 1) out.start_loss = value;
    const bool improved = value < best || out.best_p50.empty();
    if (improved) {
      best = value;
      out.best_p50 = std::move(p50);
    }
    if (settings.on_evaluation) settings.on_evaluation(evaluation, x, value, improved);
    return value;
  };
  std::vector<double> x0;
  std::vector<experiment::Bounds> box;
  for (const auto& f : free) {
    x0.push_back(f.start);
    box.push_back(f.bounds);
  }
  out.result = experiment::minimise(objective, x0, box, settings.optimiser);
  if (!std::isfinite(out.result.value)) {
    std::string which;
    for (std::size_t i = 0; i < targets.targets.size(); ++i)
      if (targets.targets[i].in_loss() && std::isnan(out.best_p50[i])) which += " " + targets.targets[i].id;
    throw engine::InputError("the model gives no value for calibration target(s)" + which +
                             " at any point tried; nothing written");
  }
  return out;
}

}  // namespace cmsim::cli
