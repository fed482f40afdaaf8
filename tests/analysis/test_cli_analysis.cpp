// End-to-end: cmsim sensitivity and cmsim attribute on the baseline, as a user runs them.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>

#include "tests/support/csv_table.h"
#include "tests/support/run_cmsim.h"

using cmsim::testing::mean_over_years;
using cmsim::testing::read_csv_table;
using cmsim::testing::read_file;
using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;

namespace {
const std::string TWO_EVENTS = "us-2023-10-17-ac-rule,cn-2025-09-17-cac-6000d-ban";
const std::string OUTCOME = "domestic_share_units:2026:mean";
}  // namespace

TEST_CASE("cmsim sensitivity: same bytes on 1 and 2 threads, one row per outcome and parameter",
          "[cli][analysis][slow]") {
  TempDir t;
  const std::string base =
      "sensitivity scenarios/baseline.yaml --method morris --runs 2 --runs-output none "
      "--outcome nvidia_share_units:2026:mean --outcome " +
      OUTCOME + " --log-level warn -o '" + t.path().string();
  REQUIRE(run_cmsim(base + "/t1' --threads 1").status == 0);
  REQUIRE(run_cmsim(base + "/t2' --threads 2").status == 0);
  for (const char* f : {"sensitivity.csv", "sensitivity_design.csv"})
    CHECK(read_file(t.path() / "t1" / f) == read_file(t.path() / "t2" / f));
  // 2 trajectories of k + 1 runs (k uncertain parameters + 1); runs of one trajectory share their streams.
  const auto design = read_csv_table(t.path() / "t1" / "sensitivity_design.csv");
  const auto k = static_cast<std::size_t>(
                     std::count_if(design.begin(), design.end(), [](const auto& r) { return r.at("group") == "0"; })) -
                 1;
  REQUIRE(k >= 30);  // the baseline samples choice, risk and supply parameters
  REQUIRE(design.size() == 2 * (k + 1));
  CHECK(design[k].at("group") == "0");
  CHECK(design[k + 1].at("group") == "1");
  const auto rows = read_csv_table(t.path() / "t1" / "sensitivity.csv");
  REQUIRE(rows.size() == 2 * k);  // one row per outcome and uncertain parameter
  CHECK(rows[0].at("outcome") == "nvidia_share_units:2026:mean");
  CHECK(rows[0].at("parameter") == "parameters.risk_shock");
  CHECK(std::stod(rows[0].at("mu_star")) >= 0);
}

