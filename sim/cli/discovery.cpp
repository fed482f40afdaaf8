#include "sim/cli/discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "sim/analysis/cart.h"
#include "sim/analysis/prim.h"
#include "sim/cli/analysis_command.h"
#include "sim/cli/cli.h"
#include "sim/cli/run_table.h"
#include "sim/engine/input_error.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

// A finite number (the value of --where), or UsageError naming the option.
double number(const std::string& option, const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
    throw UsageError(option + ": expected a number, got \"" + text + "\"");
  return v;
}

double in_range(const std::string& option, double v, double lo, double hi) {
  if (!(v >= lo && v <= hi))
    throw UsageError(option + ": expected a number in [" + csv_number(lo) + ", " + csv_number(hi) + "], got " +
                     csv_number(v));
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
  c.value = number("--where", text.substr(c.op.size()));
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
    // snprintf, not {fmt}: an input is a CSV column name, and {fmt} pads by display width
    // where printf pads by bytes (and cut the line at 299 bytes).
    char line[300];
    std::snprintf(line, sizeof line, "  %-40s [%.4g, %.4g] of [%.4g, %.4g]   quasi-p %.2g", t.inputs[j].c_str(),
                  std::isinf(box.low[j]) ? lo : box.low[j], std::isinf(box.high[j]) ? hi : box.high[j], lo, hi, p[j]);
    shown << line;
    if (!std::isnan(share[j])) shown << fmt::format(", in {:.0f}% of resamples", 100 * share[j]);
    shown << '\n';
  }
  return shown.str();
}

// CART: discovery.csv lists the leaves, discovery_box.csv the densest leaf's box.
std::string write_cart(StudyTables& files, const RunTable& t, const analysis::PrimData& data,
                       const std::vector<analysis::CartLeaf>& leaves) {
  std::size_t best = 0;
  for (std::size_t i = 1; i < leaves.size(); ++i) {
    const auto &a = leaves[i].stats, &b = leaves[best].stats;
    if (a.density > b.density || (a.density == b.density && a.coverage > b.coverage)) best = i;
  }
  {
    std::ostringstream out;
    out << "leaf,coverage,density,mass,points,restricted_inputs,chosen\n";
    for (std::size_t i = 0; i < leaves.size(); ++i) {
      const auto& s = leaves[i].stats;
      std::size_t restricted = 0;
      for (std::size_t j = 0; j < t.inputs.size(); ++j) restricted += leaves[i].box.restricts(j);
      out << i << ',' << csv_number(s.coverage) << ',' << csv_number(s.density) << ',' << csv_number(s.mass) << ','
          << s.points << ',' << restricted << ',' << (i == best ? 1 : 0) << '\n';
    }
    files.files["discovery.csv"] = out.str();
  }
  const auto& leaf = leaves[best];
  const std::vector<double> no_share(t.inputs.size(), std::nan(""));
  std::ostringstream f;
  const std::string head =
      fmt::format("CART leaf {} of {} (the densest): coverage {:.2f}, density {:.2f}, mass {:.2f}\n", best,
                  leaves.size(), leaf.stats.coverage, leaf.stats.density, leaf.stats.mass);
  std::string shown = head + write_box(f, t, leaf.box, leaf.box, analysis::quasi_p_values(data, leaf.box), no_share);
  files.files["discovery_box.csv"] = f.str();
  return shown;
}

}  // namespace

