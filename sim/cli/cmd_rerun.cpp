// `cmsim rerun MANIFEST`: runs again the command a manifest.json records (its command
// line, from its working directory), after checking that every input file still has the
// SHA-256 recorded, into a new folder; then compares every file but manifest.json with the
// original, byte for byte. Exit 0 when identical, 1 when a file differs, 2 when an input
// changed or the manifest cannot be used. The work is rerun() (rerun_workflow.h); this
// parses options.
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/rerun_workflow.h"

namespace cmsim::cli {

int cmd_rerun(const std::vector<std::string>& args) {
  po::options_description opts("rerun options");
  std::string given, out_dir;
  CommonOptions common;
  opts.add_options()("manifest", po::value(&given)->required(), "a manifest.json, or the folder that holds it")(
      "output,o", po::value(&out_dir), "where the new run goes (default: <the original folder>-rerun)");
  common.add(opts, {Common::FORCE});
  po::positional_options_description pos;
  pos.add("manifest", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("rerun"), args, opts, pos, vm)) return EXIT_OK;

  return rerun(given, out_dir, common.force(vm));
}

}  // namespace cmsim::cli
