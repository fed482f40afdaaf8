#include "sim/cli/history_validation.h"

#include <fmt/format.h>

#include <filesystem>
#include <iostream>

#include "models/calibration/target_band.h"
#include "models/calibration/target_loader.h"
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

// <scenario dir>/targets/history.yaml, where scenarios/ keeps its targets; else the
// repository layout relative to the working directory.
std::string default_targets_path(const std::string& scenario_path) {
  const fs::path beside = fs::path(scenario_path).parent_path() / "targets" / "history.yaml";
  if (fs::exists(beside)) return beside.string();
  return "scenarios/targets/history.yaml";
}

void write_calibration_csv(std::ostream& out, const std::vector<calibration::TargetBand>& bands) {
  output::CsvWriter w(out,
                      {"fact", "metric", "period", "basis", "target", "band_low", "band_high", "model_p05", "model_p50",
                       "model_p95", "inside_band", "model_p50_low", "model_p50_high", "near_edge", "must", "source"});
  for (const auto& b : bands) {
    const auto& t = *b.target;
    w.field(t.id).field(t.metric).field(t.period.label).field(t.basis);
    if (t.target) {
      w.field(*t.target);
    } else {
      w.field(std::string_view{});
    }
    w.field(t.band_low).field(t.band_high).field(b.p05).field(b.p50).field(b.p95).field(b.inside);
    w.field(b.p50_low).field(b.p50_high).field(b.near_edge).field(t.must);
    w.field(t.source_note);
    w.end_row();
  }
}

void print_table(const std::vector<calibration::TargetBand>& bands) {
  fmt::print("{:<30} {:<14} {:<11} {:<21} {:>9} {:>9} {:>9}  {:<10} {}\n", "fact", "period", "role", "band", "p05",
             "p50", "p95", "inside", "");
  for (const auto& b : bands) {
    const auto& t = *b.target;
    const std::string band = t.band_low == t.band_high
                                 ? format_target_value(t, t.band_low)
                                 : format_target_value(t, t.band_low) + ".." + format_target_value(t, t.band_high);
    // "edge": the median's 95% interval holds a band edge, so the verdict is Monte Carlo noise.
    const char* verdict = b.inside ? (b.near_edge ? "yes (edge)" : "yes") : (b.near_edge ? "NO (edge)" : "NO");
    const char* mark = b.failed ? "FAIL (must)" : t.must && t.role != calibration::TargetRole::FORECAST ? "must" : "";
    fmt::print("{:<30} {:<14} {:<11} {:<21} {:>9} {:>9} {:>9}  {:<10} {}\n", t.id, t.period.label,
               calibration::to_string(t.role), band, format_target_value(t, b.p05), format_target_value(t, b.p50),
               format_target_value(t, b.p95), verdict, mark);
  }
}

output::Manifest start_manifest(const HistoryRequest& rq, const scenario::Scenario& s,
                                std::vector<std::string> files_read, const std::string& targets_path) {
  output::Manifest manifest;
  manifest.command = "validate-history";
  manifest.argv = rq.argv;
  manifest.argv.insert(manifest.argv.begin(), "validate-history");
  manifest.scenario_paths = {rq.scenario_path};
  manifest.scenario_sha256 = {output::sha256_file(rq.scenario_path)};
  files_read.push_back(targets_path);
  manifest.inputs = output::hash_files(files_read);  // the extends: chain, then the targets file
  manifest.seed = s.seed;
  manifest.runs = rq.runs;
  manifest.threads = rq.threads;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["targets_path"] = targets_path;
  manifest.extra["targets_sha256"] = manifest.inputs.back().second;
  manifest.extra["design"] = "random";
  return manifest;
}

}  // namespace

int validate_history(const HistoryRequest& rq) {
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(rq.scenario_path, rq.overrides, &files_read);
  if (rq.seed) s.seed = parse_unsigned("--seed", *rq.seed);
  const std::string targets_path = rq.targets_path.empty() ? default_targets_path(rq.scenario_path) : rq.targets_path;
  if (!fs::exists(targets_path)) throw UsageError("--targets: no such file: " + targets_path);
  const calibration::TargetSet targets = calibration::load_targets(targets_path);
  calibration::check_targets(targets, s);
  const OutputLocation where = output_location(rq.out_dir, "output/" + s.name + "-history", rq.force);
  check_output_location(where);  // before running: refuse early
  output::Manifest manifest = start_manifest(rq, s, files_read, targets_path);

  const auto reps = run_target_replications(s, targets, {}, rq.runs, rq.threads, s.seed, experiment::ProgressMode::AUTO,
                                            "validate-history");
  const auto bands = calibration::compute_bands(targets, reps.values);
  int failed = 0, must = 0;
  for (const auto& b : bands) {
    failed += b.failed ? 1 : 0;
    must += b.target->fails_when_outside() ? 1 : 0;
  }
  manifest.numbers["must_facts_failed"] = static_cast<std::int64_t>(failed);

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(where.path, where.replace, interrupt_requested());
  {
    auto f = dir.open("calibration.csv");
    write_calibration_csv(f, bands);
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();

  print_table(bands);
  fmt::print(
      "(p05/p50/p95 across {} replications; shares in %, USD in $B, units in thousands; a fact is "
      "inside when its p50 is within the band; \"edge\": the p50's own 95% interval holds a band edge, so more "
      "replications or another seed may turn the verdict)\n",
      rq.runs);
  std::cout << "cmsim validate-history: " << (must - failed) << " of " << must << " must facts inside their bands; "
            << bands.size() << " facts written to " << (dir.final_path() / "calibration.csv").string()
            << (dir.replaced() ? " (replacing the earlier result there)" : "") << "\n";
  return calibration::history_exit_status(bands) == 0 ? EXIT_OK : EXIT_CHECK_FAILED;
}

}  // namespace cmsim::cli
