// `cmsim calibrate SCENARIO --targets FILE --params a,b,c`: fits free model parameters by
// minimising the weighted distance of the Monte Carlo medians from the calibration targets'
// bands (models/calibration/calibration_loss.h) with a bounded NLopt method, under common
// random numbers, reports the loss's curvature at the optimum (identifiability), and writes
// the fit as a scenario that extends the input (docs/calibration.md).
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <thread>

#include "models/calibration/calibrated_scenario.h"
#include "models/calibration/calibration_loss.h"
#include "models/calibration/target_band.h"
#include "models/calibration/target_loader.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/calibration_fit.h"
#include "sim/cli/cli.h"
#include "sim/cli/history_replications.h"
#include "sim/cli/output_location.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/output/csv_writer.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

// A word of the command line as a shell would need it to reproduce the call.
std::string shell_word(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.,/:=+@%") ==
                        std::string::npos)
    return w;
  std::string out = "'";
  for (char c : w) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string number_text(double x) { return output::format_number(x); }

std::string default_output_path(const scenario::Scenario& s) { return "output/" + s.name + "-calibrated.yaml"; }

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
  std::printf("\nidentifiability at the optimum (%zu evaluations; loss profile, then curvature in bound widths)\n",
              id.evaluations);
  for (std::size_t k = 0; k < free.size(); ++k) {
    std::printf("  profile %-24s", names[k].c_str());
    for (const auto& p : id.profile)
      if (p.parameter == k) std::printf(" %.4g:%+.3g", p.x, p.value - loss_at_optimum);
    std::printf("\n");
  }
  for (std::size_t k = 0; k < id.eigen.size(); ++k) {
    const std::string direction = experiment::describe_direction(id.eigen[k].vector, names);
    std::printf("  eigenvalue %-12.4g relative %-10.3g %s%s\n", id.eigen[k].value, id.relative[k],
                id.weak[k] ? "weak: " : "", direction.c_str());
  }
}

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args) {
  po::options_description opts("calibrate options");
  std::string path, targets_path, params, runs_text = "20", evals_text = "100", threads_text, seed_text, out_path,
                                          origin_text = "2024Q4", method_text = "bobyqa", starts_text = "1";
  std::vector<std::string> bounds;
  bool no_identifiability = false;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "targets", po::value(&targets_path)->required(), "targets file (e.g. scenarios/targets/history.yaml)")(
      "params", po::value(&params)->required(), "comma-separated model parameters to fit (see cmsim parameters)")(
      "bounds", po::value(&bounds)->composing(),
      "search interval of a parameter, name=lo:hi (default: the parameter's range; repeatable)")(
      "origin", po::value(&origin_text)->default_value("2024Q4"),
      "calibration origin: every calibration row must end on or before this quarter")(
      "method", po::value(&method_text)->default_value("bobyqa"), "optimiser: bobyqa, sbplx or neldermead (NLopt)")(
      "starts", po::value(&starts_text)->default_value("1"),
      "starts: 1 = from the scenario's values; K adds K-1 starts from a Sobol sequence over the bounds")(
      "runs", po::value(&runs_text)->default_value("20"), "replications per evaluation (the same ones every time)")(
      "max-evals", po::value(&evals_text)->default_value("100"), "most loss evaluations per start")(
      "no-identifiability", po::bool_switch(&no_identifiability),
      "skip the loss profiles and the Hessian at the optimum")(
      "threads", po::value(&threads_text), "worker threads (default: the number of hardware threads)")(
      "seed", po::value(&seed_text), "master seed (default: the scenario's seed)")(
      "output,o", po::value(&out_path),
      "scenario file to write (default: output/<scenario>-calibrated.yaml, where an earlier one is replaced); "
      "the identifiability table goes beside it as <name>.identifiability.csv");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("calibrate"), args, opts, pos, vm)) return EXIT_OK;

  // Everything is checked before the first replication runs, and nothing is written on
  // bad input.
  const std::uint64_t runs = parse_unsigned("--runs", runs_text, 1, 1'000'000);
  const std::uint64_t max_evals = parse_unsigned("--max-evals", evals_text, 1, 1'000'000);
  const std::uint64_t starts = parse_unsigned("--starts", starts_text, 1, 1000);
  const experiment::Method method = parse_method_option(method_text);
  const engine::Quarter origin = parse_origin("--origin", origin_text);
  const unsigned threads = vm.count("threads")
                               ? static_cast<unsigned>(parse_unsigned("--threads", threads_text, 1, 1024))
                               : std::max(1u, std::thread::hardware_concurrency());
  if (!fs::exists(path)) throw UsageError("no such scenario file: " + path);
  if (!fs::exists(targets_path)) throw UsageError("--targets: no such file: " + targets_path);
  scenario::Scenario s = scenario::load_scenario(path);
  if (vm.count("seed")) s.seed = parse_unsigned("--seed", seed_text);
  const auto free = parse_free_parameters(params, bounds, s);
  const calibration::TargetSet targets = calibration::load_targets(targets_path);
  calibration::check_targets(targets, s);
  check_calibration_origin(targets, origin);
  std::size_t fitted_targets = 0;
  for (const auto& t : targets.targets) fitted_targets += t.in_loss() ? 1 : 0;
  if (fitted_targets == 0)
    throw UsageError("--targets " + targets_path + ": no target has role calibration and weight > 0; nothing to fit");
  const bool default_path = out_path.empty();
  if (default_path) out_path = default_output_path(s);
  if (fs::is_directory(out_path)) throw UsageError("-o: expected a file name, got the directory " + out_path);
  // An explicit -o onto an earlier calibrated file needs --force; a file calibrate did not
  // write is never replaced. Checked now, before the fit runs.
  const output::Replace replace =
      default_path || vm.count("force") ? output::Replace::CMSIM_RESULT : output::Replace::NEVER;
  output::check_output_file(out_path, replace, SIGNATURE);
  const std::string id_path = identifiability_path(out_path);
  if (!no_identifiability) output::check_output_file(id_path, replace, SIGNATURE);

  std::string command = "cmsim calibrate";
  for (const auto& a : args) {
    command += ' ';
    command += shell_word(a);
  }

  std::printf(
      "cmsim calibrate: fitting %zu parameter(s) to %zu calibration targets of %s (origin %s); %llu replications "
      "per evaluation (common random numbers, seed %llu), %s, %llu start(s) of at most %llu evaluations\n",
      free.size(), fitted_targets, targets_path.c_str(), origin.label().c_str(), static_cast<unsigned long long>(runs),
      static_cast<unsigned long long>(s.seed), experiment::to_string(method), static_cast<unsigned long long>(starts),
      static_cast<unsigned long long>(max_evals));
  for (const auto& f : free)
    std::printf("  %-28s start %-10s bounds [%s, %s]\n", std::string(f.spec->name).c_str(),
                number_text(f.start).c_str(), number_text(f.bounds.lo).c_str(), number_text(f.bounds.hi).c_str());

  // The objective: Monte Carlo medians at x, then the loss. Each call reruns the same
  // replications with the same draws, so the loss moves only because x moved.
  FitSettings settings;
  settings.runs = runs;
  settings.threads = threads;
  settings.seed = s.seed;
  settings.optimiser.method = method;
  settings.optimiser.max_evaluations = max_evals;
  settings.optimiser.starts = starts;
  settings.optimiser.target_value = 0;  // every band met: the loss cannot go lower
  settings.optimiser.initial_step = 0.1;
  settings.optimiser.x_tolerance = 1e-4;
  settings.optimiser.f_tolerance = 1e-9;
  settings.on_evaluation = [&](std::size_t evaluation, std::span<const double> x, double loss, bool best) {
    std::printf("eval %3zu:", evaluation);
    for (std::size_t k = 0; k < free.size(); ++k)
      std::printf(" %s=%.6g", std::string(free[k].spec->name).c_str(), x[k]);
    std::printf("  loss=%.6g%s\n", loss, best ? "  *" : "");
    std::fflush(stdout);
  };
  const FitOutcome fit = fit_parameters(s, targets, free, settings);
  const double best_loss = fit.result.value, start_loss = fit.start_loss;
  const std::vector<double>& best_x = fit.result.x;
  const std::vector<double>& best_p50 = fit.best_p50;

  // The fit, target by target.
  std::printf("\n%-30s %-14s %-21s %10s  %-6s %s\n", "calibration target", "period", "band", "model p50", "inside",
              "weight");
  for (std::size_t i = 0; i < targets.targets.size(); ++i) {
    const auto& t = targets.targets[i];
    if (!t.in_loss()) continue;
    const std::string band = t.band_low == t.band_high
                                 ? format_target_value(t, t.band_low)
                                 : format_target_value(t, t.band_low) + ".." + format_target_value(t, t.band_high);
    const bool inside = calibration::scaled_distance(t, best_p50[i]) == 0;
    std::printf("%-30s %-14s %-21s %10s  %-6s %s\n", t.id.c_str(), t.period.label.c_str(), band.c_str(),
                format_target_value(t, best_p50[i]).c_str(), inside ? "yes" : "NO", number_text(t.weight).c_str());
  }
  if (fit.result.starts.size() > 1)
    for (std::size_t i = 0; i < fit.result.starts.size(); ++i) {
      const auto& st = fit.result.starts[i];
      std::printf("start %zu: loss %.6g after %zu evaluations (%s)%s\n", i + 1, st.value, st.evaluations,
                  st.stop_reason.c_str(), i == fit.result.best_start ? "  best" : "");
    }
  const std::string stop = fit.result.stop_reason;
  std::printf("\nloss %.6g (start %.6g) after %zu evaluations, %s: stopped by %s\n", best_loss, start_loss,
              fit.result.evaluations, experiment::to_string(method), stop.c_str());
  for (std::size_t k = 0; k < free.size(); ++k)
    std::printf("  %-28s %s (start %s)\n", std::string(free[k].spec->name).c_str(), number_text(best_x[k]).c_str(),
                number_text(free[k].start).c_str());

  // Identifiability at the optimum: the same loss (same replications), other points.
  experiment::Identifiability id;
  if (!no_identifiability) {
    const CalibrationLoss loss(s, targets, free, settings);
    std::vector<experiment::Bounds> box;
    for (const auto& f : free) box.push_back(f.bounds);
    id = experiment::analyse_identifiability([&](std::span<const double> x) { return loss(x); }, best_x, box);
    print_identifiability(free, id, best_loss);
  }

  // The override scenario, written beside its final name and renamed into place once it
  // has loaded cleanly, so a bad or half-written file never appears.
  const fs::path final_path = fs::absolute(out_path);
  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::AtomicFile file(out_path, replace, SIGNATURE, interrupt_requested());
  calibration::CalibratedScenario out;
  out.name = s.name + "-calibrated";
  out.description =
      s.name + " with " + params + " fitted to " + targets_path + " (loss " + number_text(best_loss) + ")";
  out.extends = fs::weakly_canonical(fs::absolute(path))
                    .lexically_relative(fs::weakly_canonical(final_path.parent_path()))
                    .generic_string();
  for (std::size_t k = 0; k < free.size(); ++k) out.parameters.emplace_back(std::string(free[k].spec->name), best_x[k]);
  out.comments = {"Written by cmsim calibrate on " + output::utc_now() + ". Reproduce with:", "  " + command,
                  "Loss " + number_text(best_loss) + " (start " + number_text(start_loss) + "), " +
                      std::to_string(fit.result.evaluations) + " evaluations (" + experiment::to_string(method) + ", " +
                      std::to_string(starts) + " start(s), stopped by " + stop + "), " + std::to_string(runs) +
                      " replications per evaluation, seed " + std::to_string(s.seed) + ", origin " + origin.label() +
                      ".",
                  "Loss = sum over calibration targets of weight x d^2, d = distance of the Monte Carlo median from",
                  "the band in band widths (docs/calibration.md). Fitted parameters are fixed, not sampled."};
  {
    auto f = file.open();
    f << calibration::to_yaml(out);
    f.close();
  }
  scenario::load_scenario(file.temp_path().string());  // a file that does not load is never published
  std::optional<output::AtomicFile> id_file;
  if (!no_identifiability) {
    id_file.emplace(id_path, replace, SIGNATURE, interrupt_requested());
    auto f = id_file->open();
    write_identifiability_csv(f, "identifiability at the optimum of " + out_path, free, id, best_loss);
    f.close();
  }
  file.commit();
  if (id_file) id_file->commit();
  std::cout << "cmsim calibrate: wrote " << out_path << (file.replaced() ? " (replacing the earlier one)" : "")
            << (id_file ? " and " + id_path : std::string()) << " (check it with: cmsim validate " << out_path << ")\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
