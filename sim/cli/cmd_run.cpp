// `cmsim run SCENARIO`: one replication, written atomically to output/<scenario>/.
#include <cmath>
#include <cstdio>
#include <iostream>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/experiment_command.h"
#include "sim/cli/output_location.h"
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

}  // namespace

void print_run_summary(const scenario::Scenario& s, const market::RunResult& res) {
  const auto& r = res.timeseries;
  std::printf("%-6s %9s %9s %9s %9s %9s %10s %9s\n", "year", "nv_units", "nv_hi_trn", "dom_units", "dom_rev",
              "nv_rev$B", "writedn$B", "dev_cuda");
  for (int y = s.start.year(); y <= s.end.year(); ++y) {
    std::printf("%-6d %9.3f %9.3f %9.3f %9.3f %9.2f %10.2f %9.3f\n", y, year_mean(r, "nvidia_share_units", y),
                year_mean(r, "nvidia_highend_training_share", y), year_mean(r, "domestic_share_units", y),
                year_mean(r, "domestic_share_revenue", y), year_sum(r, "nvidia_china_revenue_usd", y) / 1e9,
                year_sum(r, "writedown_usd", y) / 1e9, year_mean(r, "dev_share_cuda", y));
  }
  std::printf(
      "(shares are yearly means of quarterly values; nv_hi_trn: Nvidia share of training compute on "
      "products with TPP >= 4800; dev_cuda: developer share of CUDA)\n");
}

int cmd_run(const std::vector<std::string>& args) {
  po::options_description opts("run options");
  std::string path, out_dir, seed_text, replication_text, max_cost_text;
  std::vector<std::string> sets;
  opts.add_options()("scenario", po::value(&path)->required(), "scenario file (YAML)")(
      "output,o", po::value(&out_dir),
      "output directory (default: output/<scenario name>, where an earlier cmsim result is replaced)")(
      "seed", po::value(&seed_text), "master seed (default: the scenario's seed)")(
      "replication", po::value(&replication_text)->default_value("0"), "replication number (its random streams)")(
      "set", po::value(&sets)->composing(), "override a scenario value: --set parameters.beta_risk=3.5 (repeatable)")(
      "sample", "draw distribution-valued parameters from their distributions instead of using means")(
      "quiet,q", "do not print the summary table");
  add_force_option(opts);
  add_cost_option(opts, max_cost_text);
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("run"), args, opts, pos, vm)) return EXIT_OK;

  std::vector<scenario::Override> overrides;
  for (const auto& s : sets) overrides.push_back(scenario::parse_override(s));
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(path, overrides, &files_read);
  if (vm.count("seed")) s.seed = parse_unsigned("--seed", seed_text);
  const std::uint64_t replication = parse_unsigned("--replication", replication_text);
  if (vm.count("sample")) apply_design_point(s, s.seed, replication);  // `run --sample --replication r` = sweep run r
  check_cost(agent_quarters(s), 1, parse_cost_option(vm, max_cost_text));
  const OutputLocation where = output_location(out_dir, "output/" + s.name, vm.count("force") > 0);
  check_output_location(where);  // before running: refuse early

  output::Manifest manifest;
  manifest.command = "run";
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "run");
  manifest.scenario_paths = {path};
  manifest.scenario_sha256 = {output::sha256_file(path)};
  manifest.inputs = output::hash_files(files_read);
  manifest.seed = s.seed;
  manifest.started_utc = output::utc_now();
  manifest.extra["scenario_name"] = s.name;
  manifest.extra["scenario_description"] = s.description;
  manifest.numbers["replication"] = static_cast<std::int64_t>(replication);
  manifest.series = manifest_series(s);

  const market::RunResult res = market::run_market(s, replication);
  check_finite(res.timeseries, "the run");  // before anything is written
  check_finite_rows(res);

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(where.path, where.replace, interrupt_requested());
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
    write_events(f, with_removed_events(res.events, s, path));
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  if (!vm.count("quiet")) print_run_summary(s, res);
  std::cout << "cmsim run: " << s.name << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
