// bench_sweep: replications per second of a Monte Carlo sweep of a scenario on 1 and 2
// threads, nanoseconds per agent-quarter, and the process's peak resident memory.
//   bench_sweep [SCENARIO (default scenarios/baseline.yaml)] [RUNS (default 20)]
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "sim/experiment/sweep_runner.h"

int main(int argc, char** argv) try {
  using namespace cmsim;
  const std::string path = argc > 1 ? argv[1] : "scenarios/baseline.yaml";
  const std::uint64_t runs = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20;
  const scenario::Scenario s = scenario::load_scenario(path);

  std::atomic<std::uint64_t> agent_quarters{0};
  experiment::Arm arm;
  arm.name = "sweep";
  for (const auto& u : s.uncertain) arm.parameters.push_back(experiment::from_distribution(u.path, u.distribution));
  arm.replicate = [&](std::uint64_t r, std::span<const double> v) {
    scenario::Scenario copy = s;
    for (std::size_t k = 0; k < v.size(); ++k) copy.uncertain[k].apply(copy, v[k]);
    auto res = market::run_market(copy, r);
    agent_quarters += res.agent_quarters;
    return std::move(res.timeseries);
  };

  std::printf("bench_sweep: %s, %llu replications, %zu uncertain parameters\n", path.c_str(),
              static_cast<unsigned long long>(runs), s.uncertain.size());
  for (unsigned threads : {1u, 2u}) {
    agent_quarters = 0;
    experiment::SweepOptions o;
    o.runs = runs;
    o.seed = s.seed;
    o.threads = threads;
    const auto out = experiment::run_arms({arm}, o);
    const double cpu_ns = out.seconds * 1e9 * threads;
    std::printf(
        "  threads %u: %.2f replications/s, %.1f thread-ns per agent-quarter (%.0f agent-quarters per replication)\n",
        threads, static_cast<double>(runs) / out.seconds,
        cpu_ns / static_cast<double>(std::max<std::uint64_t>(1, agent_quarters.load())),
        static_cast<double>(agent_quarters.load()) / static_cast<double>(runs));
  }
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("  peak RSS: %.1f MB\n", static_cast<double>(ru.ru_maxrss) / 1024.0);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_sweep: %s\n", e.what());
  return 2;
}
