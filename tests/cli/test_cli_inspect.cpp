// What a composed scenario holds (`cmsim parameters/events/products SCENARIO`), what its
// composition removed and why (also in events.csv), `--set` by id, add_events' own
// indices in messages, and the provenance of results: numbers in manifest.json, manifests
// of a comparison's base/ and alt/, events.csv of sweeps, and `cmsim rerun`.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/run_cmsim.h"

using cmsim::testing::read_file;
using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;
namespace fs = std::filesystem;

namespace {

/// The lines of `text` that contain `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (line.find(needle) != std::string::npos) out.push_back(line);
  return out;
}

const std::vector<std::string> REMOVED_BY_NO_2025_RULE = {
    "us-2025-04-h20-licence",         "cn-2025-07-31-cac-summons",        "us-2025-08-h20-licence-15pct",
    "cn-2025-08-12-h20-guidance",     "cn-2025-08-12-h20-guidance-state", "cn-2025-09-17-cac-6000d-ban",
    "cn-2025-10-10-customs-crackdown"};

}  // namespace

TEST_CASE("cmsim parameters SCENARIO says where each value came from", "[cli][inspect]") {
  const auto r = run_cmsim("parameters scenarios/no-2025-rule.yaml --csv --set parameters.beta_risk=2.5");
  REQUIRE(r.status == 0);
  CHECK(r.out.rfind("parameter,value,unit,default,from\n", 0) == 0);
  // Set on the command line, set in the parent file at its line, left at the default.
  CHECK(lines_with(r.out, "beta_risk,").at(0).find(",2.5,") != std::string::npos);
  CHECK(lines_with(r.out, "beta_risk,").at(0).find(",--set parameters.beta_risk=2.5") != std::string::npos);
  // The line and value of `beta_value:` in the parent file, read from it (a re-fit moves both).
  const auto parent = read_file(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  const auto at = parent.find("\n  beta_value: ");
  REQUIRE(at != std::string::npos);
  const auto line = 2 + std::count(parent.begin(), parent.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  const auto value = parent.substr(at + 15, parent.find('\n', at + 1) - at - 15);
  CHECK(lines_with(r.out, "beta_value,").at(0) ==
        "beta_value," + value + ",utility per log(perf/USD),2,scenarios/baseline.yaml:" + std::to_string(line) + ":15");
  CHECK(lines_with(r.out, "beta_performance,").at(0).find(",default") != std::string::npos);
  // Without a scenario: the defaults, as before.
  const auto d = run_cmsim("parameters");
  REQUIRE(d.status == 0);
  CHECK(d.out.find("beta_risk = 3 ") != std::string::npos);
  CHECK(run_cmsim("parameters --csv").status == 2);
}

TEST_CASE("cmsim events and products list what remove_events cascaded away, and why", "[cli][inspect]") {
  const auto e = run_cmsim("events scenarios/no-2025-rule.yaml --csv");
  REQUIRE(e.status == 0);
  const auto removed = lines_with(e.out, "removed,");
  REQUIRE(removed.size() == REMOVED_BY_NO_2025_RULE.size());
  for (const auto& id : REMOVED_BY_NO_2025_RULE) {
    INFO(id);
    const auto rows = lines_with(e.out, std::string(",").append(id).append(","));
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].rfind("removed,", 0) == 0);
    CHECK(rows[0].find(id == "us-2025-04-h20-licence"
                           ? "remove_events at scenarios/no-2025-rule.yaml:19:17"
                           : "requires us-2025-04-h20-licence, which was removed") != std::string::npos);
  }
  // A lagged event is dated where it was declared (the CAC summons: 113 days after 2025-04-09).
  CHECK(lines_with(e.out, ",cn-2025-07-31-cac-summons,").at(0).find(",2025-07-31,") != std::string::npos);
  CHECK(lines_with(e.out, "in,us-2023-10-17-ac-rule,export_rule,2023-10-17,2023-11-17,").size() == 1);

  const auto p = run_cmsim("products scenarios/no-2025-rule.yaml --csv");
  REQUIRE(p.status == 0);
  CHECK(lines_with(p.out, "removed,").size() == 1);
  CHECK(lines_with(p.out, "removed,rtx_pro_6000d,").at(0).find("launch_requires us-2025-04-h20-licence") !=
        std::string::npos);
  CHECK(lines_with(p.out, "in,h20,nvidia,us,").size() == 1);
  // The baseline removes nothing.
  CHECK(lines_with(run_cmsim("events scenarios/baseline.yaml --csv").out, "removed,").empty());
}

