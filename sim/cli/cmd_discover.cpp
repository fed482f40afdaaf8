// `cmsim discover RUNS --outcome NAME --where '> 0.2'`: scenario discovery with PRIM. In
// which region of the sampled inputs does the outcome meet the condition? RUNS is a sweep
// folder or a per-run CSV (sim/cli/run_table.h); nothing is simulated.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "sim/analysis/cart.h"
#include "sim/analysis/prim.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/output_location.h"
#include "sim/cli/run_table.h"
#include "sim/engine/input_error.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

double parse_double(const std::string& option, const std::string& text, double lo, double hi) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(v >= lo && v <= hi))
    throw UsageError(option + ": expected a number in [" + csv_number(lo) + ", " + csv_number(hi) + "], got \"" + text +
                     "\"");
  return v;
}

// "> 0.2", ">=0.2", "< 2027", "<= -1": which runs are cases of interest.
struct Condition {
  std::string op;
  double value = 0;
  bool holds(double y) const {
    return op == ">" ? y > value : op == ">=" ? y >= value : op == "<" ? y < value : y <= value;
  }
};

Condition parse_where(std::string text) {
  std::erase(text, ' ');
  Condition c;
  static const std::string ops[] = {">=", "<=", ">", "<"};
  for (const auto& op : ops) {
    if (text.starts_with(op)) {
      c.op = op;
      break;
    }
  }
  if (c.op.empty())
    throw UsageError("--where: expected >, >=, < or <= and a number (e.g. '> 0.2'), got \"" + text + "\"");
  c.value = parse_double("--where", text.substr(c.op.size()), -1e300, 1e300);
  return c;
}

void write_trajectory(std::ostream& out, const analysis::PrimResult& r, const analysis::Box& pasted,
                      const analysis::BoxStats& pasted_stats) {
  out << "step,coverage,density,mass,points,restricted_inputs,chosen\n";
  const auto row = [&](const std::string& step, const analysis::Box& b, const analysis::BoxStats& s, bool chosen) {
    std::size_t restricted = 0;
    for (std::size_t j = 0; j < b.low.size(); ++j) restricted += b.restricts(j);
    out << step << ',' << csv_number(s.coverage) << ',' << csv_number(s.density) << ',' << csv_number(s.mass) << ','
        << s.points << ',' << restricted << ',' << (chosen ? 1 : 0) << '\n';
  };
  for (std::size_t i = 0; i < r.trajectory.size(); ++i) row(std::to_string(i), r.trajectory[i], r.stats[i], false);
  row("pasted", pasted, pasted_stats, false);
  row("significant", r.box, r.box_stats, true);
}

std::string write_box(std::ostream& out, const RunTable& t, const analysis::Box& box, const analysis::Box& pasted,
                      const std::vector<double>& p, const std::vector<double>& share) {
  std::ostringstream shown;
  out << "input,low,high,pasted_low,pasted_high,data_min,data_max,quasi_p,resample_share\n";
  const std::size_t d = t.inputs.size();
  for (std::size_t j = 0; j < d; ++j) {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t r = 0; r < t.runs(); ++r) lo = std::min(lo, t.x[r * d + j]), hi = std::max(hi, t.x[r * d + j]);
    const auto limit = [](double v) { return std::isinf(v) ? std::string() : csv_number(v); };
    out << t.inputs[j] << ',' << limit(box.low[j]) << ',' << limit(box.high[j]) << ',' << limit(pasted.low[j]) << ','
        << limit(pasted.high[j]) << ',' << csv_number(lo) << ',' << csv_number(hi) << ',' << csv_number(p[j]) << ','
        << csv_number(share[j]) << '\n';
    if (!box.restricts(j)) continue;
    char line[300];
    std::snprintf(line, sizeof line, "  %-40s [%.4g, %.4g] of [%.4g, %.4g]   quasi-p %.2g", t.inputs[j].c_str(),
                  std::isinf(box.low[j]) ? lo : box.low[j], std::isinf(box.high[j]) ? hi : box.high[j], lo, hi, p[j]);
    shown << line;
    if (!std::isnan(share[j])) {
      std::snprintf(line, sizeof line, ", in %.0f%% of resamples", 100 * share[j]);
      shown << line;
    }
    shown << '\n';
  }
  return shown.str();
}