Discovery discover(const DiscoveryRequest& rq) {
  analysis::PrimOptions o;
  o.alpha = in_range("--alpha", rq.alpha, 0.001, 0.49);
  o.min_mass = in_range("--min-mass", rq.min_mass, 0.001, 0.99);
  o.density_threshold = in_range("--threshold", rq.threshold, 0, 1);
  o.max_p = in_range("--max-p", rq.max_p, 0, 1);
  const std::uint64_t resamples = parse_unsigned("--resamples", std::to_string(rq.resamples), 0, 10000);
  const Condition where = parse_where(rq.where);
  const std::string& method = rq.method;
  if (method != "prim" && method != "cart") throw UsageError("--method: expected prim or cart, got \"" + method + "\"");
  analysis::CartOptions cart_options;
  cart_options.max_depth = static_cast<unsigned>(parse_unsigned("--max-depth", std::to_string(rq.max_depth), 0, 20));
  cart_options.min_leaf =
      static_cast<std::size_t>(parse_unsigned("--min-leaf", std::to_string(rq.min_leaf), 1, 1'000'000));

  const RunTable t = read_run_table(rq.source, rq.outcome, rq.inputs);
  analysis::PrimData data;
  data.dimensions = t.inputs.size();
  data.x = t.x;
  for (const double y : t.outcome) data.interest.push_back(where.holds(y) ? 1 : 0);
  Discovery d;
  d.runs = t.runs();
  d.cases = static_cast<std::size_t>(std::count(data.interest.begin(), data.interest.end(), 1));
  d.where = where.op + " " + csv_number(where.value);
  if (d.cases == 0 || d.cases == t.runs())
    throw engine::InputError("--where: " + std::to_string(d.cases) + " of " + std::to_string(t.runs()) + " runs have " +
                             rq.outcome + " " + d.where + "; discovery needs some runs on each side");
  if (method == "cart") {
    d.tables.shown = write_cart(d.tables, t, data, analysis::cart(data, cart_options));
    return d;
  }
  auto result = analysis::prim(data, o);
  const analysis::Box pasted = result.box;
  const analysis::BoxStats pasted_stats = result.box_stats;
  result.box = analysis::drop_insignificant(data, result.box, o.max_p);
  result.box_stats = analysis::box_stats(data, result.box);
  const auto p = analysis::quasi_p_values(data, result.box);
  const auto share = analysis::resampled_restriction_shares(data, o, resamples, rq.seed);
  {
    std::ostringstream f;
    write_trajectory(f, result, pasted, pasted_stats);
    d.tables.files["discovery.csv"] = f.str();
  }
  const std::string head =
      fmt::format("PRIM box (step {}, pasted, significant limits): coverage {:.2f}, density {:.2f}, mass {:.2f}\n",
                  result.chosen, result.box_stats.coverage, result.box_stats.density, result.box_stats.mass);
  std::ostringstream f;
  d.tables.shown = head + write_box(f, t, result.box, pasted, p, share);
  d.tables.files["discovery_box.csv"] = f.str();
  return d;
}

std::string default_discovery_dir(const std::string& source) {
  std::string name = std::filesystem::path(source).filename().string();
  if (name.empty()) name = std::filesystem::path(source).parent_path().filename().string();
  return "output/" + name + "-discovery";
}

void write_discovery(const DiscoveryRequest& rq, const Discovery& d, const OutputLocation& loc,
                     const std::vector<std::string>& argv) {
  output::Manifest manifest;
  manifest.command = "discover";
  manifest.argv = argv;
  manifest.argv.insert(manifest.argv.begin(), "discover");
  manifest.seed = rq.seed;
  manifest.runs = d.runs;
  manifest.started_utc = output::utc_now();
  manifest.extra["source"] = rq.source;
  manifest.extra["outcome"] = rq.outcome;
  manifest.extra["where"] = d.where;
  manifest.extra["cases_of_interest"] = std::to_string(d.cases);
  manifest.extra["method"] = rq.method;
  output::OutputDir dir(loc.path, loc.replace, interrupt_requested());
  for (const auto& [file, text] : d.tables.files) {
    auto f = dir.open(file);
    f << text;
  }
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  fmt::print("{} of {} runs have {} {}; ", d.cases, d.runs, rq.outcome.c_str(), d.where.c_str());
  std::cout << d.tables.shown;
  std::cerr << "cmsim discover:" << written_to(dir.final_path().string(), dir.replaced()) << "\n";
}

}  // namespace cmsim::cli
