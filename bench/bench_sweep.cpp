// bench_sweep: what a Monte Carlo sweep of a scenario costs, in CPU time (not wall time ×
// threads: other processes on the machine do not inflate it), measured `repeat` times for
// each thread count and reported as the minimum and the median (docs/performance.md):
//   - CPU ns per agent-quarter, and separately per buyer-quarter and per developer-quarter
//     (the developer population is timed on its own, same scenario and quarters; the buyer
//     figure is the rest of the replication's CPU time over its buyer-quarters);
//   - CPU ms per replication and replications per second per thread (= per CPU-second);
//   - heap allocations per replication (this binary replaces operator new to count them),
//     and page faults per replication (minor faults, getrusage: memory the allocator gave
//     back to the kernel and a replication touched again);
//   - wall seconds of the sweep, and the process's peak resident memory.
//   bench_sweep [SCENARIO (default scenarios/baseline.yaml)] [RUNS (default 20)]
//               [--repeat K (default 5)] [--threads N (only N; default 1 then 2)]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <string>
#include <vector>

#include "bench/allocation_counter.h"
#include "bench/cpu_clock.h"
#include "models/ecosystem/developer_population.h"
#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/experiment/sweep_runner.h"

namespace {

using namespace cmsim;

struct Options {
  std::string path = "scenarios/baseline.yaml";
  std::uint64_t runs = 20;
  int repeat = 5;
  std::vector<unsigned> threads = {1, 2};
};

Options parse(int argc, char** argv) {
  Options o;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--repeat" || a == "--threads") && i + 1 < argc) {
      const long v = std::strtol(argv[++i], nullptr, 10);
      if (v < 1) throw std::invalid_argument(a + " must be at least 1");
      if (a == "--repeat") o.repeat = static_cast<int>(v);
      if (a == "--threads") o.threads = {static_cast<unsigned>(v)};
    } else if (positional == 0) {
      o.path = a, ++positional;
    } else if (positional == 1) {
      o.runs = std::strtoull(a.c_str(), nullptr, 10), ++positional;
      if (o.runs == 0) throw std::invalid_argument("RUNS must be at least 1");
    } else {
      throw std::invalid_argument("unexpected argument " + a);
    }
  }
  return o;
}

struct Sample {
  double cpu_s = 0, wall_s = 0;
  std::uint64_t allocations = 0;
  long page_faults = 0;
};

long minor_faults() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_minflt;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}
double minimum(const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); }

/// CPU seconds per replication of the developer population alone (built, then stepped
/// `quarters` times with constant compute shares), the least of `repeat` timings of `reps`.
double developer_seconds(const scenario::Scenario& s, int quarters, int reps, int repeat) {
  if (s.developers.agents == 0 || quarters == 0) return 0;
  std::vector<double> share(s.ecosystems.size(), 1.0 / static_cast<double>(s.ecosystems.size()));
  std::vector<double> best;
  for (int k = 0; k < repeat; ++k) {
    const double t0 = bench::process_cpu_seconds();
    for (int r = 0; r < reps; ++r) {
      ecosystem::DeveloperPopulation d(s, static_cast<std::uint64_t>(r));
      for (int q = 0; q < quarters; ++q) d.step(share, share);
    }
    best.push_back((bench::process_cpu_seconds() - t0) / reps);
  }
  return minimum(best);
}