// CART: discovery.csv lists the leaves, discovery_box.csv the densest leaf's box.
std::string write_cart(const output::OutputDir& dir, const RunTable& t, const analysis::PrimData& data,
                       const std::vector<analysis::CartLeaf>& leaves) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < leaves.size(); ++i) {
    const auto &a = leaves[i].stats, &b = leaves[best].stats;
    if (a.density > b.density || (a.density == b.density && a.coverage > b.coverage)) best = i;
  }
  {
    auto out = dir.open("discovery.csv");
    out << "leaf,coverage,density,mass,points,restricted_inputs,chosen\n";
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const auto& s = leaves[i].stats;
      std::size_t restricted = 0;
      for (std::size_t j = 0; j < t.inputs.size(); ++j) restricted += leaves[i].box.restricts(j);
      out << i << ',' << csv_number(s.coverage) << ',' << csv_number(s.density) << ',' << csv_number(s.mass) << ','
          << s.points << ',' << restricted << ',' << (i == best ? 1 : 0) << '\n';
    }
  }
  const auto& leaf = leaves[best];
  const std::vector<double> no_share(t.inputs.size(), std::nan(""));
  auto f = dir.open("discovery_box.csv");
  char head[200];
  std::snprintf(head, sizeof head, "CART leaf %zu of %zu (the densest): coverage %.2f, density %.2f, mass %.2f\n", best,
                leaves.size(), leaf.stats.coverage, leaf.stats.density, leaf.stats.mass);
  return head + write_box(f, t, leaf.box, leaf.box, analysis::quasi_p_values(data, leaf.box), no_share);
}

}  // namespace

