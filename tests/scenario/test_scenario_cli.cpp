// End-to-end: `cmsim validate` and `cmsim rules` as a user runs them; bad input exits 2
// and writes nothing.
#include <catch2/catch.hpp>
#include <filesystem>

#include "tests/support/run_cmsim.h"

using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;

namespace {
const std::string DATA = std::string(CMSIM_SOURCE_DIR) + "/tests/data/";

bool empty_dir(const std::filesystem::path& p) { return std::filesystem::is_empty(p); }
}  // namespace

TEST_CASE("cmsim validate reports OK with counts", "[scenario][cli]") {
  TempDir cwd;
  const auto r = run_cmsim("validate '" + DATA + "scenario/mini.yaml' '" + DATA + "scenario/child.yaml'", cwd.path());
  CHECK(r.status == 0);
  CHECK(r.out == DATA + "scenario/mini.yaml: OK (4 products, 11 events, 3 uncertain parameters)\n" + DATA +
                     "scenario/child.yaml: OK (4 products, 9 events, 3 uncertain parameters)\n");
  CHECK(r.err.empty());
  CHECK(empty_dir(cwd.path()));
}

TEST_CASE("cmsim validate exits 2 on every bad file, prints its errors, writes nothing", "[scenario][cli]") {
  TempDir cwd;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(DATA + "bad")) {
    const std::string path = entry.path().string();
    INFO(path);
    const auto r = run_cmsim("validate '" + path + "'", cwd.path());
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.rfind(path + ":", 0) == 0);
    ++files;
  }
  CHECK(files >= 30);
  CHECK(empty_dir(cwd.path()));
}

TEST_CASE("cmsim validate checks all files and reports each", "[scenario][cli]") {
  const auto r = run_cmsim("validate tests/data/bad/wrong-type.yaml tests/data/scenario/mini.yaml");
  CHECK(r.status == 2);
  CHECK(r.out == "tests/data/scenario/mini.yaml: OK (4 products, 11 events, 3 uncertain parameters)\n");
  CHECK(r.err == "tests/data/bad/wrong-type.yaml:4:7: seed: expected a whole number >= 0, got \"twelve\"\n");
  const auto many = run_cmsim("validate tests/data/bad/many-errors.yaml");
  CHECK(std::count(many.err.begin(), many.err.end(), '\n') == 5);
  const auto none = run_cmsim("validate");
  CHECK(none.status == 2);
  CHECK(none.err.find("expected at least one scenario file") != std::string::npos);
}

TEST_CASE("cmsim validate --set is checked like the file", "[scenario][cli]") {
  const auto r = run_cmsim("validate tests/data/scenario/mini.yaml --set parameters.beta_risk=99");
  CHECK(r.status == 2);
  CHECK(r.err == "--set parameters.beta_risk=99: parameters.beta_risk: expected a number in [0, 50], got \"99\"\n");
  CHECK(run_cmsim("validate tests/data/scenario/mini.yaml --set parameters.beta_risk=9").status == 0);
}

TEST_CASE("cmsim rules --csv prints one row per rule and product", "[scenario][cli]") {
  const auto r = run_cmsim("rules tests/data/scenario/mini.yaml --at 2025-05-01 --csv");
  CHECK(r.status == 0);
  CHECK(r.out ==
        "date,rule,product,restricted,reason\n"
        "2025-05-01,ac-2022,a100,true,tpp 4992 >= 4800\n"
        "2025-05-01,ac-2022,h20,false,below the thresholds\n"
        "2025-05-01,ac-2022,ascend910b,false,origin domestic not covered\n"
        "2025-05-01,ac-2022,l2,false,below the thresholds\n"
        "2025-05-01,h20-licence,a100,false,not named\n"
        "2025-05-01,h20-licence,h20,true,named in the rule\n"
        "2025-05-01,h20-licence,ascend910b,false,not named\n"
        "2025-05-01,h20-licence,l2,false,not named\n");
  CHECK(r.err.empty());
  const auto none = run_cmsim("rules tests/data/scenario/mini.yaml --at 2021-01-01 --csv");
  CHECK(none.out == "date,rule,product,restricted,reason\n");
}

TEST_CASE("cmsim rules prints a table, by default at the end of the horizon", "[scenario][cli]") {
  const auto r = run_cmsim("rules tests/data/scenario/mini.yaml");
  CHECK(r.status == 0);
  CHECK(r.out.find("Rules in force on 2026-12-31") != std::string::npos);
  CHECK(r.out.find("ac-2022 (export_rule, effective 2022-10-21, amended by ac-2023 from 2023-11-17)") !=
        std::string::npos);
  CHECK(r.out.find("  a100        yes         tpp 4992 >= 4800\n") != std::string::npos);
  CHECK(r.out.find("h20-deal (licence_requirement, effective 2025-08-11)") != std::string::npos);
  const auto help = run_cmsim("rules --help");
  CHECK(help.status == 0);
  CHECK(help.out.find("treated as happening") != std::string::npos);
}

TEST_CASE("cmsim rules with bad input exits 2 and writes nothing", "[scenario][cli]") {
  TempDir cwd;
  const auto bad_date = run_cmsim("rules '" + DATA + "scenario/mini.yaml' --at 2025-02-30", cwd.path());
  CHECK(bad_date.status == 2);
  CHECK(bad_date.err.find("--at: expected a date YYYY-MM-DD, got \"2025-02-30\"") != std::string::npos);
  const auto bad_file = run_cmsim("rules '" + DATA + "bad/unknown-vendor.yaml' --csv", cwd.path());
  CHECK(bad_file.status == 2);
  CHECK(bad_file.out.empty());
  CHECK(bad_file.err.find("products[0].vendor: expected a vendor id") != std::string::npos);
  CHECK(run_cmsim("rules", cwd.path()).status == 2);
  CHECK(empty_dir(cwd.path()));
}
