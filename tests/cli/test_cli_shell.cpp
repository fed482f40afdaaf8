// End-to-end tests of the command-line shell: help, version, usage errors, exit codes.
#include <catch2/catch.hpp>
#include <cstdio>

#include "tests/support/run_cmsim.h"

using cmsim::testing::run_cmsim;

TEST_CASE("cmsim --help lists every command and exits 0", "[cli]") {
  const auto r = run_cmsim("--help");
  CHECK(r.status == 0);
  for (const char* cmd : {"run", "sweep", "compare", "merge", "validate", "rules", "validate-history", "calibrate"}) {
    INFO(cmd);
    CHECK(r.out.find(std::string("  ") + cmd + " ") != std::string::npos);
  }
}

TEST_CASE("cmsim --version prints the version", "[cli]") {
  const auto r = run_cmsim("--version");
  CHECK(r.status == 0);
  CHECK(r.out.rfind("cmsim ", 0) == 0);
}

TEST_CASE("No command, an unknown command or option is a usage error with exit 2", "[cli]") {
  const auto none = run_cmsim("");
  CHECK(none.status == 2);
  const auto unknown = run_cmsim("frobnicate");
  CHECK(unknown.status == 2);
  CHECK(unknown.err ==
        "cmsim: unknown command \"frobnicate\"; expected one of: run, sweep, compare, merge, rerun, "
        "validate, rules, validate-history, calibrate, backtest, experiment, sensitivity, attribute, discover, "
        "parameters, "
        "events, products, mm1\n");
  const auto bad_opt = run_cmsim("mm1 --bogus");
  CHECK(bad_opt.status == 2);
  CHECK(bad_opt.err.find("unrecognised option '--bogus'") != std::string::npos);
  CHECK(bad_opt.out.empty());
}

TEST_CASE("Malformed option values are usage errors with one clear line", "[cli]") {
  for (const char* args : {"mm1 --rho abc", "mm1 --rho 1.5", "mm1 --seed -3", "mm1 --days 5", "mm1 --log-level loud"}) {
    INFO(args);
    const auto r = run_cmsim(args);
    CHECK(r.status == 2);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("Subcommand help works and exits 0", "[cli]") {
  const auto r = run_cmsim("mm1 --help");
  CHECK(r.status == 0);
  CHECK(r.out.find("--rho") != std::string::npos);
  CHECK(r.out.find("--log-level") != std::string::npos);
}

TEST_CASE("The M/M/1 example's simulation agrees with its theory", "[cli]") {
  for (const double rho : {0.5, 0.8}) {
    INFO("rho " << rho);
    const auto r = run_cmsim("mm1 --rho " + std::to_string(rho) + " --days 100000 --log-level warn");
    REQUIRE(r.status == 0);
    // "mean number in system  simulated X  theory rho/(1-rho) Y  relative error Z%"
    double sim = 0, theory = 0, rel = 0, util = 0, util_theory = 0;
    const auto at = r.out.find("mean number in system");
    REQUIRE(at != std::string::npos);
    REQUIRE(std::sscanf(r.out.c_str() + at,
                        "mean number in system simulated %lf theory rho/(1-rho) %lf relative error %lf%%", &sim,
                        &theory, &rel) == 3);
    const auto u = r.out.find("server utilisation");
    REQUIRE(u != std::string::npos);
    REQUIRE(std::sscanf(r.out.c_str() + u, "server utilisation simulated %lf theory rho %lf", &util, &util_theory) ==
            2);
    CHECK(theory == Approx(rho / (1 - rho)).epsilon(1e-4));
    CHECK(util_theory == Approx(rho).epsilon(1e-4));
    // 100,000 days: the simulated mean is within 6% of theory (its standard error is ~1-2%).
    CHECK(sim == Approx(theory).epsilon(0.06));
    CHECK(util == Approx(rho).epsilon(0.02));
    CHECK(rel == Approx(100 * (sim - theory) / theory).margin(0.01));
  }
}
