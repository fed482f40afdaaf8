#include "sim/cli/merge_workflow.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/cli/json_value.h"
#include "sim/cli/output_location.h"
#include "sim/cli/study.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/experiment/runs_format.h"
#include "sim/experiment/shard_merge.h"
#include "sim/experiment/sweep_files.h"
#include "sim/experiment/sweep_header.h"
#include "sim/output/manifest.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw engine::InputError(p.string() + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A shard's files beside its replications and manifest (relative, sorted): what the
// unsharded run writes besides its tables (events.csv, base/manifest.json, ...).
std::vector<std::string> side_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = fs::relative(e.path(), dir).generic_string();
    if (e.is_regular_file() && name != "manifest.json" && !name.ends_with(".replications.bin")) out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The side files of the first shard, which every shard must hold alike (but for the
// arms' manifests, whose times differ): name -> content.
std::vector<std::pair<std::string, std::string>> shared_side_files(const std::vector<std::string>& dirs) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& name : side_files(dirs.front())) out.emplace_back(name, read_text(fs::path(dirs.front()) / name));
  for (std::size_t i = 1; i < dirs.size(); ++i)
    for (const auto& [name, content] : out) {
      if (fs::path(name).filename() == "manifest.json") continue;
      const fs::path other = fs::path(dirs[i]) / name;
      if (!fs::exists(other) || read_text(other) != content)
        throw engine::InputError(other.string() + ": " + (fs::exists(other) ? "differs from" : "missing, unlike") +
                                 " " + (fs::path(dirs.front()) / name).string() + "; the shards are not of one run");
    }
  return out;
}

// Runs `f` in `dir` (a recorded working directory: relative paths of a command line), then
// returns to where it was, also when `f` throws.
template <class F>
auto in_directory(const std::string& dir, F f) {
  const fs::path here = fs::current_path();
  std::error_code ec;
  fs::current_path(dir, ec);
  if (ec) throw engine::InputError("the shards' working directory " + dir + " is gone (" + ec.message() + ")");
  struct Back {
    fs::path p;
    ~Back() {
      std::error_code ignored;
      fs::current_path(p, ignored);
    }
  } back{here};
  return f();
}

// The exploratory command a shard ran, rebuilt from its manifest; nullopt for a sweep or a
// comparison. Checks that its inputs are still those the shards ran with.
std::optional<Study> shard_study(const fs::path& dir, const experiment::SweepHeader& h) {
  const fs::path file = dir / "manifest.json";
  if (!fs::exists(file)) return std::nullopt;
  const JsonValue m = parse_json(read_text(file), file.string());
  const JsonValue* command = m.find("command");
  if (!command || !is_study_command(command->text)) return std::nullopt;
  const JsonValue* line = m.find("command_line");
  if (!line || line->items.empty())
    throw engine::InputError(file.string() + ": no command_line to rebuild the run from");
  std::vector<std::string> argv;
  for (const auto& a : line->items) argv.push_back(a.text);
  argv = command_without_output(argv, true);
  argv.erase(argv.begin());
  const JsonValue* wd = m.find("working_directory");
  const auto parse = [&] { return parse_study(command->text, argv); };
  auto parsed = wd ? in_directory(wd->text, parse) : parse();
  if (!parsed) throw engine::InputError(file.string() + ": its command line asks for --help");
  if (const auto diff = experiment::identity_difference(parsed->study.identity, h.identity); !diff.empty())
    throw engine::InputError(file.string() + ": the inputs of cmsim " + command->text +
                             " changed since the shards ran (" + diff + "); run the shards again");
  if (parsed->study.runs != h.runs)
    throw engine::InputError(file.string() + ": cmsim " + command->text + " now plans " +
                             std::to_string(parsed->study.runs) + " runs, the shards " + std::to_string(h.runs));
  return std::move(parsed->study);
}

// The files an unsharded run writes, but for its manifest.
void write_merged(const output::OutputDir& dir, const std::vector<experiment::RunStore>& stores,
                  experiment::RunsFormat format, const std::vector<std::pair<std::string, std::string>>& side,
                  const StudyTables& tables) {
  if (stores.size() == 1)
    experiment::write_sweep_files(dir, "", stores[0], format);
  else
    experiment::write_compare_files(dir, stores[0], stores[1], format);
  for (const auto& [name, content] : side) {
    if (const auto folder = fs::path(name).parent_path(); !folder.empty())
      fs::create_directories(dir.temp_path(folder.string()));
    auto f = dir.open(name);
    f << content;
  }
  for (const auto& [name, content] : tables.files) {
    auto f = dir.open(name);
    f << content;
  }
}

}  // namespace

int merge_shards(const MergeRequest& rq) {
  output::Manifest manifest;
  manifest.command = "merge";
  manifest.argv = rq.argv;
  manifest.argv.insert(manifest.argv.begin(), "merge");
  manifest.started_utc = output::utc_now();

  const auto stores = experiment::merge_shard_dirs(std::vector<fs::path>(rq.dirs.begin(), rq.dirs.end()));
  const auto& h = stores.front().header();
  const experiment::RunsFormat format =
      rq.format ? *rq.format : experiment::runs_format_from_string(h.runs_output).value_or(experiment::RunsFormat::CSV);
  const auto side = shared_side_files(rq.dirs);
  const auto study = shard_study(rq.dirs.front(), h);
  StudyTables tables;
  if (study) tables = study->finish(stores.front());  // before writing: a bad outcome writes nothing

  experiment::InterruptFlag interrupt;  // Ctrl-C from here on: the temporary is removed, exit 130
  output::OutputDir dir(rq.where.path, rq.where.replace, interrupt_requested());
  write_merged(dir, stores, format, side, tables);
  manifest.inputs = experiment::identity_inputs(h.identity);  // what the shards were run from
  manifest.seed = h.seed;
  manifest.runs = h.runs;
  manifest.extra["design"] = h.design;
  manifest.extra["runs_output"] = experiment::to_string(format);
  // What the shards ran: cmsim_io loads a merged sweep or comparison as one.
  manifest.extra["merged_command"] = study ? study->command : stores.size() == 1 ? "sweep" : "compare";
  manifest.numbers["shards"] = static_cast<std::int64_t>(rq.dirs.size());
  manifest.finished_utc = output::utc_now();
  {
    auto f = dir.open("manifest.json");
    f << manifest.to_json();
  }
  dir.commit();
  std::cout << tables.shown;
  std::cerr << "cmsim merge: " << h.runs << " replications from " << rq.dirs.size() << " shards"
            << written_to(dir.final_path().string(), dir.replaced()) << "\n";
  return EXIT_OK;
}

}  // namespace cmsim::cli
