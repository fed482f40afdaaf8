#include "sim/experiment/sweep_runner.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "sim/engine/input_error.h"
#include "sim/experiment/allocator_policy.h"
#include "sim/experiment/parameter_design.h"
#include "sim/experiment/replication_file.h"

namespace cmsim::experiment {

namespace fs = std::filesystem;

std::vector<std::uint64_t> shard_replications(std::uint64_t runs, std::uint64_t index, std::uint64_t count,
                                              const std::function<std::uint64_t(std::uint64_t)>& group) {
  std::vector<std::uint64_t> out;
  if (group) {
    for (std::uint64_t r = 0; r < runs; ++r)
      if (group(r) % count == index) out.push_back(r);
    return out;
  }
  for (std::uint64_t r = index; r < runs; r += count) out.push_back(r);
  return out;
}

std::string replication_file_name(const std::string& arm, const std::string& tag) {
  return arm + tag + ".replications.bin";
}

void validate(const SweepOptions& o) {
  if (o.runs == 0) throw std::invalid_argument("runs must be at least 1");
  if (o.threads == 0) throw std::invalid_argument("threads must be at least 1");
  if (o.shard_count == 0 || o.shard_index >= o.shard_count)
    throw std::invalid_argument("shard index must be below the shard count");
}

namespace {

// Whether `name` is one of `arm`'s replication files (any tag).
bool is_arm_file(const std::string& name, const std::string& arm) {
  const std::string suffix = ".replications.bin";
  if (name.size() < arm.size() + suffix.size() || name.compare(0, arm.size(), arm) != 0) return false;
  if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  const std::string tag = name.substr(arm.size(), name.size() - arm.size() - suffix.size());
  return tag.empty() || tag.front() == '.';
}

std::vector<fs::path> arm_files(const fs::path& dir, const std::string& arm) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_arm_file(e.path().filename().string(), arm)) out.push_back(e.path());
  std::sort(out.begin(), out.end());  // a fixed order: the first copy of a duplicate wins
  return out;
}

// Loads an arm's checkpoint files into `store`; returns how many bytes of `own` are intact.
std::uint64_t load_checkpoints(const fs::path& dir, const fs::path& own, RunStore& store) {
  std::uint64_t own_bytes = 0;
  for (const auto& path : arm_files(dir, store.header().arm)) {
    const auto bytes = read_replication_file(
        path,
        [&](const SweepHeader& h) {
          const std::string diff = store.header().mismatch(h);
          if (!diff.empty())
            throw engine::InputError(path.string() +
                                     ": cannot resume: the partial sweep was started with other settings (" + diff +
                                     "); delete " + dir.string() + " or run without --resume");
          store.set_layout(h.metrics, h.first_quarter, h.quarters);
        },
        [&](std::uint64_t r, std::span<const double> p, std::span<const double> v) { store.add_values(r, p, v); });
    if (path == own) own_bytes = bytes;
  }
  return own_bytes;
}

std::vector<std::string> union_of_names(const std::vector<Arm>& arms) {
  std::vector<std::string> names;
  for (const auto& a : arms)
    for (const auto& p : a.parameters)
      if (std::find(names.begin(), names.end(), p.name) == names.end()) names.push_back(p.name);
  return names;
}

/// For each arm, where each of its parameters sits among the design's dimensions.
std::vector<std::vector<std::size_t>> design_dimensions(const std::vector<Arm>& arms,
                                                        const std::vector<std::string>& names) {
  std::vector<std::vector<std::size_t>> dimension_of(arms.size());
  for (std::size_t a = 0; a < arms.size(); ++a)
    for (const auto& p : arms[a].parameters)
      dimension_of[a].push_back(
          static_cast<std::size_t>(std::find(names.begin(), names.end(), p.name) - names.begin()));
  return dimension_of;
}

