// `cmsim validate FILE...`: loads and checks each scenario file and reports every error.
#include <iostream>

#include "models/metrics/metric_table.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/engine/input_error.h"

namespace cmsim::cli {

int cmd_validate(const std::vector<std::string>& args) {
  po::options_description opts("validate options");
  CommonOptions common;
  std::vector<std::string> files;
  opts.add_options()("scenario", po::value(&files), "scenario files to check");
  common.add(opts, {Common::SET});
  po::positional_options_description positional;
  positional.add("scenario", -1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("validate"), args, opts, positional, vm)) return EXIT_OK;
  if (files.empty()) throw UsageError("expected at least one scenario file");
  const auto overrides = common.overrides();

  bool all_ok = true;
  for (const auto& file : files) {
    try {
      const auto s = scenario::load_scenario(file, overrides);
      metrics::series_table(s);  // a user metric must not reuse a default series' name
      std::cout << file << ": OK (" << s.products.size() << " products, " << s.events.size() << " events, "
                << s.uncertain.size() << " uncertain parameters)\n";
    } catch (const engine::InputError& e) {
      all_ok = false;
      print_messages(std::cerr, e.messages());
    }
  }
  return all_ok ? EXIT_OK : EXIT_BAD_INPUT;
}

}  // namespace cmsim::cli
