// `cmsim parameters`: the model's global parameters with defaults, bounds and sources,
// from the one table that also drives scenario validation (model_parameters.cpp).
#include <cstdio>
#include <iostream>

#include "models/scenario/model_parameters.h"
#include "sim/cli/cli.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {

int cmd_parameters(const std::vector<std::string>& args) {
  po::options_description opts("parameters options");
  opts.add_options()("markdown", "print a Markdown table (as in docs/model.md)");
  po::variables_map vm;
  if (!parse_args(find_subcommand("parameters"), args, opts, {}, vm)) return EXIT_OK;
  const scenario::ModelParameters defaults;
  for (const auto& p : scenario::parameter_specs()) {
    const std::string value = output::format_number(scenario::get_parameter(defaults, p));
    if (vm.count("markdown")) {
      std::cout << "| `" << p.name << "` | " << value << " " << p.unit << " | " << output::format_number(p.min) << " – "
                << output::format_number(p.max) << " | " << p.meaning << " | " << p.source << " |\n";
    } else {
      std::cout << p.name << " = " << value << " [" << p.unit << "]  (" << p.meaning << ")\n";
    }
  }
  return EXIT_OK;
}

}  // namespace cmsim::cli
