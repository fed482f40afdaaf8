#include "sim/cli/rerun_workflow.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sim/cli/cli.h"
#include "sim/cli/json_value.h"
#include "sim/cli/output_location.h"
#include "sim/engine/input_error.h"
#include "sim/output/manifest.h"

namespace cmsim::cli {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw engine::InputError(p.string() + ": cannot be read (expected a cmsim manifest.json or its folder)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const JsonValue& member(const JsonValue& m, const char* key, JsonValue::Kind kind, const std::string& file) {
  const JsonValue* v = m.find(key);
  if (!v || v->kind != kind) throw engine::InputError(file + ": \"" + key + "\" is missing or of the wrong type");
  return *v;
}

/// Every regular file under `dir` but manifest.json, relative, sorted.
std::vector<std::string> data_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().filename() != "manifest.json")
      out.push_back(fs::relative(e.path(), dir).generic_string());
  std::sort(out.begin(), out.end());
  return out;
}

int compare_folders(const fs::path& original, const fs::path& again) {
  const auto a = data_files(original), b = data_files(again);
  std::vector<std::string> differ;
  for (const auto& f : a)
    if (std::find(b.begin(), b.end(), f) == b.end() || read_text(original / f) != read_text(again / f))
      differ.push_back(f);
  for (const auto& f : b)
    if (std::find(a.begin(), a.end(), f) == a.end()) differ.push_back(f + " (new)");
  if (differ.empty()) {
    std::cout << "cmsim rerun: " << a.size() << " files byte-identical to " << original.string() << "/\n";
    return EXIT_OK;
  }
  std::cout << "cmsim rerun: " << differ.size() << " of " << a.size() << " files differ from " << original.string()
            << "/:\n";
  for (const auto& f : differ) std::cout << "  " << f << "\n";
  return EXIT_CHECK_FAILED;
}

/// Every input the manifest records still has its SHA-256 (InputError otherwise).
void check_inputs(const JsonValue& m, const fs::path& original) {
  if (const JsonValue* inputs = m.find("inputs"))
    for (const auto& in : inputs->items) {
      const JsonValue* path = in.find("path");
      const JsonValue* sha = in.find("sha256");
      if (!path || !sha) continue;
      const std::string now = output::sha256_file(path->text);
      if (now != sha->text)
        throw engine::InputError(path->text + (now.empty() ? ": no longer readable" : ": changed since the run") +
                                 " (recorded sha256 " + sha->text.substr(0, 12) + "…" +
                                 (now.empty() ? "" : ", now " + now.substr(0, 12) + "…") +
                                 "); a rerun would not reproduce " + original.string() + "/; nothing was run");
    }
}

}  // namespace

int rerun(const std::string& given, const std::string& out_dir, bool force) {
  const fs::path file = fs::is_directory(given) ? fs::path(given) / "manifest.json" : fs::path(given);
  const fs::path original = fs::absolute(file).parent_path();
  const JsonValue m = parse_json(read_text(file), file.string());
  if (const JsonValue* part = m.find("part_of"))
    throw UsageError(file.string() + " belongs to a " + part->text + "; rerun the manifest of the folder above it");
  std::vector<std::string> argv;
  for (const auto& a : member(m, "command_line", JsonValue::Kind::ARRAY, file.string()).items) argv.push_back(a.text);
  if (argv.empty() || argv[0] == "rerun") throw UsageError(file.string() + ": no command to rerun");
  const auto& all = subcommands();
  if (std::none_of(all.begin(), all.end(), [&](const Subcommand& c) { return c.name == argv[0]; }))
    throw UsageError(file.string() + ": unknown command \"" + argv[0] + "\" in command_line");
  const Subcommand& cmd = find_subcommand(argv[0]);
  if (!cmd.handler) throw UsageError(file.string() + ": cmsim " + argv[0] + " is not in this build");

  const fs::path target = fs::absolute(out_dir.empty() ? original.string() + "-rerun" : out_dir);
  if (const JsonValue* wd = m.find("working_directory")) {  // relative paths as they were typed
    std::error_code ec;
    fs::current_path(wd->text, ec);
    if (ec) throw engine::InputError(file.string() + ": the run's working directory " + wd->text + " is gone");
  }
  check_inputs(m, original);

  std::vector<std::string> again = command_without_output(argv);
  again.erase(again.begin());
  again.insert(again.end(), {"-o", target.string()});
  if (force) again.push_back("--force");
  std::cerr << "cmsim rerun: cmsim " << argv[0];
  for (const auto& a : again) std::cerr << " " << a;
  std::cerr << "\n";
  const int status = cmd.handler(again);
  if (status != EXIT_OK) return status;
  return compare_folders(original, target);
}

}  // namespace cmsim::cli
