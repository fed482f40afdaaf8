#include "sim/cli/calibration_workflow.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "models/calibration/calibrated_scenario.h"
#include "models/calibration/calibration_loss.h"
#include "models/calibration/target_loader.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/calibration_fit.h"
#include "sim/cli/cli.h"
#include "sim/cli/history_replications.h"
#include "sim/cli/output_location.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/output/csv_writer.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

std::string number_text(double x) { return output::format_number(x); }

// How every file calibrate writes begins: what makes a file in the way "cmsim's own".
const std::string SIGNATURE = "# Written by cmsim calibrate";

// The identifiability file beside the calibrated scenario: "x.yaml" -> "x.identifiability.csv".
std::string identifiability_path(const std::string& out_path) {
  fs::path p(out_path);
  if (p.extension() == ".yaml" || p.extension() == ".yml") p.replace_extension();
  return p.string() + ".identifiability.csv";
}

void write_identifiability_csv(std::ostream& out, const std::string& about, const std::vector<FreeParameter>& free,
                               const experiment::Identifiability& id, double loss_at_optimum) {
  out << SIGNATURE << ": " << about << "\n";
  output::CsvWriter w(out, {"section", "index", "parameter", "other_parameter", "x", "loss", "delta_loss", "hessian",
                            "eigenvalue", "relative", "loading", "weak", "direction"});
  std::vector<std::string> names;
  for (const auto& f : free) names.emplace_back(f.spec->name);
  const std::string_view none;
  for (const auto& p : id.profile) {
    w.field(std::string_view("profile"))
        .field(static_cast<std::int64_t>(p.step))
        .field(names[p.parameter])
        .field(none)
        .field(p.x);
    w.field(p.value).field(p.value - loss_at_optimum).field(none).field(none).field(none).field(none).field(none);
    w.field(none).end_row();
  }
  for (std::size_t i = 0; i < names.size(); ++i)
    for (std::size_t j = 0; j < names.size(); ++j) {
      w.field(std::string_view("hessian"))
          .field(none)
          .field(names[i])
          .field(names[j])
          .field(id.centre[i])
          .field(none)
          .field(none);
      w.field(id.hessian[i][j]).field(none).field(none).field(none).field(none).field(none).end_row();
    }
  for (std::size_t k = 0; k < id.eigen.size(); ++k) {
    const std::string direction = experiment::describe_direction(id.eigen[k].vector, names);
    for (std::size_t i = 0; i < names.size(); ++i) {
      w.field(std::string_view("eigen"))
          .field(static_cast<std::int64_t>(k))
          .field(names[i])
          .field(none)
          .field(none)
          .field(none);
      w.field(none).field(none).field(id.eigen[k].value).field(id.relative[k]).field(id.eigen[k].vector[i]);
      w.field(static_cast<bool>(id.weak[k])).field(direction).end_row();
    }
  }
}

void print_identifiability(const std::vector<FreeParameter>& free, const experiment::Identifiability& id,
                           double loss_at_optimum) {
  std::vector<std::string> names;
  for (const auto& f : free) names.emplace_back(f.spec->name);
  fmt::print("\nidentifiability at the optimum ({} evaluations; loss profile, then curvature in bound widths)\n",
             id.evaluations);
  for (std::size_t k = 0; k < free.size(); ++k) {
    fmt::print("  profile {:<24}", names[k]);
    for (const auto& p : id.profile)
      if (p.parameter == k) fmt::print(" {:.4g}:{:+.3g}", p.x, p.value - loss_at_optimum);
    fmt::print("\n");
  }
  for (std::size_t k = 0; k < id.eigen.size(); ++k) {
    const std::string direction = experiment::describe_direction(id.eigen[k].vector, names);
    fmt::print("  eigenvalue {:<12.4g} relative {:<10.3g} {}{}\n", id.eigen[k].value, id.relative[k],
               id.weak[k] ? "weak: " : "", direction);
  }
}

/// What calibrate() checked before anything runs.
struct Plan {
  scenario::Scenario scenario;
  std::vector<FreeParameter> free;
  calibration::TargetSet targets;
  std::size_t fitted_targets = 0;
  std::string out_path, id_path;
  output::Replace replace = output::Replace::NEVER;
};

