// `cmsim run SCENARIO`: one replication, written atomically to output/<scenario>/.
#include <fmt/format.h>

#include <cmath>
#include <iostream>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
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

int cmd_run(const std::vector<std::string>& args) {
  po::options_description opts("run options");
  CommonOptions common("output/<scenario name>");
  std::string replication_text;
  common.add(opts, {Common::SCENARIO, Common::OUTPUT, Common::SEED});
  opts.add_options()("replication", po::value(&replication_text)->default_value("0"),
                     "replication number (its random streams)");
  common.add(opts, {Common::SET});
  opts.add_options()("sample", "draw distribution-valued parameters from their distributions instead of using means")(
      "quiet,q", "do not print the summary table");
  common.add(opts, {Common::FORCE, Common::MAX_AGENT_QUARTERS});
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("run"), args, opts, pos, vm)) return EXIT_OK;

  const std::string& path = common.scenario();
  std::vector<std::string> files_read;
  scenario::Scenario s = scenario::load_scenario(path, common.overrides(), &files_read);
  if (const auto seed = common.seed(vm)) s.seed = *seed;
  const std::uint64_t replication = parse_unsigned("--replication", replication_text);
  if (vm.count("sample")) apply_design_point(s, s.seed, replication);  // `run --sample --replication r` = sweep run r
  check_cost(agent_quarters(s), 1, common.max_agent_quarters(vm));
  const OutputLocation where = common.output_location("output/" + s.name, vm);
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
