#include "sim/cli/backtest_workflow.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>

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
  return std::isnan(naive) ? "n/a" : fmt::format("{:.3g} vs {:.3g}", model, naive);
}

/// What backtest() checked before anything runs.
struct Plan {
  scenario::Scenario scenario;
  std::vector<std::string> files_read;
  std::vector<FreeParameter> free;
  calibration::TargetSet targets;
  std::vector<calibration::TargetSet> training;  ///< per origin: the rows that end by it, in the loss
  OutputLocation where;
};

/// The rows that train at `origin`, each in the loss; UsageError when none trains or none is scored.
calibration::TargetSet training_rows(const BacktestRequest& rq, const calibration::TargetSet& targets,
                                     engine::Quarter origin) {
  calibration::TargetSet training;
  training.path = targets.path;
  std::size_t scored = 0;
  for (const auto& t : targets.targets) {
    scored += calibration::scored_at(t, origin) ? 1 : 0;
    if (!calibration::trains_at(t, origin)) continue;
    training.targets.push_back(t);
    training.targets.back().role = calibration::TargetRole::CALIBRATION;  // in the loss at this origin
  }
  if (training.targets.empty())
    throw UsageError("--origins " + origin.label() + ": no history row of " + rq.targets_path +
                     " with weight > 0 ends by then; nothing to fit");
  if (scored == 0)
    throw UsageError("--origins " + origin.label() + ": no history row of " + rq.targets_path +
                     " ends after it; nothing to score");
  return training;
}

Plan check_inputs(const BacktestRequest& rq) {
  if (!fs::exists(rq.scenario_path)) throw UsageError("no such scenario file: " + rq.scenario_path);
  if (!fs::exists(rq.targets_path)) throw UsageError("--targets: no such file: " + rq.targets_path);
  Plan p;
  p.scenario = scenario::load_scenario(rq.scenario_path, {}, &p.files_read);
  if (rq.seed) p.scenario.seed = parse_unsigned("--seed", *rq.seed);
  p.free = parse_free_parameters(rq.params, rq.bounds, p.scenario);
  if (!rq.start_from_scenario)
    for (auto& f : p.free)
      f.start = std::clamp(scenario::get_parameter(scenario::ModelParameters{}, *f.spec), f.bounds.lo, f.bounds.hi);
  p.targets = calibration::load_targets(rq.targets_path);
  calibration::check_targets(p.targets, p.scenario);
  for (const auto origin : rq.origins) p.training.push_back(training_rows(rq, p.targets, origin));
  p.where = output_location(rq.out_dir, "output/" + p.scenario.name + "-backtest", rq.force);
  check_output_location(p.where);  // before running: refuse early
  return p;
}

output::Manifest start_manifest(const BacktestRequest& rq, Plan& p) {
  output::Manifest manifest;
  manifest.command = "backtest";
  manifest.argv = rq.argv;
  manifest.argv.insert(manifest.argv.begin(), "backtest");
  manifest.scenario_paths = {rq.scenario_path};
  manifest.scenario_sha256 = {output::sha256_file(rq.scenario_path)};
  p.files_read.push_back(rq.targets_path);
  manifest.inputs = output::hash_files(p.files_read);
  manifest.seed = p.scenario.seed;
  manifest.runs = rq.runs;
  manifest.threads = rq.threads;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = p.scenario.name;
  manifest.extra["targets_path"] = rq.targets_path;
  manifest.extra["targets_sha256"] = manifest.inputs.back().second;
  manifest.extra["origins"] = rq.origins_text;
  manifest.extra["params"] = rq.params;
  manifest.extra["start"] = rq.start_from_scenario ? "scenario" : "defaults";
  manifest.extra["method"] = experiment::to_string(rq.method);
  manifest.numbers["max_evals"] = static_cast<std::int64_t>(rq.max_evals);
  return manifest;
}

