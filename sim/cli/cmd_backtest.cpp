// `cmsim backtest SCENARIO --targets FILE --origins 2022Q4,2023Q4,2024Q4`: rolling-origin
// out-of-sample skill. For each origin T the free parameters are fitted (as calibrate does)
// to the history rows that end by T, the scenario is run forward at the fit, and every
// history row that ends after T is scored against the model's replications and against
// two naive forecasters (models/calibration/backtest.h, docs/calibration.md).
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <thread>

#include "models/calibration/backtest.h"
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
using calibration::BacktestRow;

const char* const DEFAULT_PARAMS = "beta_risk,risk_shock,beta_value,beta_state_domestic";

struct OriginFit {
  engine::Quarter origin;
  std::size_t training_rows = 0;
  FitOutcome fit;
  double seconds = 0;
};

void write_backtest_csv(std::ostream& out, const std::vector<BacktestRow>& rows) {
  output::CsvWriter w(out, {"origin",
                            "row",
                            "metric",
                            "period",
                            "role",
                            "band_low",
                            "band_high",
                            "observed",
                            "scale",
                            "model_n",
                            "model_p05",
                            "model_p25",
                            "model_p50",
                            "model_p75",
                            "model_p95",
                            "inside",
                            "cover50",
                            "cover90",
                            "interval_score",
                            "crps",
                            "naive_persistence",
                            "persistence_from",
                            "persistence_inside",
                            "persistence_interval_score",
                            "persistence_crps",
                            "naive_trend",
                            "trend_from",
                            "trend_inside",
                            "trend_interval_score",
                            "trend_crps"});
  for (const auto& r : rows) {
    const auto& t = *r.target;
    const auto& q = r.model;
    w.field(r.origin.label())
        .field(t.id)
        .field(t.metric)
        .field(t.period.label)
        .field(std::string_view(calibration::to_string(t.role)));
    w.field(t.band_low).field(t.band_high).field(r.observed).field(calibration::target_scale(t));
    w.field(static_cast<std::int64_t>(q.n)).field(q.p05).field(q.p25).field(q.p50).field(q.p75).field(q.p95);
    w.field(r.inside).field(r.cover50).field(r.cover90).field(r.interval_score).field(r.crps);
    w.field(r.naive.persistence).field(r.naive.persistence_from).field(r.persistence_inside);
    w.field(r.persistence_interval_score).field(r.persistence_crps);
    w.field(r.naive.trend).field(r.naive.trend_from).field(r.trend_inside).field(r.trend_interval_score);
    w.field(r.trend_crps).end_row();
  }
}

void write_fits_csv(std::ostream& out, const std::vector<OriginFit>& fits, const std::vector<FreeParameter>& free) {
  output::CsvWriter w(out,
                      {"origin", "training_rows", "parameter", "value", "start", "loss", "evaluations", "stop_reason"});
  for (const auto& f : fits)
    for (std::size_t k = 0; k < free.size(); ++k) {
      w.field(f.origin.label()).field(static_cast<std::int64_t>(f.training_rows)).field(free[k].spec->name);
      w.field(f.fit.result.x[k]).field(free[k].start).field(f.fit.result.value);
      w.field(static_cast<std::int64_t>(f.fit.result.evaluations)).field(f.fit.result.stop_reason).end_row();
    }
}

std::string ratio_text(double model, double naive) {
  char buf[96];
  if (std::isnan(naive)) return "n/a";
  std::snprintf(buf, sizeof buf, "%.3g vs %.3g", model, naive);
  return buf;
}

}  // namespace