int cmd_discover(const std::vector<std::string>& args) {
  po::options_description opts("discover options");
  std::string source, outcome, where_text, alpha_text = "0.05", mass_text = "0.05", threshold_text = "0.8",
                                           resamples_text = "50", seed_text = "1", max_p_text = "0.05", inputs_text,
                                           method = "prim", depth_text = "3", leaf_text = "10", out_dir;
  opts.add_options()("runs", po::value(&source)->required(), "a sweep folder or a per-run CSV file")(
      "outcome", po::value(&outcome)->required(), "METRIC:PERIOD:REDUCTION (sweep folder) or a column name (CSV)")(
      "where", po::value(&where_text)->required(), "the cases of interest, e.g. '> 0.2'")(
      "method", po::value(&method), "prim (default) or cart (a classification tree)")(
      "max-depth", po::value(&depth_text), "cart: deepest split (default 3)")(
      "min-leaf", po::value(&leaf_text), "cart: fewest runs in a leaf (default 10)")(
      "inputs", po::value(&inputs_text), "the inputs to search, a,b,c (default: every input column)")(
      "alpha", po::value(&alpha_text), "share of the box's points peeled per step (default 0.05)")(
      "min-mass", po::value(&mass_text), "stop peeling below this share of the runs (default 0.05)")(
      "threshold", po::value(&threshold_text),
      "the chosen box: most coverage with at least this density (default 0.8)")(
      "max-p", po::value(&max_p_text), "drop box limits whose quasi p-value exceeds this (default 0.05; 1 keeps all)")(
      "resamples", po::value(&resamples_text), "bootstrap resamples for each input's reproducibility (default 50)")(
      "seed", po::value(&seed_text), "seed of the resampling (default 1)")(
      "output,o", po::value(&out_dir), "output directory (default output/<RUNS>-discovery)");
  add_force_option(opts);
  po::positional_options_description pos;
  pos.add("runs", 1);
  po::variables_map vm;
  if (!parse_args(find_subcommand("discover"), args, opts, pos, vm)) return EXIT_OK;
  analysis::PrimOptions o;
  o.alpha = parse_double("--alpha", alpha_text, 0.001, 0.49);
  o.min_mass = parse_double("--min-mass", mass_text, 0.001, 0.99);
  o.density_threshold = parse_double("--threshold", threshold_text, 0, 1);
  o.max_p = parse_double("--max-p", max_p_text, 0, 1);
  const std::uint64_t resamples = parse_unsigned("--resamples", resamples_text, 0, 10000);
  const std::uint64_t seed = parse_unsigned("--seed", seed_text);
  const Condition where = parse_where(where_text);
  if (method != "prim" && method != "cart") throw UsageError("--method: expected prim or cart, got \"" + method + "\"");
  analysis::CartOptions cart_options;
  cart_options.max_depth = static_cast<unsigned>(parse_unsigned("--max-depth", depth_text, 0, 20));
  cart_options.min_leaf = static_cast<std::size_t>(parse_unsigned("--min-leaf", leaf_text, 1, 1'000'000));

  std::vector<std::string> inputs;
  for (std::size_t start = 0; vm.count("inputs") && start <= inputs_text.size();) {
    const std::size_t comma = std::min(inputs_text.find(',', start), inputs_text.size());
    inputs.push_back(inputs_text.substr(start, comma - start));
    start = comma + 1;
  }
  const RunTable t = read_run_table(source, outcome, inputs);
  analysis::PrimData data;
  data.dimensions = t.inputs.size();
  data.x = t.x;
  for (const double y : t.outcome) data.interest.push_back(where.holds(y) ? 1 : 0);
  const std::size_t cases = static_cast<std::size_t>(std::count(data.interest.begin(), data.interest.end(), 1));
  if (cases == 0 || cases == t.runs())
    throw engine::InputError("--where: " + std::to_string(cases) + " of " + std::to_string(t.runs()) + " runs have " +
                             outcome + " " + where.op + " " + csv_number(where.value) +
                             "; discovery needs some runs on each side");
  std::string name = std::filesystem::path(source).filename().string();
  if (name.empty()) name = std::filesystem::path(source).parent_path().filename().string();
  const OutputLocation loc = output_location(out_dir, "output/" + name + "-discovery", vm.count("force") > 0);
  check_output_location(loc);

  output::Manifest manifest;
  manifest.command = "discover";
  manifest.argv.assign(args.begin(), args.end());
  manifest.argv.insert(manifest.argv.begin(), "discover");
  manifest.seed = seed;
  manifest.runs = t.runs();
  manifest.started_utc = output::utc_now();
  manifest.extra["source"] = source;
  manifest.extra["outcome"] = outcome;
  manifest.extra["where"] = where.op + " " + csv_number(where.value);
  manifest.extra["cases_of_interest"] = std::to_string(cases);
  manifest.extra["method"] = method;
  output::OutputDir dir(loc.path, loc.replace, interrupt_requested());
  std::string shown;
  if (method == "cart") {
    shown = write_cart(dir, t, data, analysis::cart(data, cart_options));
  } else {
    auto result = analysis::prim(data, o);
    const analysis::Box pasted = result.box;
    const analysis::BoxStats pasted_stats = result.box_stats;
    result.box = analysis::drop_insignificant(data, result.box, o.max_p);
    result.box_stats = analysis::box_stats(data, result.box);
    const auto p = analysis::quasi_p_values(data, result.box);
    const auto share = analysis::resampled_restriction_shares(data, o, resamples, seed);
    {
      auto f = dir.open("discovery.csv");
      write_trajectory(f, result, pasted, pasted_stats);
    }
    char head[200];
    std::snprintf(head, sizeof head,
                  "PRIM box (step %zu, pasted, significant limits): coverage %.2f, density %.2f, mass %.2f\n",
                  result.chosen, result.box_stats.coverage, result.box_stats.density, result.box_stats.mass);
    auto f = dir.open("discovery_box.csv");
    shown = head + write_box(f, t, result.box, pasted, p, share);
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  std::printf("%zu of %zu runs have %s %s %s; ", cases, t.runs(), outcome.c_str(), where.op.c_str(),
              csv_number(where.value).c_str());
  std::cout << shown;
  std::cerr << "cmsim discover:" << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