Plan check_inputs(const CalibrationRequest& rq) {
  if (!fs::exists(rq.scenario_path)) throw UsageError("no such scenario file: " + rq.scenario_path);
  if (!fs::exists(rq.targets_path)) throw UsageError("--targets: no such file: " + rq.targets_path);
  Plan p;
  p.scenario = scenario::load_scenario(rq.scenario_path);
  if (rq.seed) p.scenario.seed = parse_unsigned("--seed", *rq.seed);
  p.free = parse_free_parameters(rq.params, rq.bounds, p.scenario);
  p.targets = calibration::load_targets(rq.targets_path);
  calibration::check_targets(p.targets, p.scenario);
  check_calibration_origin(p.targets, rq.origin);
  for (const auto& t : p.targets.targets) p.fitted_targets += t.in_loss() ? 1 : 0;
  if (p.fitted_targets == 0)
    throw UsageError("--targets " + rq.targets_path +
                     ": no target has role calibration and weight > 0; nothing to fit");
  const bool default_path = rq.out_path.empty();
  p.out_path = default_path ? "output/" + p.scenario.name + "-calibrated.yaml" : rq.out_path;
  if (fs::is_directory(p.out_path)) throw UsageError("-o: expected a file name, got the directory " + p.out_path);
  // An explicit -o onto an earlier calibrated file needs --force; a file calibrate did not
  // write is never replaced. Checked now, before the fit runs.
  p.replace = default_path || rq.force ? output::Replace::CMSIM_RESULT : output::Replace::NEVER;
  output::check_output_file(p.out_path, p.replace, SIGNATURE);
  p.id_path = identifiability_path(p.out_path);
  if (rq.identifiability) output::check_output_file(p.id_path, p.replace, SIGNATURE);
  return p;
}

void print_plan(const CalibrationRequest& rq, const Plan& p) {
  fmt::print(
      "cmsim calibrate: fitting {} parameter(s) to {} calibration targets of {} (origin {}); {} replications "
      "per evaluation (common random numbers, seed {}), {}, {} start(s) of at most {} evaluations\n",
      p.free.size(), p.fitted_targets, rq.targets_path, rq.origin.label(), rq.runs, p.scenario.seed,
      experiment::to_string(rq.method), rq.starts, rq.max_evals);
  for (const auto& f : p.free)
    fmt::print("  {:<28} start {:<10} bounds [{}, {}]\n", f.spec->name, number_text(f.start), number_text(f.bounds.lo),
               number_text(f.bounds.hi));
}

// The objective: Monte Carlo medians at x, then the loss. Each call reruns the same
// replications with the same draws, so the loss moves only because x moved.
FitSettings fit_settings(const CalibrationRequest& rq, const Plan& p) {
  FitSettings settings = FitSettings::of(rq.runs, rq.threads, p.scenario.seed, rq.method, rq.max_evals);
  settings.optimiser.starts = rq.starts;
  settings.optimiser.initial_step = 0.1;
  settings.optimiser.x_tolerance = 1e-4;
  settings.optimiser.f_tolerance = 1e-9;
  settings.on_evaluation = [&free = p.free](std::size_t evaluation, std::span<const double> x, double loss, bool best) {
    fmt::print("eval {:3}:", evaluation);
    for (std::size_t k = 0; k < free.size(); ++k) fmt::print(" {}={:.6g}", free[k].spec->name, x[k]);
    fmt::print("  loss={:.6g}{}\n", loss, best ? "  *" : "");
    std::fflush(stdout);
  };
  return settings;
}

// The fit, target by target, then each start and the parameters.
void print_fit(const CalibrationRequest& rq, const Plan& p, const FitOutcome& fit) {
  fmt::print("\n{:<30} {:<14} {:<21} {:>10}  {:<6} {}\n", "calibration target", "period", "band", "model p50", "inside",
             "weight");
  for (std::size_t i = 0; i < p.targets.targets.size(); ++i) {
    const auto& t = p.targets.targets[i];
    if (!t.in_loss()) continue;
    const std::string band = t.band_low == t.band_high
                                 ? format_target_value(t, t.band_low)
                                 : format_target_value(t, t.band_low) + ".." + format_target_value(t, t.band_high);
    const bool inside = calibration::scaled_distance(t, fit.best_p50[i]) == 0;
    fmt::print("{:<30} {:<14} {:<21} {:>10}  {:<6} {}\n", t.id, t.period.label, band,
               format_target_value(t, fit.best_p50[i]), inside ? "yes" : "NO", number_text(t.weight));
  }
  const auto& r = fit.result;
  if (r.starts.size() > 1)
    for (std::size_t i = 0; i < r.starts.size(); ++i)
      fmt::print("start {}: loss {:.6g} after {} evaluations ({}){}\n", i + 1, r.starts[i].value,
                 r.starts[i].evaluations, r.starts[i].stop_reason, i == r.best_start ? "  best" : "");
  fmt::print("\nloss {:.6g} (start {:.6g}) after {} evaluations, {}: stopped by {}\n", r.value, fit.start_loss,
             r.evaluations, experiment::to_string(rq.method), r.stop_reason);
  for (std::size_t k = 0; k < p.free.size(); ++k)
    fmt::print("  {:<28} {} (start {})\n", p.free[k].spec->name, number_text(r.x[k]), number_text(p.free[k].start));
}