TEST_CASE("events.csv of a run lists the removed events, in date order", "[cli][inspect]") {
  TempDir dir;
  REQUIRE(run_cmsim("run scenarios/no-2025-rule.yaml -q -o '" + (dir.path() / "r").string() + "'").status == 0);
  // Rows start "date,quarter,event,kind," (a quoted detail may span lines).
  const std::regex row_start(R"(^(\d{4}-\d{2}-\d{2}),\d{4}Q\d,([^,]+),([^,]+),)");
  std::istringstream in(read_file(dir.path() / "r" / "events.csv"));
  std::vector<std::string> removed;
  std::string previous;
  int rows = 0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, row_start)) continue;
    ++rows;
    CHECK(m[1].str() >= previous);
    previous = m[1].str();
    if (m[3].str() == "removed") removed.push_back(m[2].str());
  }
  CHECK(rows > 40);
  std::sort(removed.begin(), removed.end());
  auto expected = REMOVED_BY_NO_2025_RULE;
  std::sort(expected.begin(), expected.end());
  CHECK(removed == expected);
}

TEST_CASE("An event is addressed by its id in --set, and add_events errors name their own index", "[cli][inspect]") {
  const auto moved =
      run_cmsim("events scenarios/baseline.yaml --csv --set events.us-2023-10-17-ac-rule.effective=2024-01-15");
  REQUIRE(moved.status == 0);
  CHECK(lines_with(moved.out, "in,us-2023-10-17-ac-rule,export_rule,2023-10-17,2024-01-15,").size() == 1);
  const auto unknown = run_cmsim("validate scenarios/baseline.yaml --set events.us-2099-rule.effective=2024-01-15");
  CHECK(unknown.status == 2);
  CHECK(unknown.err.find("events.us-2099-rule: expected an id in this list") != std::string::npos);

  TempDir dir;
  std::ofstream(dir.path() / "child.yaml")
      << "extends: " << (fs::path(CMSIM_SOURCE_DIR) / "scenarios/baseline.yaml").string()
      << "\nname: child\nadd_events:\n  - id: mine\n    kind: export_rule\n"
         "    announced: 2026-01-01\n    effective: 2026-13-01\n"
         "    restricts: {origin: [us], all_of: [{metric: tpp, ge: 4800}]}\n"
         "    source: test\n";
  const auto bad = run_cmsim("validate '" + (dir.path() / "child.yaml").string() + "'");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("child.yaml:7:16: add_events[0].effective: expected a date") != std::string::npos);
  CHECK(bad.err.find("events[31]") == std::string::npos);
}

