// `cmsim products SCENARIO`: the products the composed scenario holds (vendor, origin,
// launch, end of sale, TPP, price, what its launch requires, where it was written), then
// the products removed because an event they `launch_requires` was removed.
#include <iostream>

#include "models/scenario/scenario_contents.h"
#include "sim/cli/cli.h"
#include "sim/cli/common_options.h"
#include "sim/cli/inspect_table.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {

int cmd_products(const std::vector<std::string>& args) {
  po::options_description opts("products options");
  CommonOptions common;
  std::string path;
  opts.add_options()("scenario", po::value(&path), "scenario file");
  common.add(opts, {Common::SET});
  opts.add_options()(
      "csv",
      "print CSV: status,product,vendor,origin,launch,end_of_sale,tpp,price_usd,launch_requires,declared,reason");
  po::positional_options_description pos;
  pos.add("scenario", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("products"), args, opts, pos, vm)) return EXIT_OK;
  if (path.empty()) throw UsageError("expected a scenario file");
  const auto s = scenario::load_scenario(path, common.overrides());
  const auto contents = scenario::scenario_contents(path);
  const bool csv = vm.count("csv") > 0;

  InspectTable t{{"status", "product", "vendor", "origin", "launch", "end_of_sale", "tpp", "price_usd",
                  "launch_requires", "declared", "reason"},
                 {}};
  for (const auto& p : s.products) {
    const auto* v = s.find_vendor(p.vendor);
    std::string requires_text;
    for (const auto& r : p.launch_requires) requires_text += (requires_text.empty() ? "" : " ") + r;
    t.rows.push_back({"in", p.id, p.vendor, v ? to_string(v->origin) : "", p.launch.iso(),
                      p.end_of_sale ? p.end_of_sale->iso() : "", output::format_number(p.tpp()),
                      output::format_number(p.price_usd), requires_text,
                      scenario::declared_at(contents, "products", p.id), ""});
  }
  std::size_t removed = 0;
  for (const auto& r : contents.removed)
    if (r.kind == "product") {
      t.rows.push_back({"removed", r.id, "", "", r.date, "", "", "", "", r.declared.text(), r.reason});
      ++removed;
    }
  if (!csv)
    std::cout << path << ": " << s.products.size() << " products"
              << (removed ? ", " + std::to_string(removed) + " removed by composition" : "")
              << " (derated redesigns a vendor makes during a run are not listed: they appear in products.csv)\n";
  t.print(std::cout, csv);
  return EXIT_OK;
}

}  // namespace cmsim::cli
