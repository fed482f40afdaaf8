// `cmsim rules SCENARIO [--at DATE] [--csv]`: which products each export rule and licence
// requirement in force on a date restricts, and the metric values that trip it.
#include <iostream>

#include "models/scenario/rules_in_force.h"
#include "models/scenario/scenario_loader.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"

namespace cmsim::cli {
namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

int cmd_rules(const std::vector<std::string>& args) {
  po::options_description opts(
      "rules options (every event is treated as happening: requirements with a probability below 1 are assumed to "
      "come true)");
  CommonOptions common;
  std::string file, at;
  opts.add_options()("scenario", po::value(&file), "scenario file")(
      "at", po::value(&at), "date YYYY-MM-DD (default: the end of the scenario's horizon)")(
      "csv", "print CSV: date,rule,product,restricted,reason (one row per rule and product)");
  common.add(opts, {Common::SET});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("rules"), args, opts, positional, vm)) return EXIT_OK;
  if (file.empty()) throw UsageError("expected a scenario file");
  std::optional<engine::Date> date;
  if (vm.count("at")) {
    date = engine::Date::parse(at);
    if (!date) throw UsageError("--at: expected a date YYYY-MM-DD, got \"" + at + "\"");
  }
  const auto s = scenario::load_scenario(file, common.overrides());
  const engine::Date on = date.value_or(s.end);
  const auto rules = scenario::rules_in_force(s, on);
  const bool csv = vm.count("csv") > 0;

  if (csv) {
    std::cout << "date,rule,product,restricted,reason\n";
    for (const auto& r : rules)
      for (const auto& p : s.products) {
        const auto v = scenario::apply_rule(r, p, s);
        std::cout << on.iso() << ',' << csv_field(r.rule->id) << ',' << csv_field(p.id) << ','
                  << (v.restricted ? "true" : "false") << ',' << csv_field(v.reason) << "\n";
      }
    return EXIT_OK;
  }
  std::cout << "Rules in force on " << on.iso() << " in " << file
            << " (requirements with a probability below 1 are treated as happening)\n";
  if (rules.empty()) {
    std::cout << "\nNo export rule or licence requirement is in force on this date.\n";
    return EXIT_OK;
  }
  std::size_t width = 8;
  for (const auto& p : s.products) width = std::max(width, p.id.size() + 2);
  for (const auto& r : rules) {
    std::cout << "\n" << r.rule->id << " (" << r.rule->kind() << ", effective " << r.rule->effective.iso();
    if (r.amended_by) std::cout << ", amended by " << r.amended_by->id << " from " << r.amended_by->effective.iso();
    std::cout << ")\n";
    std::size_t restricted = 0;
    std::cout << "  " << padded("product", width) << padded("restricted", 12) << "reason\n";
    for (const auto& p : s.products) {
      const auto v = scenario::apply_rule(r, p, s);
      restricted += v.restricted;
      std::cout << "  " << padded(p.id, width) << padded(v.restricted ? "yes" : "no", 12) << v.reason << "\n";
    }
    std::cout << "  " << restricted << " of " << s.products.size() << " products restricted\n";
  }
  return EXIT_OK;
}

}  // namespace cmsim::cli
