#include "sim/cli/run_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>

#include "sim/analysis/outcome.h"
#include "sim/engine/input_error.h"

namespace cmsim::cli {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw engine::InputError(engine::printable_text(where) + ": " + what);
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto comma = line.find(',', start);
    out.push_back(line.substr(start, comma - start));
    if (comma == std::string::npos) return out;
    start = comma + 1;
  }
}

double number(const std::string& text, const std::string& where) {
  if (text.empty()) return std::nan("");
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) fail(where, "expected a number, got \"" + text + "\"");
  return v;
}

// Reads a header and rows; calls `row(fields, line_number)` for each data line.
template <class F>
std::vector<std::string> read_csv(const fs::path& p, F row) {
  std::ifstream in(p);
  if (!in) fail(p.string(), "cannot be read");
  std::string line;
  if (!std::getline(in, line)) fail(p.string(), "empty file");
  const auto header = split(line);
  for (std::size_t n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto fields = split(line);
    if (fields.size() != header.size())
      fail(p.string() + ":" + std::to_string(n),
           "expected " + std::to_string(header.size()) + " fields, got " + std::to_string(fields.size()));
    row(fields, n);
  }
  return header;
}

void check_finite(const RunTable& t, const std::string& file) {
  for (std::size_t r = 0; r < t.runs(); ++r) {
    if (std::isnan(t.outcome[r])) fail(file, "run " + t.run_ids[r] + ": the outcome is undefined (empty or NaN)");
    for (std::size_t j = 0; j < t.inputs.size(); ++j)
      if (std::isnan(t.x[r * t.inputs.size() + j]))
        fail(file, "run " + t.run_ids[r] + ": input " + t.inputs[j] + " is empty");
  }
}

// Keeps only the chosen inputs (all when none are named); throws naming a missing one.
void select_inputs(RunTable& t, const std::vector<std::string>& chosen, const std::string& file) {
  if (chosen.empty()) return;
  const std::size_t d = t.inputs.size();
  std::vector<std::size_t> columns;
  for (const auto& name : chosen) {
    const auto it = std::find(t.inputs.begin(), t.inputs.end(), name);
    if (it == t.inputs.end()) fail(file, "--inputs: no input named \"" + name + "\"");
    columns.push_back(static_cast<std::size_t>(it - t.inputs.begin()));
  }
  std::vector<double> x;
  for (std::size_t r = 0; r < t.runs(); ++r)
    for (const auto c : columns) x.push_back(t.x[r * d + c]);
  t.x = std::move(x);
  t.inputs = chosen;
}

RunTable read_csv_table(const fs::path& p, const std::string& outcome, const std::vector<std::string>& chosen) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
  const auto header = read_csv(p, [&](const std::vector<std::string>& f, std::size_t n) {
    rows.push_back(f);
    lines.push_back(n);
  });
  RunTable t;
  std::vector<std::size_t> input_columns;
  std::size_t outcome_column = header.size(), run_column = header.size();
  for (std::size_t c = 0; c < header.size(); ++c) {
    if (header[c] == outcome)
      outcome_column = c;
    else if (header[c] == "run")
      run_column = c;
    else if (chosen.empty() ? header[c] != "group" && header[c].find(':') == std::string::npos
                            : std::find(chosen.begin(), chosen.end(), header[c]) != chosen.end()) {
      input_columns.push_back(c);
      t.inputs.push_back(header[c]);
    }
  }
  if (outcome_column == header.size()) fail(p.string() + ":1", "--outcome: no column named \"" + outcome + "\"");
  if (t.inputs.empty()) fail(p.string() + ":1", "no input columns");
  for (const auto& name : chosen)
    if (std::find(t.inputs.begin(), t.inputs.end(), name) == t.inputs.end())
      fail(p.string() + ":1", "--inputs: no column named \"" + name + "\"");
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string where = p.string() + ":" + std::to_string(lines[r]);
    t.run_ids.push_back(run_column < header.size() ? rows[r][run_column] : std::to_string(r));
    t.outcome.push_back(number(rows[r][outcome_column], where + ": " + header[outcome_column]));
    for (const auto c : input_columns) t.x.push_back(number(rows[r][c], where + ": " + header[c]));
  }
  check_finite(t, p.string());
  select_inputs(t, chosen, p.string());
  return t;
}

RunTable read_sweep(const fs::path& dir, const std::string& outcome, const std::vector<std::string>& chosen) {
  const auto spec = analysis::parse_outcome(outcome, "--outcome");
  RunTable t;
  std::map<std::string, std::size_t> run_index;
  std::vector<std::map<std::string, double>> params;
  read_csv(dir / "params.csv", [&](const std::vector<std::string>& f, std::size_t n) {
    if (f.size() != 3) fail((dir / "params.csv").string(), "expected run,parameter,value");
    auto [it, added] = run_index.emplace(f[0], run_index.size());
    if (added) params.emplace_back(), t.run_ids.push_back(f[0]);
    if (std::find(t.inputs.begin(), t.inputs.end(), f[1]) == t.inputs.end()) t.inputs.push_back(f[1]);
    params[it->second][f[1]] = number(f[2], (dir / "params.csv").string() + ":" + std::to_string(n));
  });
  if (t.inputs.empty()) fail((dir / "params.csv").string(), "no sampled parameters: nothing to discover in");
  for (const auto& p : params)
    for (const auto& name : t.inputs) t.x.push_back(p.count(name) ? p.at(name) : std::nan(""));
  const fs::path runs = dir / "runs.csv";
  if (!fs::exists(runs))
    fail(runs.string(),
         "not found (a sweep run with --runs-output gz or none: gunzip runs.csv.gz, or run it again "
         "with --runs-output csv)");
  std::vector<std::map<int, double>> series(t.run_ids.size());
  int first = INT32_MAX;
  read_csv(runs, [&](const std::vector<std::string>& f, std::size_t n) {
    if (f.size() != 4 || f[2] != spec.metric) return;
    const auto q = engine::Quarter::parse(f[1]);
    const auto it = run_index.find(f[0]);
    if (!q || it == run_index.end()) fail(runs.string() + ":" + std::to_string(n), "unknown run or quarter");
    series[it->second][q->index()] = number(f[3], runs.string() + ":" + std::to_string(n));
    first = std::min(first, q->index());
  });
  if (first == INT32_MAX) fail(runs.string(), "--outcome: no series named \"" + spec.metric + "\"");
  for (const auto& s : series) {
    std::vector<double> v(s.empty() ? 0 : static_cast<std::size_t>(s.rbegin()->first - first + 1), std::nan(""));
    for (const auto& [q, value] : s) v[static_cast<std::size_t>(q - first)] = value;
    t.outcome.push_back(analysis::evaluate(spec, v, engine::Quarter::from_index(first), "--outcome"));
  }
  check_finite(t, runs.string());
  select_inputs(t, chosen, (dir / "params.csv").string());
  return t;
}

}  // namespace

RunTable read_run_table(const std::string& source, const std::string& outcome, const std::vector<std::string>& inputs) {
  if (fs::is_directory(source)) return read_sweep(source, outcome, inputs);
  if (!fs::exists(source)) fail(source, "no such file or folder");
  return read_csv_table(source, outcome, inputs);
}

}  // namespace cmsim::cli
