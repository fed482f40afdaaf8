#include "sim/cli/run_workflow.h"

#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "models/market/market_model.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

double value_at(const engine::Recorder& r, const std::string& series, engine::Quarter q) {
  return r.has(series) ? r.get(r.id(series), q) : std::nan("");
}

double year_mean(const engine::Recorder& r, const std::string& series, int year) {
  double sum = 0;
  int n = 0;
  for (int k = 1; k <= 4; ++k) {
    const double v = value_at(r, series, engine::Quarter(year, k));
    if (!std::isnan(v)) sum += v, ++n;
  }
  return n ? sum / n : std::nan("");
}

double year_sum(const engine::Recorder& r, const std::string& series, int year) {
  double sum = 0;
  for (int k = 1; k <= 4; ++k) {
    const double v = value_at(r, series, engine::Quarter(year, k));
    if (!std::isnan(v)) sum += v;
  }
  return sum;
}

// The yearly table `cmsim run` prints.
void print_run_summary(const scenario::Scenario& s, const market::RunResult& res) {
  const auto& r = res.timeseries;
  fmt::print("{:<6} {:>9} {:>9} {:>9} {:>9} {:>9} {:>10} {:>9}\n", "year", "nv_units", "nv_hi_trn", "dom_units",
             "dom_rev", "nv_rev$B", "writedn$B", "dev_cuda");
  for (int y = s.start.year(); y <= s.end.year(); ++y) {
    fmt::print("{:<6} {:9.3f} {:9.3f} {:9.3f} {:9.3f} {:9.2f} {:10.2f} {:9.3f}\n", y,
               year_mean(r, "nvidia_share_units", y), year_mean(r, "nvidia_highend_training_share", y),
               year_mean(r, "domestic_share_units", y), year_mean(r, "domestic_share_revenue", y),
               year_sum(r, "nvidia_china_revenue_usd", y) / 1e9, year_sum(r, "writedown_usd", y) / 1e9,
               year_mean(r, "dev_share_cuda", y));
  }
  fmt::print(
      "(shares are yearly means of quarterly values; nv_hi_trn: Nvidia share of training compute on "
      "products with TPP >= 4800; dev_cuda: developer share of CUDA)\n");
}

output::Manifest run_manifest(const RunJob& job) {
  const scenario::Scenario& s = job.scenario;
  output::Manifest manifest;
  manifest.command = "run";
  manifest.argv = job.argv;
  manifest.argv.insert(manifest.argv.begin(), "run");
  manifest.scenario_paths = {job.path};
  manifest.scenario_sha256 = {output::sha256_file(job.path)};
  manifest.inputs = output::hash_files(job.files);
  manifest.seed = s.seed;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["scenario_description"] = s.description;
  manifest.numbers["replication"] = static_cast<std::int64_t>(job.replication);
  manifest.series = manifest_series(s);
  return manifest;
}

}  // namespace

int run_replication(const RunJob& job) {
  const scenario::Scenario& s = job.scenario;
  output::Manifest manifest = run_manifest(job);
  const market::RunResult res = market::run_market(s, job.replication);
  check_finite(res.timeseries, "the run");  // before anything is written
  check_finite_rows(res);

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(job.where.path, job.where.replace, interrupt_requested());
  {
    auto f = dir.open("timeseries.csv");
    write_timeseries(f, res.timeseries);
  }
  {
    auto f = dir.open("products.csv");
    write_products(f, res.products);
  }
  {
    auto f = dir.open("ecosystems.csv");
    write_ecosystems(f, res.ecosystems);
  }
  {
    auto f = dir.open("events.csv");
    write_events(f, with_removed_events(res.events, s, job.path));
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  if (!job.quiet) print_run_summary(s, res);
  std::cout << "cmsim run: " << s.name << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