int cmd_backtest(const std::vector<std::string>& args) {
  po::options_description opts("backtest options");
  std::string path, targets_path, origins_text = "2022Q4,2023Q4,2024Q4", params = DEFAULT_PARAMS, runs_text = "20",
                                  evals_text = "40", method_text = "bobyqa", threads_text, seed_text, out_dir;
  std::vector<std::string> bounds;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "targets", po::value(&targets_path)->required(), "targets file (e.g. scenarios/targets/history.yaml)")(
      "origins", po::value(&origins_text)->default_value(origins_text),
      "comma-separated forecast origins (quarters): fit on history ending by each, score what ends after")(
      "params", po::value(&params)->default_value(params), "comma-separated model parameters to fit at each origin")(
      "bounds", po::value(&bounds)->composing(), "search interval of a parameter, name=lo:hi (repeatable)")(
      "runs", po::value(&runs_text)->default_value("20"),
      "replications per evaluation of the fit, and of the forward run")(
      "max-evals", po::value(&evals_text)->default_value("40"), "most loss evaluations per origin")(
      "method", po::value(&method_text)->default_value("bobyqa"), "optimiser: bobyqa, sbplx or neldermead")(
      "threads", po::value(&threads_text), "worker threads (default: the number of hardware threads)")(
      "seed", po::value(&seed_text), "master seed (default: the scenario's seed)")(
      "output,o", po::value(&out_dir),
      "output directory (default: output/<scenario>-backtest, where an earlier cmsim result is replaced)");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("backtest"), args, opts, pos, vm)) return EXIT_OK;

  // Every input is checked before anything runs or is written.
  const std::uint64_t runs = parse_unsigned("--runs", runs_text, 1, 1'000'000);
  const std::uint64_t max_evals = parse_unsigned("--max-evals", evals_text, 1, 1'000'000);
  const experiment::Method method = parse_method_option(method_text);
  const unsigned threads = vm.count("threads")
                               ? static_cast<unsigned>(parse_unsigned("--threads", threads_text, 1, 1024))
                               : std::max(1u, std::thread::hardware_concurrency());
  std::vector<engine::Quarter> origins;
  {
    std::istringstream in(origins_text);
    std::string item;
    while (std::getline(in, item, ',')) {
      const engine::Quarter q = parse_origin("--origins", item);
      if (!origins.empty() && !(q > origins.back()))
        throw UsageError("--origins: expected increasing quarters, got " + item + " after " + origins.back().label());
      origins.push_back(q);
    }
    if (origins.empty() || origins_text.back() == ',')
      throw UsageError("--origins: expected a comma-separated list of quarters such as 2022Q4,2023Q4");
  }
  if (!fs::exists(path)) throw UsageError("no such scenario file: " + path);
  if (!fs::exists(targets_path)) throw UsageError("--targets: no such file: " + targets_path);
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(path, {}, &files_read);
  if (vm.count("seed")) s.seed = parse_unsigned("--seed", seed_text);
  const auto free = parse_free_parameters(params, bounds, s);
  const calibration::TargetSet targets = calibration::load_targets(targets_path);
  calibration::check_targets(targets, s);
  std::vector<calibration::TargetSet> training(origins.size());
  for (std::size_t o = 0; o < origins.size(); ++o) {
    training[o].path = targets.path;
    std::size_t scored = 0;
    for (const auto& t : targets.targets) {
      scored += calibration::scored_at(t, origins[o]) ? 1 : 0;
      if (!calibration::trains_at(t, origins[o])) continue;
      training[o].targets.push_back(t);
      training[o].targets.back().role = calibration::TargetRole::CALIBRATION;  // in the loss at this origin
    }
    if (training[o].targets.empty())
      throw UsageError("--origins " + origins[o].label() + ": no history row of " + targets_path +
                       " with weight > 0 ends by then; nothing to fit");
    if (scored == 0)
      throw UsageError("--origins " + origins[o].label() + ": no history row of " + targets_path +
                       " ends after it; nothing to score");
  }
  const OutputLocation where = output_location(out_dir, "output/" + s.name + "-backtest", vm.count("force") > 0);
  check_output_location(where);  // before running: refuse early

  output::Manifest manifest;
  manifest.command = "backtest";
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "backtest");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  files_read.push_back(targets_path);
  manifest.inputs = output::hash_files(files_read);
  manifest.seed = s.seed;
  manifest.runs = runs;
  manifest.threads = threads;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["targets_path"] = targets_path;
  manifest.extra["targets_sha256"] = manifest.inputs.back().second;
  manifest.extra["origins"] = origins_text;
  manifest.extra["params"] = params;
  manifest.extra["method"] = experiment::to_string(method);
  manifest.numbers["max_evals"] = static_cast<std::int64_t>(max_evals);

  const auto started = std::chrono::steady_clock::now();
  std::vector<BacktestRow> rows;
  std::vector<OriginFit> fits;
  std::vector<std::string> summaries;
  for (std::size_t o = 0; o < origins.size(); ++o) {
    const engine::Quarter origin = origins[o];
    const auto t0 = std::chrono::steady_clock::now();
    FitSettings settings;
    settings.runs = runs;
    settings.threads = threads;
    settings.seed = s.seed;
    settings.optimiser.method = method;
    settings.optimiser.max_evaluations = max_evals;
    settings.optimiser.target_value = 0;
    settings.on_evaluation = [&](std::size_t evaluation, std::span<const double>, double loss, bool best) {
      std::fprintf(stderr, "\rbacktest %s: fit eval %zu/%llu loss %.4g%s", origin.label().c_str(), evaluation,
                   static_cast<unsigned long long>(max_evals), loss, best ? " *" : "  ");
      std::fflush(stderr);
    };
    OriginFit f;
    f.origin = origin;
    f.training_rows = training[o].targets.size();
    f.fit = fit_parameters(s, training[o], free, settings);
    std::fprintf(stderr, "\rbacktest %s: fit %zu rows, loss %.4g after %zu evaluations (%s); forward run...\n",
                 origin.label().c_str(), f.training_rows, f.fit.result.value, f.fit.result.evaluations,
                 f.fit.result.stop_reason.c_str());
    // Forward: the same replications at the fitted values, every row evaluated.
    std::vector<FixedParameter> fixed;
    for (std::size_t k = 0; k < free.size(); ++k) fixed.push_back({free[k].spec, f.fit.result.x[k]});
    const auto reps =
        run_target_replications(s, targets, fixed, runs, threads, s.seed, experiment::ProgressMode::OFF, "backtest");
    std::vector<BacktestRow> here;
    for (std::size_t i = 0; i < targets.targets.size(); ++i)
      if (calibration::scored_at(targets.targets[i], origin))
        here.push_back(calibration::score_row(targets, i, origin, reps.values[i]));
    f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto sum = calibration::summarise(here);
    char line[512];
    std::snprintf(line, sizeof line,
                  "origin %s: %zu rows scored (fit on %zu, loss %.3g); p50 inside band %.0f%%, cover50 %.0f%%, "
                  "cover90 %.0f%%; mean scaled interval score model %.3g (persistence rows %zu: %s; trend rows "
                  "%zu: %s); mean scaled CRPS model %.3g (persistence %s; trend %s); %.0f s",
                  origin.label().c_str(), sum.rows, f.training_rows, f.fit.result.value, 100 * sum.inside_rate,
                  100 * sum.cover50_rate, 100 * sum.cover90_rate, sum.model_interval_score, sum.persistence_rows,
                  ratio_text(sum.model_is_on_persistence, sum.persistence_interval_score).c_str(), sum.trend_rows,
                  ratio_text(sum.model_is_on_trend, sum.trend_interval_score).c_str(), sum.model_crps,
                  ratio_text(sum.model_crps_on_persistence, sum.persistence_crps).c_str(),
                  ratio_text(sum.model_crps_on_trend, sum.trend_crps).c_str(), f.seconds);
    summaries.emplace_back(line);
    std::printf("%s\n", line);
    std::fflush(stdout);
    rows.insert(rows.end(), here.begin(), here.end());
    fits.push_back(std::move(f));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  manifest.numbers["seconds"] = static_cast<std::int64_t>(std::lround(seconds));

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(where.path, where.replace, interrupt_requested());
  {
    auto f = dir.open("backtest.csv");
    write_backtest_csv(f, rows);
  }
  {
    auto f = dir.open("fits.csv");
    write_fits_csv(f, fits, free);
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  std::cout << "cmsim backtest: " << rows.size() << " scored rows over " << origins.size() << " origin(s) in "
            << std::lround(seconds) << " s written to " << (dir.final_path() / "backtest.csv").string()
            << (dir.replaced() ? " (replacing the earlier result there)" : "")
            << "; chart: /usr/bin/python3 scripts/plot_backtest.py " << dir.final_path().string() << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