/// One empty store per arm for this shard's replications; a shard with nothing to do would
/// write no sweep (its files need one run's layout), so it is refused.
std::vector<RunStore> empty_stores(const std::vector<Arm>& arms, const SweepOptions& o,
                                   const std::vector<std::uint64_t>& mine) {
  if (mine.empty() && o.shard_count > 1)
    throw engine::InputError("--shard " + std::to_string(o.shard_index) + "/" + std::to_string(o.shard_count) +
                             ": no run falls to this shard (" + std::to_string(o.runs) + " runs" +
                             (o.groups ? ", split by the replication their runs share" : "") +
                             "); use fewer shards or more runs");
  std::vector<RunStore> stores;
  for (const auto& arm : arms) {
    SweepHeader h;
    h.arm = arm.name;
    h.identity = o.identity;
    h.seed = o.seed;
    h.runs = o.runs;
    h.design = to_string(o.design);
    h.runs_output = o.runs_output;
    for (const auto& p : arm.parameters) h.parameters.push_back(p.name);
    stores.emplace_back(std::move(h), mine);
  }
  return stores;
}

/// Checkpoints: load (resume) or clear, then open this process's own file per arm.
std::vector<std::unique_ptr<ReplicationFileWriter>> open_checkpoints(const std::vector<Arm>& arms,
                                                                     const SweepOptions& o,
                                                                     std::vector<RunStore>& stores) {
  std::vector<std::unique_ptr<ReplicationFileWriter>> writers(arms.size());
  if (o.checkpoint_dir.empty()) return writers;
  fs::create_directories(o.checkpoint_dir);
  for (std::size_t a = 0; a < arms.size(); ++a) {
    const fs::path own = o.checkpoint_dir / replication_file_name(arms[a].name, o.checkpoint_tag);
    std::uint64_t keep = 0;
    if (o.resume) {
      keep = load_checkpoints(o.checkpoint_dir, own, stores[a]);
    } else {
      for (const auto& f : arm_files(o.checkpoint_dir, arms[a].name)) fs::remove(f);
    }
    writers[a] = std::make_unique<ReplicationFileWriter>(own, keep);
  }
  return writers;
}

/// Work items: one replication each, or the replications of a group (in order); with fewer
/// groups than threads the largest are split (sharing less, but every thread works).
std::vector<std::vector<std::uint64_t>> work_items(const std::vector<std::uint64_t>& todo, const SweepOptions& o) {
  std::vector<std::vector<std::uint64_t>> items;
  if (!o.groups) {
    for (auto r : todo) items.push_back({r});
    return items;
  }
  std::map<std::uint64_t, std::size_t> item_of;
  for (auto r : todo) {
    const auto [it, fresh] = item_of.emplace(o.groups.group(r), items.size());
    if (fresh) items.emplace_back();
    items[it->second].push_back(r);
  }
  while (items.size() < o.threads) {
    const auto largest =
        std::max_element(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    if (largest == items.end() || largest->size() < 2) break;
    const auto half = static_cast<std::ptrdiff_t>(largest->size() / 2);
    std::vector<std::uint64_t> second(largest->begin() + half, largest->end());
    largest->resize(static_cast<std::size_t>(half));
    items.push_back(std::move(second));
  }
  return items;
}

/// One work item's runs: the parameter values each arm samples, and each run's result.
struct ItemRuns {
  std::vector<double> unit;
  std::vector<std::vector<std::vector<double>>> values;  // [k][arm]
  std::vector<std::vector<engine::Recorder>> results;    // [k][arm]
};

void run_item(const std::vector<Arm>& arms, const SweepOptions& o, const ParameterDesign& design,
              const std::vector<std::vector<std::size_t>>& dimension_of, const std::vector<std::uint64_t>& item,
              ItemRuns& runs) {
  runs.values.resize(item.size());  // reused: no allocation per replication in a plain sweep
  for (std::size_t k = 0; k < item.size(); ++k) {
    design.point(item[k], runs.unit);
    runs.values[k].resize(arms.size());
    for (std::size_t a = 0; a < arms.size(); ++a) runs.values[k][a].clear();
    for (std::size_t a = 0; a < arms.size(); ++a)
      for (std::size_t p = 0; p < arms[a].parameters.size(); ++p)
        runs.values[k][a].push_back(arms[a].parameters[p].quantile(runs.unit[dimension_of[a][p]]));
  }
  if (o.groups) {
    runs.results = o.groups.replicate(item, runs.values);
    if (runs.results.size() != item.size()) throw std::logic_error("run_arms: a group returned another count of runs");
  } else {
    runs.results.resize(1);
    runs.results[0].clear();
    for (std::size_t a = 0; a < arms.size(); ++a)
      runs.results[0].push_back(arms[a].replicate(item[0], runs.values[0][a]));
  }
}

/// Stores an item's runs (and appends them to the checkpoints); the caller holds the lock.
void store_item(const std::vector<std::uint64_t>& item, const ItemRuns& runs, SweepOutcome& out,
                std::vector<std::unique_ptr<ReplicationFileWriter>>& writers, ProgressReporter& progress,
                std::uint64_t& done) {
  for (std::size_t k = 0; k < item.size(); ++k) {
    const std::uint64_t r = item[k];
    for (std::size_t a = 0; a < out.arms.size(); ++a) {
      RunStore& store = out.arms[a];
      if (store.has(r)) continue;  // resumed in this arm, redone for the other
      store.add(r, runs.values[k][a], runs.results[k].at(a));
      if (writers[a]) {
        if (!writers[a]->has_header()) writers[a]->write_header(store.header());
        const auto slot =
            static_cast<std::size_t>(std::lower_bound(store.replications().begin(), store.replications().end(), r) -
                                     store.replications().begin());
        writers[a]->append(r, store.parameters(slot), store.values(slot));
      }
    }
    ++out.computed;
    progress.update(++done);
  }
}

}  // namespace