std::string summary_line(const OriginFit& f, const calibration::OriginSummary& sum) {
  return fmt::format(
      "origin {}: {} rows scored (fit on {}, loss {:.3g}); p50 inside band {:.0f}%, cover50 {:.0f}%, "
      "cover90 {:.0f}%; mean scaled interval score model {:.3g} (persistence rows {}: {}; trend rows "
      "{}: {}); mean scaled CRPS model {:.3g} (persistence {}; trend {}); {:.0f} s",
      f.origin.label(), sum.rows, f.training_rows, f.fit.result.value, 100 * sum.inside_rate, 100 * sum.cover50_rate,
      100 * sum.cover90_rate, sum.model_interval_score, sum.persistence_rows,
      ratio_text(sum.model_is_on_persistence, sum.persistence_interval_score), sum.trend_rows,
      ratio_text(sum.model_is_on_trend, sum.trend_interval_score), sum.model_crps,
      ratio_text(sum.model_crps_on_persistence, sum.persistence_crps),
      ratio_text(sum.model_crps_on_trend, sum.trend_crps), f.seconds);
}

/// Fits at origin `o`, runs forward at the fit and scores the rows after it (appended to `rows`).
OriginFit fit_and_score(const BacktestRequest& rq, const Plan& p, std::size_t o, std::vector<BacktestRow>& rows) {
  const engine::Quarter origin = rq.origins[o];
  const auto t0 = std::chrono::steady_clock::now();
  FitSettings settings = FitSettings::of(rq.runs, rq.threads, p.scenario.seed, rq.method, rq.max_evals);
  settings.on_evaluation = [&](std::size_t evaluation, std::span<const double>, double loss, bool best) {
    fmt::print(stderr, "\rbacktest {}: fit eval {}/{} loss {:.4g}{}", origin.label(), evaluation, rq.max_evals, loss,
               best ? " *" : "  ");
    std::fflush(stderr);
  };
  OriginFit f;
  f.origin = origin;
  f.training_rows = p.training[o].targets.size();
  f.fit = fit_parameters(p.scenario, p.training[o], p.free, settings);
  fmt::print(stderr, "\rbacktest {}: fit {} rows, loss {:.4g} after {} evaluations ({}); forward run...\n",
             origin.label(), f.training_rows, f.fit.result.value, f.fit.result.evaluations, f.fit.result.stop_reason);
  // Forward: the same replications at the fitted values, every row evaluated.
  std::vector<FixedParameter> fixed;
  for (std::size_t k = 0; k < p.free.size(); ++k) fixed.push_back({p.free[k].spec, f.fit.result.x[k]});
  const auto reps = run_target_replications(p.scenario, p.targets, fixed, rq.runs, rq.threads, p.scenario.seed,
                                            experiment::ProgressMode::OFF, "backtest");
  std::vector<BacktestRow> here;
  for (std::size_t i = 0; i < p.targets.targets.size(); ++i)
    if (calibration::scored_at(p.targets.targets[i], origin))
      here.push_back(calibration::score_row(p.targets, i, origin, reps.values[i]));
  f.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  fmt::print("{}\n", summary_line(f, calibration::summarise(here)));
  std::fflush(stdout);
  rows.insert(rows.end(), here.begin(), here.end());
  return f;
}

}  // namespace

int backtest(const BacktestRequest& rq) {
  Plan p = check_inputs(rq);
  output::Manifest manifest = start_manifest(rq, p);
  const auto started = std::chrono::steady_clock::now();
  std::vector<BacktestRow> rows;
  std::vector<OriginFit> fits;
  for (std::size_t o = 0; o < rq.origins.size(); ++o) fits.push_back(fit_and_score(rq, p, o, rows));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  manifest.numbers["seconds"] = static_cast<std::int64_t>(std::lround(seconds));

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(p.where.path, p.where.replace, interrupt_requested());
  {
    auto f = dir.open("backtest.csv");
    write_backtest_csv(f, rows);
  }
  {
    auto f = dir.open("fits.csv");
    write_fits_csv(f, fits, p.free);
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  std::cout << "cmsim backtest: " << rows.size() << " scored rows over " << rq.origins.size() << " origin(s) in "
            << std::lround(seconds) << " s written to " << (dir.final_path() / "backtest.csv").string()
            << (dir.replaced() ? " (replacing the earlier result there)" : "")
            << "; chart: /usr/bin/python3 scripts/plot_backtest.py " << dir.final_path().string() << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
