// `cmsim mm1`: runs the engine's M/M/1 example and compares it with rho / (1 - rho).
#include <fmt/format.h>

#include <iostream>

#include "sim/cli/cli.h"
#include "sim/examples/mm1_queue.h"

namespace cmsim::cli {

int cmd_mm1(const std::vector<std::string>& args) {
  po::options_description opts("mm1 options");
  double rho = 0.8, days = 1e6;
  std::string seed_text;
  opts.add_options()("rho", po::value(&rho)->default_value(0.8), "utilisation lambda/mu, in (0, 1)")(
      "days", po::value(&days)->default_value(1e6), "simulated days (service rate is 1 per day)")(
      "seed", po::value(&seed_text)->default_value("1"), "master seed (whole number)");
  po::variables_map vm;
  if (!parse_args(find_subcommand("mm1"), args, opts, {}, vm)) return EXIT_OK;
  const std::uint64_t seed = parse_unsigned("--seed", seed_text);
  if (!(rho > 0 && rho < 1)) throw UsageError("--rho must be in (0, 1)");
  if (!(days >= 1e3 && days <= 1e8)) throw UsageError("--days must be in [1000, 1e8]");

  examples::Mm1Params p;
  p.arrival_rate = rho;
  p.service_rate = 1.0;
  p.horizon_days = days;
  p.warmup_days = days / 100;
  p.seed = seed;
  const auto r = examples::run_mm1(p);
  const double theory = rho / (1 - rho);
  fmt::print("M/M/1 rho={:.3f} over {:.0f} days (seed {}): {} events\n", rho, days, seed, r.events);
  fmt::print("  mean number in system  simulated {:.4f}  theory rho/(1-rho) {:.4f}  relative error {:+.2f}%\n",
             r.mean_in_system, theory, 100 * (r.mean_in_system - theory) / theory);
  fmt::print("  server utilisation     simulated {:.4f}  theory rho {:.4f}\n", r.utilisation, rho);
  return EXIT_OK;
}

}  // namespace cmsim::cli
