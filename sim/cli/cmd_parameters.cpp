// `cmsim parameters`: the model's global parameters with defaults, bounds and sources,
// from the one table that also drives scenario validation (model_parameters.cpp).
// `cmsim parameters SCENARIO`: the values in effect in that scenario and where each came
// from: the model's default, a file and line of its extends: chain, or a --set.
#include <cstdio>
#include <iostream>

#include "models/scenario/model_parameters.h"
#include "models/scenario/scenario_contents.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/inspect_table.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {
namespace {

int print_defaults(bool markdown) {
  const scenario::ModelParameters defaults;
  for (const auto& p : scenario::parameter_specs()) {
    const std::string value = output::format_number(scenario::get_parameter(defaults, p));
    if (markdown) {
      std::cout << "| `" << p.name << "` | " << value << " " << p.unit << " | " << output::format_number(p.min) << " – "
                << output::format_number(p.max) << " | " << p.meaning << " | " << p.source << " |\n";
    } else {
      std::cout << p.name << " = " << value << " [" << p.unit << "]  (" << p.meaning << ")\n";
    }
  }
  return EXIT_OK;
}

int print_effective(const std::string& path, const std::vector<std::string>& sets, bool csv) {
  const auto overrides = parse_overrides(sets);
  const auto s = scenario::load_scenario(path, overrides);  // every error, positioned
  const auto contents = scenario::scenario_contents(path);
  InspectTable t{{"parameter", "value", "unit", "default", "from"}, {}};
  for (const auto& p : scenario::parameter_origins(s, contents, overrides))
    t.rows.push_back(
        {p.name, output::format_number(p.value), p.unit, output::format_number(p.default_value), p.origin});
  if (!csv) std::cout << "Parameters in effect in " << path << " (from: default, file:line:col, or --set)\n";
  t.print(std::cout, csv);
  return EXIT_OK;
}

}  // namespace

int cmd_parameters(const std::vector<std::string>& args) {
  po::options_description opts("parameters options");
  CommonOptions common;
  std::string path;
  opts.add_options()("scenario", po::value(&path), "a scenario: show its values and where each came from");
  common.add(opts, {Common::SET});
  opts.add_options()("csv", "with SCENARIO: print CSV (parameter,value,unit,default,from)")(
      "markdown", "without SCENARIO: print a Markdown table (as in docs/model.md)");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("parameters"), args, opts, pos, vm)) return EXIT_OK;
  if (path.empty()) {
    if (!common.sets().empty() || vm.count("csv")) throw UsageError("--set and --csv need a SCENARIO");
    return print_defaults(vm.count("markdown") > 0);
  }
  if (vm.count("markdown")) throw UsageError("--markdown prints the defaults: leave out SCENARIO");
  return print_effective(path, common.sets(), vm.count("csv") > 0);
}

}  // namespace cmsim::cli