// Identifiability at the optimum: the same loss (same replications), other points.
experiment::Identifiability identifiability(const Plan& p, const FitSettings& settings, const FitOutcome& fit) {
  const CalibrationLoss loss(p.scenario, p.targets, p.free, settings);
  std::vector<experiment::Bounds> box;
  for (const auto& f : p.free) box.push_back(f.bounds);
  auto id = experiment::analyse_identifiability([&](std::span<const double> x) { return loss(x); }, fit.result.x, box);
  print_identifiability(p.free, id, fit.result.value);
  return id;
}

calibration::CalibratedScenario calibrated_scenario(const CalibrationRequest& rq, const Plan& p,
                                                    const FitOutcome& fit) {
  const auto& r = fit.result;
  calibration::CalibratedScenario out;
  out.name = p.scenario.name + "-calibrated";
  out.description =
      p.scenario.name + " with " + rq.params + " fitted to " + rq.targets_path + " (loss " + number_text(r.value) + ")";
  out.extends = fs::weakly_canonical(fs::absolute(rq.scenario_path))
                    .lexically_relative(fs::weakly_canonical(fs::absolute(p.out_path).parent_path()))
                    .generic_string();
  for (std::size_t k = 0; k < p.free.size(); ++k)
    out.parameters.emplace_back(std::string(p.free[k].spec->name), r.x[k]);
  out.comments = {"Written by cmsim calibrate on " + output::utc_now() + ". Reproduce with:", "  " + rq.command,
                  "Loss " + number_text(r.value) + " (start " + number_text(fit.start_loss) + "), " +
                      std::to_string(r.evaluations) + " evaluations (" + experiment::to_string(rq.method) + ", " +
                      std::to_string(rq.starts) + " start(s), stopped by " + r.stop_reason + "), " +
                      std::to_string(rq.runs) + " replications per evaluation, seed " +
                      std::to_string(p.scenario.seed) + ", origin " + rq.origin.label() + ".",
                  "Loss = sum over calibration targets of weight x d^2, d = distance of the Monte Carlo median from",
                  "the band in band widths (docs/calibration.md). Fitted parameters are fixed, not sampled."};
  return out;
}

// The override scenario, written beside its final name and renamed into place once it
// has loaded cleanly, so a bad or half-written file never appears.
void write_results(const CalibrationRequest& rq, const Plan& p, const FitOutcome& fit,
                   const experiment::Identifiability& id) {
  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::AtomicFile file(p.out_path, p.replace, SIGNATURE, interrupt_requested());
  {
    auto f = file.open();
    f << calibration::to_yaml(calibrated_scenario(rq, p, fit));
    f.close();
  }
  scenario::load_scenario(file.temp_path().string());  // a file that does not load is never published
  std::optional<output::AtomicFile> id_file;
  if (rq.identifiability) {
    id_file.emplace(p.id_path, p.replace, SIGNATURE, interrupt_requested());
    auto f = id_file->open();
    write_identifiability_csv(f, "identifiability at the optimum of " + p.out_path, p.free, id, fit.result.value);
    f.close();
  }
  file.commit();
  if (id_file) id_file->commit();
  std::cout << "cmsim calibrate: wrote " << p.out_path << (file.replaced() ? " (replacing the earlier one)" : "")
            << (id_file ? " and " + p.id_path : std::string()) << " (check it with: cmsim validate " << p.out_path
            << ")\n";
}

}  // namespace

std::string shell_word(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/:=+@%") ==
                        std::string::npos)
    return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

int calibrate(const CalibrationRequest& rq) {
  const Plan p = check_inputs(rq);
  print_plan(rq, p);
  const FitSettings settings = fit_settings(rq, p);
  const FitOutcome fit = fit_parameters(p.scenario, p.targets, p.free, settings);
  print_fit(rq, p, fit);
  experiment::Identifiability id;
  if (rq.identifiability) id = identifiability(p, settings, fit);
  write_results(rq, p, fit, id);
  return EXIT_OK;
}

}  // namespace cmsim::cli
