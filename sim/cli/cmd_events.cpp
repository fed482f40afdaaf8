// `cmsim events SCENARIO`: the policy events the composed scenario holds (kind, dates,
// what each requires, where it was written), then the events `remove_events:` removed
// and those the removal cascaded to, with the reason.
#include <iostream>

#include "models/scenario/scenario_contents.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/inspect_table.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {
namespace {

std::string requirements(const scenario::PolicyEvent& e) {
  std::string out;
  for (const auto& r : e.requires_) {
    if (!out.empty()) out += " ";
    out += r.event;
    if (r.probability < 1) out += "(p=" + output::format_number(r.probability) + ")";
  }
  return out;
}

}  // namespace

int cmd_events(const std::vector<std::string>& args) {
  po::options_description opts("events options");
  CommonOptions common;
  std::string path;
  opts.add_options()("scenario", po::value(&path), "scenario file");
  common.add(opts, {Common::SET});
  opts.add_options()("csv", "print CSV: status,event,kind,announced,effective,requires,declared,reason");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("events"), args, opts, pos, vm)) return EXIT_OK;
  if (path.empty()) throw UsageError("expected a scenario file");
  const auto s = scenario::load_scenario(path, common.overrides());
  const auto contents = scenario::scenario_contents(path);
  const bool csv = vm.count("csv") > 0;

  InspectTable t{{"status", "event", "kind", "announced", "effective", "requires", "declared", "reason"}, {}};
  for (const auto& e : s.events)
    t.rows.push_back({"in", e.id, std::string(e.kind()), e.announced.iso(), e.effective.iso(), requirements(e),
                      scenario::declared_at(contents, "events", e.id), ""});
  std::size_t removed = 0;
  for (const auto& r : contents.removed)
    if (r.kind == "event") {
      t.rows.push_back({"removed", r.id, "", "", r.date, "", r.declared.text(), r.reason});
      ++removed;
    }
  if (!csv)
    std::cout << path << ": " << s.events.size() << " events" << (removed ? ", " + std::to_string(removed) : "")
              << (removed ? " removed by composition" : "") << " (requirements with p < 1 may not happen in a run)\n";
  t.print(std::cout, csv);
  return EXIT_OK;
}

}  // namespace cmsim::cli