TEST_CASE("Manifests hold numbers as numbers, and a comparison's arms are sweeps with events", "[cli][provenance]") {
  TempDir dir;
  const auto run = dir.path() / "run", cmp = dir.path() / "cmp", sweep = dir.path() / "sweep";
  REQUIRE(run_cmsim("run scenarios/baseline.yaml -q --replication 0 -o '" + run.string() + "'").status == 0);
  CHECK(read_file(run / "manifest.json").find("\"replication\": 0") != std::string::npos);
  CHECK(read_file(run / "manifest.json").find("\"working_directory\": \"") != std::string::npos);
  REQUIRE(run_cmsim("sweep scenarios/baseline.yaml --runs 2 --threads 2 -o '" + sweep.string() + "'").status == 0);
  CHECK(read_file(sweep / "manifest.json").find("\"uncertain_parameters\": 39") != std::string::npos);
  // A sweep's events.csv is replication 0's, as `cmsim run` writes it.
  CHECK(read_file(sweep / "events.csv") == read_file(run / "events.csv"));
  const auto c = run_cmsim(
      "compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 2 --threads 2 "
      "--summary-period 2025-2027 -o '" +
      cmp.string() + "'");
  REQUIRE(c.status == 0);
  CHECK(c.out.find("over 2025-2027") != std::string::npos);
  // The headline's line: a total in dollars, positive without the 2025 rule (its padding
  // depends on the number's width).
  const auto line_at = c.out.find("nvidia_china_revenue_usd   total ");
  REQUIRE(line_at != std::string::npos);
  const std::string line = c.out.substr(line_at, c.out.find('\n', line_at) - line_at);
  CHECK(line.find(" +$") != std::string::npos);
  for (const char* arm : {"base", "alt"}) {
    INFO(arm);
    const std::string m = read_file(cmp / arm / "manifest.json");
    CHECK(m.find("\"command\": \"sweep\"") != std::string::npos);
    CHECK(m.find("\"part_of\": \"compare\"") != std::string::npos);
    CHECK(m.find("\"series\": [") != std::string::npos);
    CHECK(fs::exists(cmp / arm / "events.csv"));
  }
  CHECK(read_file(cmp / "events.csv").find(",removed,") != std::string::npos);  // the alternative's
  CHECK(run_cmsim("compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 2 --summary-period 2027-2025 "
                  "-o '" +
                  (dir.path() / "x").string() + "'")
            .status == 2);
}

TEST_CASE("cmsim rerun reproduces run, sweep and compare byte for byte", "[cli][provenance]") {
  TempDir dir;
  const std::vector<std::string> commands = {
      "run scenarios/no-2025-rule.yaml -q --set parameters.beta_risk=2.5",
      "sweep scenarios/baseline.yaml --runs 3 --threads 2 --design lhs",
      "compare scenarios/baseline.yaml scenarios/no-2025-rule.yaml --runs 2 --threads 1"};
  int i = 0;
  for (const auto& command : commands) {
    INFO(command);
    const auto out = dir.path() / std::string("o").append(std::to_string(i++));
    REQUIRE(run_cmsim(command + " -o '" + out.string() + "'").status == 0);
    const auto again = run_cmsim("rerun '" + out.string() + "'");
    CHECK(again.status == 0);
    CHECK(again.out.find("files byte-identical to") != std::string::npos);
    CHECK(fs::exists(out.string() + "-rerun/manifest.json"));
    // Into an earlier result only with --force; a changed output file is found.
    CHECK(run_cmsim("rerun '" + out.string() + "/manifest.json'").status == 2);
    std::ofstream(out / "events.csv", std::ios::app) << "2030-01-01,2030Q1,x,launch,tampered\n";
    const auto differs = run_cmsim("rerun '" + out.string() + "' --force");
    CHECK(differs.status == 1);
    CHECK(differs.out.find("events.csv") != std::string::npos);
  }
}

TEST_CASE("cmsim rerun refuses when an input changed since the run", "[cli][provenance]") {
  TempDir dir;
  fs::copy_file(fs::path(CMSIM_SOURCE_DIR) / "scenarios/baseline.yaml", dir.path() / "parent.yaml");
  std::ofstream(dir.path() / "child.yaml") << "extends: parent.yaml\nname: child\n";
  const auto out = dir.path() / "out";
  REQUIRE(run_cmsim("run child.yaml -q -o '" + out.string() + "'", dir.path()).status == 0);
  REQUIRE(run_cmsim("rerun '" + out.string() + "'").status == 0);  // from another directory
  std::ofstream(dir.path() / "parent.yaml", std::ios::app) << "# edited\n";
  const auto r = run_cmsim("rerun '" + out.string() + "' --force");
  CHECK(r.status == 2);
  CHECK(r.err.find("parent.yaml: changed since the run") != std::string::npos);
  CHECK(run_cmsim("rerun '" + (dir.path() / "nothing").string() + "'").status == 2);
}
