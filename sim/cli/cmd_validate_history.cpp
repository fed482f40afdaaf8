// `cmsim validate-history SCENARIO --runs N`: the model's p05/p50/p95 of every historical
// fact across Monte Carlo replications, against the fact's band (docs/calibration.md).
// Exit 1 when a `must` fact's median lies outside its band.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <thread>

#include "models/calibration/target_band.h"
#include "models/calibration/target_loader.h"
#include "models/scenario/scenario_loader.h"
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
  output::CsvWriter w(out, {"fact", "metric", "period", "basis", "target", "band_low", "band_high", "model_p05",
                            "model_p50", "model_p95", "inside_band", "must", "source"});
  for (const auto& b : bands) {
    const auto& t = *b.target;
    w.field(t.id).field(t.metric).field(t.period.label).field(t.basis);
    if (t.target) {
      w.field(*t.target);
    } else {
      w.field(std::string_view{});
    }
    w.field(t.band_low).field(t.band_high).field(b.p05).field(b.p50).field(b.p95).field(b.inside).field(t.must);
    w.field(t.source_note);
    w.end_row();
  }
}

void print_table(const std::vector<calibration::TargetBand>& bands) {
  std::printf("%-30s %-14s %-11s %-21s %9s %9s %9s  %-7s %s\n", "fact", "period", "role", "band", "p05", "p50", "p95",
              "inside", "");
  for (const auto& b : bands) {
    const auto& t = *b.target;
    const std::string band = t.band_low == t.band_high
                                 ? format_target_value(t, t.band_low)
                                 : format_target_value(t, t.band_low) + ".." + format_target_value(t, t.band_high);
    const char* verdict = b.inside ? "yes" : "NO";
    const char* mark = b.failed ? "FAIL (must)" : t.must && t.role != calibration::TargetRole::FORECAST ? "must" : "";
    std::printf("%-30s %-14s %-11s %-21s %9s %9s %9s  %-7s %s\n", t.id.c_str(), t.period.label.c_str(),
                calibration::to_string(t.role), band.c_str(), format_target_value(t, b.p05).c_str(),
                format_target_value(t, b.p50).c_str(), format_target_value(t, b.p95).c_str(), verdict, mark);
  }
}

}  // namespace

int cmd_validate_history(const std::vector<std::string>& args) {
  po::options_description opts("validate-history options");
  std::string path, targets_path, runs_text = "100", threads_text, seed_text, out_dir;
  std::vector<std::string> sets;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "targets", po::value(&targets_path),
      "targets file (default: targets/history.yaml beside the scenario, else scenarios/targets/history.yaml)")(
      "runs", po::value(&runs_text)->default_value("100"), "number of replications N")(
      "threads", po::value(&threads_text), "worker threads (default: the number of hardware threads)")(
      "seed", po::value(&seed_text), "master seed (default: the scenario's seed)")(
      "set", po::value(&sets)->composing(), "override a scenario value: --set parameters.beta_risk=3.5 (repeatable)")(
      "output,o", po::value(&out_dir),
      "output directory (default: output/<scenario>-history, where an earlier cmsim result is replaced)");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("validate-history"), args, opts, pos, vm)) return EXIT_OK;

  // Every input is checked before anything runs or is written.
  const std::uint64_t runs = parse_unsigned("--runs", runs_text, 1, 10'000'000);
  const unsigned threads = vm.count("threads")
                               ? static_cast<unsigned>(parse_unsigned("--threads", threads_text, 1, 1024))
                               : std::max(1u, std::thread::hardware_concurrency());
  std::vector<scenario::Override> overrides;
  for (const auto& s : sets) overrides.push_back(scenario::parse_override(s));
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(path, overrides, &files_read);
  if (vm.count("seed")) s.seed = parse_unsigned("--seed", seed_text);
  if (targets_path.empty()) targets_path = default_targets_path(path);
  if (!fs::exists(targets_path)) throw UsageError("--targets: no such file: " + targets_path);
  const calibration::TargetSet targets = calibration::load_targets(targets_path);
  calibration::check_targets(targets, s);
  const OutputLocation where = output_location(out_dir, "output/" + s.name + "-history", vm.count("force") > 0);
  check_output_location(where);  // before running: refuse early

  output::Manifest manifest;
  manifest.command = "validate-history";
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "validate-history");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  files_read.push_back(targets_path);
  manifest.inputs = output::hash_files(files_read);  // the extends: chain, then the targets file
  manifest.seed = s.seed;
  manifest.runs = runs;
  manifest.threads = threads;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["targets_path"] = targets_path;
  manifest.extra["targets_sha256"] = manifest.inputs.back().second;
  manifest.extra["design"] = "random";

  const auto reps = run_target_replications(s, targets, {}, runs, threads, s.seed, experiment::ProgressMode::AUTO,
                                            "validate-history");
  const auto bands = calibration::compute_bands(targets, reps.values);
  const int status = calibration::history_exit_status(bands);
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
  std::printf(
      "(p05/p50/p95 across %llu replications; shares in %%, USD in $B, units in thousands; a fact is "
      "inside when its p50 is within the band)\n",
      static_cast<unsigned long long>(runs));
  std::cout << "cmsim validate-history: " << (must - failed) << " of " << must << " must facts inside their bands; "
            << bands.size() << " facts written to " << (dir.final_path() / "calibration.csv").string()
            << (dir.replaced() ? " (replacing the earlier result there)" : "") << "\n";
  return status == 0 ? EXIT_OK : EXIT_CHECK_FAILED;
}

}  // namespace cmsim::cli