TEST_CASE("cmsim sensitivity on an experiment file: its uncertainties and named outcomes", "[cli][analysis][slow]") {
  TempDir t;
  std::ofstream(t.path() / "e.yaml") << "scenario: " << CMSIM_SOURCE_DIR
                                     << "/scenarios/baseline.yaml\nuncertainties:\n"
                                        "  parameters.beta_risk: {low: 2, high: 4}\n"
                                        "  parameters.risk_shock: {dist: uniform, low: 0.15, high: 0.45}\n"
                                        "outcomes:\n  nvidia_2026: nvidia_share_units:2026:mean\n";
  const auto r = run_cmsim("sensitivity '" + (t.path() / "e.yaml").string() +
                           "' --method morris --runs 2 --outcome nvidia_2026 --runs-output none --log-level warn -o '" +
                           t.path().string() + "/s'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto rows = read_csv_table(t.path() / "s" / "sensitivity.csv");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at("parameter") == "parameters.beta_risk");
  CHECK(rows[0].at("outcome") == "nvidia_share_units:2026:mean");
  CHECK(std::stod(rows[0].at("mu_star")) > 0);  // buyers' risk aversion moves Nvidia's share
  const auto design = read_csv_table(t.path() / "s" / "sensitivity_design.csv");
  REQUIRE(design.size() == 6);  // 2 trajectories of 3 runs
  for (const auto& d : design) {
    const double beta = std::stod(d.at("parameters.beta_risk"));
    CHECK((beta > 2 && beta < 4));  // grid levels at stratum middles: 2.25, 2.75, 3.25, 3.75
  }
}

TEST_CASE("cmsim sensitivity and attribute refuse bad input before writing anything", "[cli][analysis]") {
  TempDir t;
  const std::string out = " -o '" + t.path().string() + "/o'";
  const std::pair<std::string, std::string> cases[] = {
      {"sensitivity scenarios/baseline.yaml --runs 2 --method fast --outcome " + OUTCOME, "--method"},
      {"sensitivity scenarios/baseline.yaml --runs 2 --method morris", "--outcome"},
      {"sensitivity scenarios/baseline.yaml --runs 2 --method morris --outcome nvidia:2026:mean", "no series named"},
      {"sensitivity scenarios/baseline.yaml --runs 2 --method morris --outcome nvidia_share_units:2026:median",
       "reduction \"median\""},
      {"sensitivity scenarios/baseline.yaml --runs 2 --method morris --outcome nvidia_share_units:2040:mean",
       "outside the scenario's quarters"},
      {"sensitivity scenarios/baseline.yaml --runs 2 --method morris --levels 3 --outcome " + OUTCOME, "--levels"},
      {"attribute scenarios/baseline.yaml --events nope --outcome " + OUTCOME, "--events: \"nope\""},
      {"attribute scenarios/baseline.yaml --all --events " + TWO_EVENTS + " --outcome " + OUTCOME, "--all"},
      {"attribute scenarios/baseline.yaml --all --outcome x:2026", "METRIC:PERIOD:REDUCTION"},
      {"attribute scenarios/baseline.yaml --all --exact-max 17 --outcome " + OUTCOME, "--exact-max"},
  };
  for (const auto& [args, message] : cases) {
    const auto r = run_cmsim(args + out);
    INFO(args << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(t.path() / "o"));
  }
}

TEST_CASE("cmsim attribute: exact Shapley values sum to the total, same bytes on 1 and 2 threads",
          "[cli][analysis][slow]") {
  TempDir t;
  const std::string base = "attribute scenarios/baseline.yaml --events " + TWO_EVENTS + " --outcome " + OUTCOME +
                           " --runs 2 --runs-output none --log-level warn -o '" + t.path().string();
  REQUIRE(run_cmsim(base + "/t1' --threads 1").status == 0);
  REQUIRE(run_cmsim(base + "/t2' --threads 2").status == 0);
  CHECK(read_file(t.path() / "t1" / "attribution.csv") == read_file(t.path() / "t2" / "attribution.csv"));
  // Forked at divergence (the default) or every run from the start: the same bytes.
  REQUIRE(run_cmsim(base + "/full' --threads 2 --no-fork").status == 0);
  CHECK(read_file(t.path() / "t1" / "attribution.csv") == read_file(t.path() / "full" / "attribution.csv"));
  const auto rows = read_csv_table(t.path() / "t1" / "attribution.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].at("event") == "total");
  const double total = std::stod(rows[2].at("shapley"));
  CHECK(total != 0);
  CHECK(std::stod(rows[0].at("shapley")) + std::stod(rows[1].at("shapley")) == Approx(total).epsilon(1e-12));
  for (const auto& r : rows) CHECK(std::stod(r.at("shapley_p05")) <= std::stod(r.at("shapley_p95")));
}

TEST_CASE("cmsim attribute: sampled permutations sum to the total, same bytes on 1 and 2 threads",
          "[cli][analysis][slow]") {
  TempDir t;
  const std::string base = "attribute scenarios/baseline.yaml --events " + TWO_EVENTS +
                           ",us-2025-04-h20-licence --exact-max 0 --outcome " + OUTCOME +
                           " --runs 3 --runs-output none --log-level warn -o '" + t.path().string();
  const auto one = run_cmsim(base + "/t1' --threads 1");
  REQUIRE(one.status == 0);
  CHECK(one.out.find("sampled Shapley, 3 permutations") != std::string::npos);
  REQUIRE(run_cmsim(base + "/t2' --threads 2").status == 0);
  CHECK(read_file(t.path() / "t1" / "attribution.csv") == read_file(t.path() / "t2" / "attribution.csv"));
  const auto rows = read_csv_table(t.path() / "t1" / "attribution.csv");
  REQUIRE(rows.size() == 4);
  double sum = 0;
  for (std::size_t i = 0; i < 3; ++i) sum += std::stod(rows[i].at("shapley"));
  CHECK(sum == Approx(std::stod(rows[3].at("shapley"))).epsilon(1e-12));
}

TEST_CASE("cmsim attribute: leave-one-out equals the remove_events counterfactual run by cmsim run",
          "[cli][analysis][slow]") {
  // One replication: the effect of removing the 6000D ban must be exactly what a user gets
  // from a scenario file that removes it, run on the same replication and parameter draw.
  TempDir t;
  const std::string dir = t.path().string();
  std::ofstream(t.path() / "no-ban.yaml")
      << "extends: " << CMSIM_SOURCE_DIR << "/scenarios/baseline.yaml\nremove_events: [cn-2025-09-17-cac-6000d-ban]\n";
  REQUIRE(run_cmsim("attribute scenarios/baseline.yaml --events " + TWO_EVENTS + " --outcome " + OUTCOME +
                    " --runs 1 --runs-output none --log-level warn -o '" + dir + "/a'")
              .status == 0);
  REQUIRE(run_cmsim("run scenarios/baseline.yaml --sample --log-level warn -o '" + dir + "/with'").status == 0);
  REQUIRE(run_cmsim("run '" + dir + "/no-ban.yaml' --sample --log-level warn -o '" + dir + "/without'").status == 0);
  const double with =
      mean_over_years(read_csv_table(t.path() / "with" / "timeseries.csv"), "domestic_share_units", 2026, 2026);
  const double without =
      mean_over_years(read_csv_table(t.path() / "without" / "timeseries.csv"), "domestic_share_units", 2026, 2026);
  const auto rows = read_csv_table(t.path() / "a" / "attribution.csv");
  CHECK(std::stod(rows[1].at("leave_one_out")) == Approx(with - without).margin(1e-12));
}

TEST_CASE("cmsim discover finds the known box in a per-run CSV", "[cli][analysis]") {
  TempDir t;
  {
    // 1,000 runs on a 10 x 10 x 10 grid; the outcome exceeds 0.5 exactly where a > 0.6 and b < 0.3.
    std::ofstream csv(t.path() / "runs.csv");
    csv << "run,a,b,c,y:2026:mean\n";
    int run = 0;
    for (int i = 0; i < 10; ++i)
      for (int j = 0; j < 10; ++j)
        for (int k = 0; k < 10; ++k) {
          const double a = (i + 0.5) / 10, b = (j + 0.5) / 10, c = (k + 0.5) / 10;
          csv << run++ << ',' << a << ',' << b << ',' << c << ',' << (a > 0.6 && b < 0.3 ? 1 : 0) << '\n';
        }
  }
  const auto r = run_cmsim("discover '" + (t.path() / "runs.csv").string() +
                           "' --outcome y:2026:mean --where '> 0.5' --threshold 0.95 --resamples 10 -o '" +
                           t.path().string() + "/d'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("coverage 1.00, density 1.00") != std::string::npos);
  const auto box = read_csv_table(t.path() / "d" / "discovery_box.csv");
  REQUIRE(box.size() == 3);
  CHECK(box[0].at("input") == "a");
  CHECK(std::stod(box[0].at("low")) == Approx(0.65));  // the lowest a inside the box
  CHECK(box[0].at("high").empty());
  CHECK(std::stod(box[1].at("high")) == Approx(0.25));
  CHECK(box[2].at("low").empty());  // c plays no part
  CHECK(box[2].at("high").empty());
  const auto trajectory = read_csv_table(t.path() / "d" / "discovery.csv");
  CHECK(trajectory.front().at("coverage") == "1");
  CHECK(trajectory.back().at("step") == "significant");
  // CART: the densest leaf is the same box (its low limit exclusive: a > 0.6).
  const auto c = run_cmsim("discover '" + (t.path() / "runs.csv").string() +
                           "' --outcome y:2026:mean --where '> 0.5' --method cart -o '" + t.path().string() + "/c'");
  REQUIRE(c.status == 0);
  CHECK(c.out.find("coverage 1.00, density 1.00") != std::string::npos);
  const auto leaf = read_csv_table(t.path() / "c" / "discovery_box.csv");
  CHECK(std::stod(leaf[0].at("low")) == Approx(0.6));
  CHECK(std::stod(leaf[1].at("high")) == Approx(0.3));
  CHECK(leaf[2].at("low").empty());
  // Bad input: nothing written, the flag named.
  for (const auto& [args, message] : std::vector<std::pair<std::string, std::string>>{
           {"--outcome y:2026:mean --where '= 1'", "--where"},
           {"--outcome nope --where '> 0.5'", "no column named \"nope\""},
           {"--outcome y:2026:mean --where '> 5'", "some runs on each side"},
           {"--outcome y:2026:mean --where '> 0.5' --alpha 0.7", "--alpha"},
           {"--outcome y:2026:mean --where '> 0.5' --method tree", "--method"},
           {"--outcome y:2026:mean --where '> 0.5' --inputs a,d", "--inputs"}}) {
    const auto bad = run_cmsim("discover '" + (t.path() / "runs.csv").string() + "' " + args + " -o '" +
                               t.path().string() + "/bad'");
    CHECK(bad.status == 2);
    CHECK(bad.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(t.path() / "bad"));
  }
}

TEST_CASE("cmsim experiment: levers x full-factorial grid, same bytes on 1 and 2 threads", "[cli][analysis][slow]") {
  TempDir t;
  const std::string root = CMSIM_SOURCE_DIR;
  std::ofstream(t.path() / "e.yaml") << "levers:\n  base: " << root << "/scenarios/baseline.yaml\n  no-rule: " << root
                                     << "/scenarios/no-2025-rule.yaml\n"
                                        "uncertainties:\n  parameters.beta_risk: {levels: [2, 4]}\n"
                                        "  parameters.risk_shock: {low: 0.2, high: 0.4}\n"
                                        "design: full-factorial\nsamples: 2\nreplications: 1\n"
                                        "outcomes:\n  dom: domestic_share_units:2026:mean\n";
  const std::string base = "experiment '" + (t.path() / "e.yaml").string() +
                           "' --runs-output none --log-level warn -o '" + t.path().string();
  REQUIRE(run_cmsim(base + "/t1' --threads 1").status == 0);
  REQUIRE(run_cmsim(base + "/t2' --threads 2").status == 0);
  CHECK(read_file(t.path() / "t1" / "experiments.csv") == read_file(t.path() / "t2" / "experiments.csv"));
  REQUIRE(run_cmsim(base + "/full' --threads 2 --no-fork").status == 0);  // levers forked or not: the same bytes
  CHECK(read_file(t.path() / "t1" / "experiments.csv") == read_file(t.path() / "full" / "experiments.csv"));
  const auto rows = read_csv_table(t.path() / "t1" / "experiments.csv");
  REQUIRE(rows.size() == 8);  // 2 levers x 2 x 2 points x 1 replication
  const char* beta[] = {"2", "2", "4", "4"};
  const char* shock[] = {"0.2", "0.4", "0.2", "0.4"};  // the last input varies fastest
  for (std::size_t r = 0; r < 8; ++r) {
    CHECK(rows[r].at("lever") == (r < 4 ? "base" : "no-rule"));
    CHECK(rows[r].at("parameters.beta_risk") == beta[r % 4]);
    CHECK(rows[r].at("parameters.risk_shock") == shock[r % 4]);
    CHECK(!rows[r].at("dom").empty());
  }
  // The same point under both levers runs on the same replication: the rule's effect is
  // the paired difference, and it is not zero.
  CHECK(rows[0].at("dom") != rows[4].at("dom"));
}

TEST_CASE("cmsim experiment: one-at-a-time design and bad files", "[cli][analysis]") {
  TempDir t;
  const std::string root = CMSIM_SOURCE_DIR;
  std::ofstream(t.path() / "oat.yaml") << "scenario: " << root
                                       << "/scenarios/baseline.yaml\n"
                                          "uncertainties:\n  parameters.beta_risk: {levels: [2, 3, 4]}\n"
                                          "  parameters.risk_shock: {low: 0.2, high: 0.4}\n"
                                          "design: one-at-a-time\noutcomes:\n  n: nvidia_share_units:2026:mean\n";
  REQUIRE(run_cmsim("experiment '" + (t.path() / "oat.yaml").string() + "' --runs-output none --log-level warn -o '" +
                    t.path().string() + "/o'")
              .status == 0);
  const auto rows = read_csv_table(t.path() / "o" / "experiments.csv");
  REQUIRE(rows.size() == 5);  // the base point, then 2 other levels of each input
  CHECK(rows[0].at("parameters.beta_risk") == "3");
  CHECK(rows[0].at("parameters.risk_shock") == "0.30000000000000004");
  CHECK(rows[1].at("parameters.beta_risk") == "2");
  CHECK(rows[3].at("parameters.beta_risk") == "3");
  CHECK(rows[3].at("parameters.risk_shock") == "0.2");
  // A distribution under an LHS design: 4 draws inside the truncation, one per stratum.
  std::ofstream(t.path() / "lhs.yaml") << "scenario: " << root
                                       << "/scenarios/baseline.yaml\n"
                                          "uncertainties:\n  parameters.risk_shock: {dist: normal, mean: 0.3, sd: "
                                          "0.05, lower: 0.25, upper: 0.35}\n"
                                          "design: lhs\nsamples: 4\noutcomes:\n  n: nvidia_share_units:2026:mean\n";
  REQUIRE(run_cmsim("experiment '" + (t.path() / "lhs.yaml").string() + "' --runs-output none --log-level warn -o '" +
                    t.path().string() + "/l'")
              .status == 0);
  const auto lhs = read_csv_table(t.path() / "l" / "experiments.csv");
  REQUIRE(lhs.size() == 4);
  std::vector<double> shocks;
  for (const auto& r : lhs) shocks.push_back(std::stod(r.at("parameters.risk_shock")));
  std::sort(shocks.begin(), shocks.end());
  CHECK(shocks.front() >= 0.25);
  CHECK(shocks.back() <= 0.35);
  CHECK(shocks[0] < 0.3);  // strata: two draws below the median, two above
  CHECK(shocks[1] < 0.3);
  CHECK(shocks[2] > 0.3);
  CHECK(shocks[3] > 0.3);
  const std::pair<std::string, std::string> bad[] = {
      {"scenario: x.yaml\nfoo: 1\noutcomes: {n: nvidia_share_units:2026:mean}\n", "foo: unknown key"},
      {"scenario: " + root + "/scenarios/baseline.yaml\nuncertainties: {parameters.beta_risk: {low: 3, high: 2}}\n" +
           "design: lhs\nsamples: 4\noutcomes: {n: nvidia_share_units:2026:mean}\n",
       "uncertainties.parameters.beta_risk"},
      {"scenario: " + root + "/scenarios/baseline.yaml\ndesign: grid\noutcomes: {n: nvidia_share_units:2026:mean}\n",
       "design"},
      {"scenario: " + root + "/scenarios/baseline.yaml\nuncertainties: {parameters.beta_risk: {dist: cauchy}}\n" +
           "outcomes: {n: nvidia_share_units:2026:mean}\n",
       "parameters.beta_risk.dist"},
      {"scenario: " + root + "/scenarios/baseline.yaml\noutcomes: {n: nvidia:2026:mean}\n", "no series named"},
      {"scenario: " + root + "/scenarios/baseline.yaml\nuncertainties: {parameters.no_such: {levels: [1]}}\n" +
           "outcomes: {n: nvidia_share_units:2026:mean}\n",
       "no_such"},
  };
  for (const auto& [text, message] : bad) {
    std::ofstream(t.path() / "bad.yaml") << text;
    const auto r = run_cmsim("experiment '" + (t.path() / "bad.yaml").string() + "' -o '" + t.path().string() + "/b'");
    INFO(text << "\n" << r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(message) != std::string::npos);
    CHECK(!std::filesystem::exists(t.path() / "b"));
  }
}

// Breaks caught: merge writing only the sweep files of an exploratory command's shards (no
// experiments.csv, sensitivity.csv, attribution.csv), a study rebuilt from the wrong
// working directory or command line, and a changed input going unnoticed.
TEST_CASE("cmsim experiment, sensitivity and attribute: 2 merged shards give the unsharded bytes",
          "[cli][analysis][shard][slow]") {
  TempDir t;
  const std::string root = CMSIM_SOURCE_DIR;
  std::ofstream(t.path() / "e.yaml") << "scenario: " << root
                                     << "/scenarios/baseline.yaml\n"
                                        "uncertainties:\n  parameters.beta_risk: {levels: [2, 4]}\n"
                                        "outcomes:\n  dom: domestic_share_units:2026:mean\n";
  const std::string e = (t.path() / "e.yaml").string();
  const std::string dir = t.path().string();
  const std::pair<std::string, std::string> commands[] = {
      {"experiment '" + e + "'", "experiments.csv"},
      {"sensitivity '" + e + "' --method morris --runs 2 --outcome dom", "sensitivity.csv"},
      // Two replications: the runs of one replication go to one shard together (they fork).
      {"attribute scenarios/baseline.yaml --events " + TWO_EVENTS + " --outcome " + OUTCOME + " --runs 2",
       "attribution.csv"},
  };
  int n = 0;
  for (const auto& [command, table] : commands) {
    INFO(command);
    const std::string d = dir + "/" + std::to_string(n++);
    const std::string base = command + " --runs-output csv --log-level warn";
    REQUIRE(run_cmsim(base + " -o '" + d + "-whole'").status == 0);
    REQUIRE(run_cmsim(base + " --shard 0/2 -o '" + d + "-s0'").status == 0);
    REQUIRE(run_cmsim(base + " --shard 1/2 -o '" + d + "-s1'").status == 0);
    CHECK_FALSE(std::filesystem::exists(d + "-s0/" + table));  // a shard holds its replications
    const auto m = run_cmsim("merge '" + d + "-s0' '" + d + "-s1' -o '" + d + "-merged'");
    INFO(m.err);
    REQUIRE(m.status == 0);
    for (const std::string& f : {table, std::string("runs.csv"), std::string("summary.csv")})
      CHECK(read_file(d + "-whole/" + f) == read_file(d + "-merged/" + f));
  }
  // An input edited between the shards and the merge is named, and nothing is written.
  std::ofstream(t.path() / "e.yaml", std::ios::app) << "# edited\n";
  const auto m = run_cmsim("merge '" + dir + "/0-s0' '" + dir + "/0-s1' -o '" + dir + "/edited'");
  CHECK(m.status == 2);
  CHECK(m.err.find("changed since the shards ran") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(t.path() / "edited"));
}

// Breaks caught: a lever's remove_events ignored or applied without its cascade (the
// numbers would differ from the scenario file that removes the same event), a lever's
// set: values ignored, an unknown event id accepted.
TEST_CASE("cmsim experiment: levers as removed events and as parameter values", "[cli][analysis][slow]") {
  TempDir t;
  const std::string root = CMSIM_SOURCE_DIR;
  std::ofstream(t.path() / "e.yaml") << "scenario: " << root << "/scenarios/baseline.yaml\nlevers:\n"
                                     << "  file: " << root << "/scenarios/no-2025-rule.yaml\n"
                                     << "  removed: {remove_events: [us-2025-04-h20-licence]}\n"
                                        "  as-is: {}\n"
                                        "  averse: {set: {parameters.beta_risk: 4}}\n"
                                        "outcomes:\n  dom: domestic_share_units:2026:mean\n";
  const auto r = run_cmsim("experiment '" + (t.path() / "e.yaml").string() +
                           "' --runs-output none --log-level warn -o '" + t.path().string() + "/o'");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto rows = read_csv_table(t.path() / "o" / "experiments.csv");
  REQUIRE(rows.size() == 4);
  CHECK(rows[1].at("lever") == "removed");
  CHECK(rows[0].at("dom") == rows[1].at("dom"));  // the file and the lever remove the same events
  CHECK(rows[2].at("dom") != rows[0].at("dom"));  // the rule matters
  CHECK(rows[3].at("dom") != rows[2].at("dom"));  // so does risk aversion
  std::ofstream(t.path() / "bad.yaml") << "scenario: " << root
                                       << "/scenarios/baseline.yaml\nlevers:\n  x: {remove_events: [no-such-event]}\n"
                                          "outcomes:\n  dom: domestic_share_units:2026:mean\n";
  const auto bad = run_cmsim("experiment '" + (t.path() / "bad.yaml").string() + "' -o '" + t.path().string() + "/b'");
  CHECK(bad.status == 2);
  CHECK(bad.err.find("bad.yaml:3:6: levers.x.remove_events: not an event of scenario baseline") != std::string::npos);
  CHECK(bad.err.find("\"no-such-event\"") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(t.path() / "b"));
  std::ofstream(t.path() / "bad.yaml") << "scenario: " << root
                                       << "/scenarios/baseline.yaml\nlevers:\n  x: {set: {parameters.no_such: 4}}\n"
                                          "outcomes:\n  dom: domestic_share_units:2026:mean\n";
  const auto set = run_cmsim("experiment '" + (t.path() / "bad.yaml").string() + "' -o '" + t.path().string() + "/b'");
  CHECK(set.status == 2);
  CHECK(set.err.find("bad.yaml:3:6: levers.x.set: --set parameters.no_such=4") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(t.path() / "b"));
}

// Break caught: a shard with no run (fewer replications, or groups of runs that share one,
// than shards) ended in an internal error (exit 4) after creating its output.
TEST_CASE("A shard with no run is refused (exit 2) and writes nothing", "[cli][analysis][shard]") {
  TempDir t;
  const std::string out = (t.path() / "s1").string();
  for (const std::string& command :
       {std::string("sweep scenarios/baseline.yaml --runs 1"),
        "attribute scenarios/baseline.yaml --events " + TWO_EVENTS + " --outcome " + OUTCOME + " --runs 1"}) {
    INFO(command);
    const auto r = run_cmsim(command + " --shard 1/2 -o '" + out + "'");
    CHECK(r.status == 2);
    CHECK(r.err.find("--shard 1/2: no run falls to this shard") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
  }
}
