// `cmsim merge DIR... -o DIR`: joins the shard outputs of one sweep, comparison or
// exploratory command. The work is merge_shards() (merge_workflow.h); this parses options.
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/merge_workflow.h"

namespace cmsim::cli {

int cmd_merge(const std::vector<std::string>& args) {
  po::options_description opts("merge options");
  std::vector<std::string> dirs;
  std::string out_dir, runs_output;
  CommonOptions common;
  opts.add_options()("dirs", po::value(&dirs)->required()->multitoken(), "shard output directories")(
      "output,o", po::value(&out_dir)->required(), "output directory of the merged result")(
      "runs-output", po::value(&runs_output),
      "per-replication values: csv, gz or none (default: what the shards were run with)");
  common.add(opts, {Common::FORCE});
  po::positional_options_description pos;
  pos.add("dirs", -1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("merge"), args, opts, pos, vm)) return EXIT_OK;
  std::optional<experiment::RunsFormat> format;
  if (vm.count("runs-output")) {
    format = experiment::runs_format_from_string(runs_output);
    if (!format) throw UsageError("--runs-output: expected one of csv, gz, none; got \"" + runs_output + "\"");
  }
  MergeRequest rq;
  rq.dirs = dirs;
  rq.format = format;
  rq.where = output_location(out_dir, out_dir, common.force(vm));
  check_output_location(rq.where);
  rq.argv = args;
  return merge_shards(rq);
}

}  // namespace cmsim::cli
