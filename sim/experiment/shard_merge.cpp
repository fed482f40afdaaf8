#include "sim/experiment/shard_merge.h"

#include <algorithm>
#include <map>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/experiment/replication_file.h"
#include "sim/experiment/sweep_runner.h"

namespace cmsim::experiment {

namespace fs = std::filesystem;

namespace {

// The directory's *.replications.bin files, sorted so that the merge does not depend on
// the directory's listing order.
std::vector<fs::path> replication_files_in(const fs::path& d) {
  std::error_code ec;
  std::vector<fs::path> here;
  for (const auto& e : fs::directory_iterator(d, ec)) {
    const auto name = e.path().filename().string();
    if (e.is_regular_file() && name.size() > 17 && name.ends_with(".replications.bin")) here.push_back(e.path());
  }
  if (ec) throw engine::InputError(d.string() + ": cannot read the directory: " + ec.message());
  if (here.empty())
    throw engine::InputError(d.string() +
                             ": no *.replications.bin here; merge takes the output directories of `cmsim sweep "
                             "--shard i/N` (or `cmsim compare --shard i/N`)");
  std::sort(here.begin(), here.end());
  return here;
}

// Every file's replications into the store of its arm, created (for the whole sweep) by
// the arm's first file; a later file must have the same header.
std::map<std::string, RunStore> read_arms(const std::vector<fs::path>& files) {
  std::map<std::string, RunStore> arms;
  std::map<std::string, fs::path> first_file;
  for (const auto& f : files) {
    RunStore* store = nullptr;
    read_replication_file(
        f,
        [&](const SweepHeader& h) {
          auto it = arms.find(h.arm);
          if (it == arms.end()) {
            SweepHeader full = h;
            it = arms.emplace(h.arm, RunStore(full, shard_replications(h.runs, 0, 1))).first;
            first_file.emplace(h.arm, f);
          } else if (const auto diff = it->second.header().mismatch(h); !diff.empty()) {
            throw engine::InputError(f.string() + ": not a shard of the same sweep as " +
                                     first_file.at(h.arm).string() + " (" + diff + ")");
          }
          store = &it->second;
        },
        [&](std::uint64_t r, std::span<const double> p, std::span<const double> v) {
          if (r >= store->header().runs)
            throw engine::InputError(f.string() + ": replication " + std::to_string(r) + " beyond the sweep's runs");
          store->add_values(r, p, v);  // a copy of a replication already read is identical: skipped
        });
  }
  return arms;
}

// The arms in the order the runner wrote them: a sweep's one arm, or a comparison's base and alt.
std::vector<std::string> arm_order(const std::map<std::string, RunStore>& arms) {
  if (arms.size() == 1 && arms.count("sweep")) return {"sweep"};
  if (arms.size() == 2 && arms.count("base") && arms.count("alt")) return {"base", "alt"};
  throw engine::InputError("merge: the directories hold replications of different kinds of run (sweep and compare)");
}

// A merged arm must hold every replication; the error names the first few missing.
void check_complete(const RunStore& s) {
  if (s.complete()) return;
  std::string missing;
  std::size_t count = 0;
  for (std::size_t i = 0; i < s.replications().size(); ++i)
    if (!s.stored(i) && ++count <= 5) {
      if (!missing.empty()) missing += ", ";
      missing += std::to_string(s.replications()[i]);
    }
  throw engine::InputError("merge: " + std::to_string(count) + " of " + std::to_string(s.replications().size()) +
                           " replications missing (" + missing + (count > 5 ? ", ..." : "") +
                           "); pass the output directory of every shard");
}

}  // namespace

std::vector<RunStore> merge_shard_dirs(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> files;
  for (const auto& d : dirs) {
    const auto here = replication_files_in(d);
    files.insert(files.end(), here.begin(), here.end());
  }
  auto arms = read_arms(files);
  std::vector<RunStore> out;
  for (const auto& name : arm_order(arms)) {
    RunStore& s = arms.at(name);
    check_complete(s);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace cmsim::experiment