/// One thread count's lines: min / median over the repeats of each figure.
void print_report(unsigned threads, const std::vector<Sample>& samples, double runs, double quarters,
                  std::uint64_t buyers, std::uint64_t developers, double dev_s) {
  std::vector<double> per_rep, wall, allocs, faults;
  for (const auto& x : samples) {
    per_rep.push_back(x.cpu_s / runs);
    wall.push_back(x.wall_s);
    allocs.push_back(static_cast<double>(x.allocations) / runs);
    faults.push_back(static_cast<double>(x.page_faults) / runs);
  }
  const double agent_q = quarters * static_cast<double>(buyers + developers);
  const double buyer_q = quarters * static_cast<double>(buyers);
  const double dev_q = quarters * static_cast<double>(developers);
  auto line = [&](const char* what, double scale, const char* unit, double offset) {
    std::printf("    %-30s %10.1f / %10.1f %s\n", what, (minimum(per_rep) - offset) * scale,
                (median(per_rep) - offset) * scale, unit);
  };
  std::printf("  threads %u (%.0f quarters; %.0f agent-quarters per replication)\n", threads, quarters, agent_q);
  line("CPU per replication", 1e3, "ms", 0);
  line("CPU per agent-quarter", 1e9 / agent_q, "ns", 0);
  line("CPU per buyer-quarter", 1e9 / buyer_q, "ns (replication less developers)", dev_s);
  if (dev_q > 0)
    std::printf("    %-30s %10.1f %s\n", "CPU per developer-quarter", dev_s * 1e9 / dev_q, "ns (timed alone)");
  std::printf("    %-30s %10.1f / %10.1f per CPU-second\n", "replications per thread", 1.0 / minimum(per_rep),
              1.0 / median(per_rep));
  std::printf("    %-30s %10.0f / %10.0f\n", "heap allocations per replication", minimum(allocs), median(allocs));
  std::printf("    %-30s %10.1f / %10.1f\n", "page faults per replication", minimum(faults), median(faults));
  std::printf("    %-30s %10.3f / %10.3f s\n", "wall time of the sweep", minimum(wall), median(wall));
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  const scenario::Scenario s = scenario::load_scenario(o.path);

  // The replication a sweep runs (sim/cli/experiment_command.cpp's market_arm).
  std::atomic<std::uint64_t> agent_quarters{0};
  experiment::Arm arm;
  arm.name = "sweep";
  for (const auto& u : s.uncertain) arm.parameters.push_back(experiment::from_distribution(u.path, u.distribution));
  arm.replicate = [&](std::uint64_t r, std::span<const double> v) {
    thread_local scenario::Scenario copy;  // as the CLI: one working copy per thread
    copy = s;
    for (std::size_t k = 0; k < v.size(); ++k) copy.uncertain[k].apply(copy, v[k]);
    auto res = market::run_market(copy, r, market::RunRows::SERIES_ONLY);
    agent_quarters += res.agent_quarters;
    return std::move(res.timeseries);
  };

  std::uint64_t buyers = 0;
  for (const auto& seg : s.buyers) buyers += static_cast<std::uint64_t>(seg.count);
  const std::uint64_t developers = static_cast<std::uint64_t>(s.developers.agents);

  std::printf("bench_sweep: %s, %llu replications, %zu uncertain parameters, %llu buyers, %llu developer agents\n",
              o.path.c_str(), static_cast<unsigned long long>(o.runs), s.uncertain.size(),
              static_cast<unsigned long long>(buyers), static_cast<unsigned long long>(developers));
  std::printf("  CPU time (CLOCK_PROCESS_CPUTIME_ID), min / median of %d repeats\n", o.repeat);
  double quarters = 0;
  double dev_s = -1;
  for (unsigned threads : o.threads) {
    std::vector<Sample> samples;
    for (int k = 0; k < o.repeat; ++k) {
      agent_quarters = 0;
      experiment::SweepOptions so;
      so.runs = o.runs;
      so.seed = s.seed;
      so.threads = threads;
      const std::uint64_t a0 = bench::allocations();
      const double c0 = bench::process_cpu_seconds();
      const double w0 = bench::wall_seconds();
      const long f0 = minor_faults();
      experiment::run_arms({arm}, so);
      samples.push_back({bench::process_cpu_seconds() - c0, bench::wall_seconds() - w0, bench::allocations() - a0,
                         minor_faults() - f0});
      quarters = static_cast<double>(agent_quarters.load()) / static_cast<double>(o.runs) /
                 static_cast<double>(std::max<std::uint64_t>(1, buyers + developers));
    }
    if (dev_s < 0) dev_s = developer_seconds(s, static_cast<int>(quarters + 0.5), 20, o.repeat);
    print_report(threads, samples, static_cast<double>(o.runs), quarters, buyers, developers, dev_s);
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("  peak RSS: %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_sweep: %s\n", e.what());
  return 2;
}
