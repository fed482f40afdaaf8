// `cmsim merge DIR... -o DIR`: joins the shard outputs of one sweep (or comparison) into
// the files an unsharded run would have written, byte for byte.
#include <iostream>

#include "sim/cli/cli.h"
#include "sim/cli/output_location.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/experiment/runs_format.h"
#include "sim/experiment/shard_merge.h"
#include "sim/experiment/sweep_files.h"
#include "sim/experiment/sweep_header.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {

int cmd_merge(const std::vector<std::string>& args) {
  po::options_description opts("merge options");
  std::vector<std::string> dirs;
  std::string out_dir, runs_output;
  opts.add_options()("dirs", po::value(&dirs)->required()->multitoken(), "shard output directories")(
      "output,o", po::value(&out_dir)->required(), "output directory of the merged result")(
      "runs-output", po::value(&runs_output),
      "per-replication values: csv, gz or none (default: what the shards were run with)");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("dirs", -1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("merge"), args, opts, pos, vm)) return EXIT_OK;
  std::optional<experiment::RunsFormat> format;
  if (vm.count("runs-output")) {
    format = experiment::runs_format_from_string(runs_output);
    if (!format) throw UsageError("--runs-output: expected one of csv, gz, none; got \"" + runs_output + "\"");
  }
  const OutputLocation where = output_location(out_dir, out_dir, vm.count("force") > 0);
  check_output_location(where);

  output::Manifest manifest;
  manifest.command = "merge";
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "merge");
  manifest.started_utc = output::utc_now();

  const auto stores = experiment::merge_shard_dirs(std::vector<std::filesystem::path>(dirs.begin(), dirs.end()));
  const auto& h = stores.front().header();
  if (!format) format = experiment::runs_format_from_string(h.runs_output).value_or(experiment::RunsFormat::CSV);

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(where.path, where.replace, interrupt_requested());
  if (stores.size() == 1)
    experiment::write_sweep_files(dir, "", stores[0], *format);
  else
    experiment::write_compare_files(dir, stores[0], stores[1], *format);
  manifest.inputs = experiment::identity_inputs(h.identity);  // what the shards were run from
  manifest.seed = h.seed;
  manifest.runs = h.runs;
  manifest.extra["design"] = h.design;
  manifest.extra["runs_output"] = experiment::to_string(*format);
  manifest.numbers["shards"] = static_cast<std::int64_t>(dirs.size());
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  std::cerr << "cmsim merge: " << h.runs << " replications from " << dirs.size() << " shards"
            << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
