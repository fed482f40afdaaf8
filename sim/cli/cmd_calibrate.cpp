// `cmsim calibrate SCENARIO --targets FILE --params a,b,c`: fits free model parameters by
// minimising the weighted distance of the Monte Carlo medians from the calibration targets'
// bands (models/calibration/calibration_loss.h) with bounded Nelder–Mead, under common
// random numbers, and writes the fit as a scenario that extends the input (docs/calibration.md).
#include <unistd.h>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <sstream>
#include <thread>

#include "models/calibration/calibrated_scenario.h"
#include "models/calibration/calibration_loss.h"
#include "models/calibration/target_band.h"
#include "models/calibration/target_loader.h"
#include "models/scenario/error_list.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/history_replications.h"
#include "sim/cli/output_location.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/experiment/nelder_mead.h"
#include "sim/output/csv_writer.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

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

struct FreeParameter {
  const scenario::ParameterSpec* spec = nullptr;
  experiment::Bounds bounds;
  double start = 0;
};

// --params and --bounds, checked against the parameter table: one clear line per problem.
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

std::string default_output_path(const scenario::Scenario& s) { return "output/" + s.name + "-calibrated.yaml"; }

// How every file calibrate writes begins: what makes a file in the way "cmsim's own".
const std::string SIGNATURE = "# Written by cmsim calibrate";

}  // namespace

int cmd_calibrate(const std::vector<std::string>& args) {
  po::options_description opts("calibrate options");
  std::string path, targets_path, params, runs_text = "20", evals_text = "100", threads_text, seed_text, out_path;
  std::vector<std::string> bounds;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "targets", po::value(&targets_path)->required(), "targets file (e.g. scenarios/targets/history.yaml)")(
      "params", po::value(&params)->required(), "comma-separated model parameters to fit (see cmsim parameters)")(
      "bounds", po::value(&bounds)->composing(),
      "search interval of a parameter, name=lo:hi (default: the parameter's range; repeatable)")(
      "runs", po::value(&runs_text)->default_value("20"), "replications per evaluation (the same ones every time)")(
      "max-evals", po::value(&evals_text)->default_value("100"), "most loss evaluations")(
      "threads", po::value(&threads_text), "worker threads (default: the number of hardware threads)")(
      "seed", po::value(&seed_text), "master seed (default: the scenario's seed)")(
      "output,o", po::value(&out_path),
      "scenario file to write (default: output/<scenario>-calibrated.yaml, where an earlier one is replaced)");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("calibrate"), args, opts, pos, vm)) return EXIT_OK;

  // Everything is checked before the first replication runs, and nothing is written on
  // bad input.
  const std::uint64_t runs = parse_unsigned("--runs", runs_text, 1, 1'000'000);
  const std::uint64_t max_evals = parse_unsigned("--max-evals", evals_text, 1, 1'000'000);
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

  std::string command = "cmsim calibrate";
  for (const auto& a : args) {
    command += ' ';
    command += shell_word(a);
  }

  std::printf(
      "cmsim calibrate: fitting %zu parameter(s) to %zu calibration targets of %s; %llu replications per "
      "evaluation (common random numbers, seed %llu), at most %llu evaluations\n",
      free.size(), fitted_targets, targets_path.c_str(), static_cast<unsigned long long>(runs),
      static_cast<unsigned long long>(s.seed), static_cast<unsigned long long>(max_evals));
  for (const auto& f : free)
    std::printf("  %-28s start %-10s bounds [%s, %s]\n", std::string(f.spec->name).c_str(),
                number_text(f.start).c_str(), number_text(f.bounds.lo).c_str(), number_text(f.bounds.hi).c_str());

  // The objective: Monte Carlo medians at x, then the loss. Each call reruns the same
  // replications with the same draws, so the loss moves only because x moved.
  std::size_t evaluation = 0;
  double best_loss = std::numeric_limits<double>::infinity(), start_loss = best_loss;
  std::vector<double> best_p50, best_x;
  auto objective = [&](std::span<const double> x) {
    std::vector<FixedParameter> fixed;
    for (std::size_t k = 0; k < free.size(); ++k) fixed.push_back({free[k].spec, x[k]});
    const auto reps =
        run_target_replications(s, targets, fixed, runs, threads, s.seed, experiment::ProgressMode::OFF, "calibrate");
    std::vector<double> p50;
    for (std::size_t i = 0; i < targets.targets.size(); ++i)
      p50.push_back(calibration::band_of(targets.targets[i], reps.values[i]).p50);
    const double loss = calibration::calibration_loss(targets, p50);
    ++evaluation;
    if (evaluation == 1) start_loss = loss;
    std::printf("eval %3zu:", evaluation);
    for (std::size_t k = 0; k < free.size(); ++k)
      std::printf(" %s=%.6g", std::string(free[k].spec->name).c_str(), x[k]);
    std::printf("  loss=%.6g%s\n", loss, loss < best_loss ? "  *" : "");
    std::fflush(stdout);
    if (loss < best_loss || best_x.empty()) {
      best_loss = loss;
      best_p50 = p50;
      best_x.assign(x.begin(), x.end());
    }
    return loss;
  };

  std::vector<double> x0;
  std::vector<experiment::Bounds> box;
  for (const auto& f : free) {
    x0.push_back(f.start);
    box.push_back(f.bounds);
  }
  experiment::NelderMeadOptions nm;
  nm.max_evaluations = max_evals;
  nm.target_value = 0;  // every band met: the loss cannot go lower
  nm.initial_step = 0.5;
  nm.x_tolerance = 1e-3;  // in logit space: ~0.025% of a bound interval near its middle
  nm.f_tolerance = 1e-9;
  const auto fit = experiment::nelder_mead_bounded(objective, x0, box, nm);
  if (!std::isfinite(best_loss)) {
    std::string which;
    for (std::size_t i = 0; i < targets.targets.size(); ++i)
      if (targets.targets[i].in_loss() && std::isnan(best_p50[i])) which += " " + targets.targets[i].id;
    throw engine::InputError("cmsim calibrate: the model gives no value for calibration target(s)" + which +
                             " at any point tried; nothing written");
  }

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
  std::printf("\nloss %.6g (start %.6g) after %zu evaluations, %s\n", best_loss, start_loss, fit.evaluations,
              fit.stop_reason.c_str());
  for (std::size_t k = 0; k < free.size(); ++k)
    std::printf("  %-28s %s (start %s)\n", std::string(free[k].spec->name).c_str(), number_text(best_x[k]).c_str(),
                number_text(free[k].start).c_str());

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
                      std::to_string(fit.evaluations) + " evaluations (" + fit.stop_reason + "), " +
                      std::to_string(runs) + " replications per evaluation, seed " + std::to_string(s.seed) + ".",
                  "Loss = sum over calibration targets of weight x d^2, d = distance of the Monte Carlo median from",
                  "the band in band widths (docs/calibration.md). Fitted parameters are fixed, not sampled."};
  {
    auto f = file.open();
    f << calibration::to_yaml(out);
    f.close();
  }
  scenario::load_scenario(file.temp_path().string());  // a file that does not load is never published
  file.commit();
  std::cout << "cmsim calibrate: wrote " << out_path << (file.replaced() ? " (replacing the earlier one)" : "")
            << " (check it with: cmsim validate " << out_path << ")\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
