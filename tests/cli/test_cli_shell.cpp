// End-to-end tests of the command-line shell: help, version, usage errors, exit codes.
#include <catch2/catch.hpp>

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
        "cmsim: unknown command \"frobnicate\"; expected one of: run, sweep, compare, merge, "
        "validate, rules, validate-history, calibrate, parameters, mm1\n");
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

TEST_CASE("The M/M/1 example prints theory beside simulation", "[cli]") {
  const auto r = run_cmsim("mm1 --rho 0.5 --days 20000 --log-level warn");
  CHECK(r.status == 0);
  CHECK(r.out.find("theory rho/(1-rho) 1.0000") != std::string::npos);
}