SweepOutcome run_arms(const std::vector<Arm>& arms, const SweepOptions& o) {
  validate(o);
  if (arms.empty()) throw std::invalid_argument("run_arms: no arms");
  retain_freed_memory();  // what a replication frees is the next one's, not the kernel's
  const auto started = std::chrono::steady_clock::now();
  const auto names = union_of_names(arms);
  const ParameterDesign design(o.design, names.size(), o.runs, o.seed);
  const auto dimension_of = design_dimensions(arms, names);

  SweepOutcome out;
  const auto mine = shard_replications(o.runs, o.shard_index, o.shard_count, o.groups ? o.groups.group : nullptr);
  out.arms = empty_stores(arms, o, mine);
  auto writers = open_checkpoints(arms, o, out.arms);
  std::vector<std::uint64_t> todo;
  for (auto r : mine)
    if (!std::all_of(out.arms.begin(), out.arms.end(), [r](const RunStore& s) { return s.has(r); })) todo.push_back(r);
  out.resumed = mine.size() - todo.size();
  const auto items = work_items(todo, o);

  ProgressReporter progress(o.progress_label, mine.size(), out.resumed, o.progress);
  std::mutex mutex;  // guards the stores, writers, counters and the first error
  std::atomic<std::uint64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::uint64_t done = out.resumed;
  auto worker = [&] {
    ItemRuns runs;
    runs.unit.resize(names.size());
    while (!failed.load()) {
      if (o.stop_requested && o.stop_requested()) break;
      const std::uint64_t i = next.fetch_add(1);
      if (i >= items.size() || (o.stop_after && i >= *o.stop_after)) break;
      try {
        run_item(arms, o, design, dimension_of, items[i], runs);
        std::lock_guard lock(mutex);
        store_item(items[i], runs, out, writers, progress, done);
      } catch (...) {
        std::lock_guard lock(mutex);
        if (!error) error = std::current_exception();
        failed = true;
      }
    }
  };
  const unsigned n_threads = static_cast<unsigned>(std::min<std::uint64_t>(o.threads, items.size()));
  if (n_threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < n_threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
  }
  for (auto& w : writers)
    if (w) w->sync();
  if (error) std::rethrow_exception(error);
  progress.finish(done);
  out.complete = std::all_of(out.arms.begin(), out.arms.end(), [](const RunStore& s) { return s.complete(); });
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return out;
}

SweepOutcome run_sweep(const ReplicationFn& replicate, const std::vector<Parameter>& parameters,
                       const SweepOptions& options) {
  return run_arms({Arm{"sweep", replicate, parameters}}, options);
}

}  // namespace cmsim::experiment
