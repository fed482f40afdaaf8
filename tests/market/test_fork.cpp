// Forking at divergence (models/market/divergence.h, market_checkpoint.h, shared_runs.h):
// a run forked from another scenario's run equals the full run byte for byte (every series,
// its denominators, every products/ecosystems/events row), for counterfactuals of the
// baseline that remove a 2023, a 2025 and a 2026 event (with the products they take along);
// the divergence date on hand-built cases; and a fork one quarter too late gives other
// results, so the equality tests can fail.
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "models/market/divergence.h"
#include "models/market/market_model.h"
#include "models/market/shared_runs.h"
#include "models/scenario/scenario_loader.h"
#include "test_scenario_fixture.h"

using namespace cmsim;
namespace fs = std::filesystem;
using engine::Date;

namespace {

const std::string SRC = CMSIM_SOURCE_DIR;

bool same_bits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

bool same_recorder(const engine::Recorder& a, const engine::Recorder& b, std::string& why) {
  if (a.names() != b.names() || a.first() != b.first() || a.last() != b.last()) return why = "series names", false;
  for (std::size_t s = 0; s < a.names().size(); ++s)
    for (std::size_t q = 0; q < a.quarter_count(); ++q)
      if (!same_bits(a.series(s)[q], b.series(s)[q]))
        return why = a.names()[s] + " quarter " + std::to_string(q), false;
  return true;
}

/// Byte for byte: every value's bits, every row.
std::string difference(const market::RunResult& a, const market::RunResult& b) {
  std::string why;
  if (!same_recorder(a.timeseries, b.timeseries, why)) return "timeseries: " + why;
  if (!same_recorder(a.share_denominators, b.share_denominators, why)) return "denominators: " + why;
  if (a.agent_quarters != b.agent_quarters) return "agent_quarters";
  if (a.products.size() != b.products.size()) return "products rows";
  for (std::size_t i = 0; i < a.products.size(); ++i) {
    const auto &x = a.products[i], &y = b.products[i];
    if (x.quarter != y.quarter || x.product != y.product || x.vendor != y.vendor || x.origin != y.origin ||
        !same_bits(x.units, y.units) || !same_bits(x.revenue_usd, y.revenue_usd) || !same_bits(x.pflops, y.pflops) ||
        x.legal != y.legal || !same_bits(x.price_usd, y.price_usd))
      return "products row " + std::to_string(i) + " (" + x.product + ")";
  }
  if (a.ecosystems.size() != b.ecosystems.size()) return "ecosystems rows";
  for (std::size_t i = 0; i < a.ecosystems.size(); ++i) {
    const auto &x = a.ecosystems[i], &y = b.ecosystems[i];
    if (x.quarter != y.quarter || x.ecosystem != y.ecosystem || !same_bits(x.developers, y.developers) ||
        !same_bits(x.share, y.share) || !same_bits(x.maturity, y.maturity) ||
        !same_bits(x.installed_pflops, y.installed_pflops))
      return "ecosystems row " + std::to_string(i);
  }
  if (a.events.size() != b.events.size()) return "events rows";
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const auto &x = a.events[i], &y = b.events[i];
    if (x.date != y.date || x.event != y.event || x.kind != y.kind || x.detail != y.detail)
      return "events row " + std::to_string(i) + " (" + x.event + ")";
  }
  return "";
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("cmsim-fork-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(path); }
  ~TempDir() { fs::remove_all(path); }
};

/// The baseline without `removed` (as `remove_events` composes it), with `extra` YAML lines.
scenario::Scenario baseline_without(const TempDir& dir, const std::vector<std::string>& removed,
                                    const std::vector<scenario::Override>& overrides = {}) {
  if (removed.empty()) return scenario::load_scenario(SRC + "/scenarios/baseline.yaml", overrides);
  const fs::path file = dir.path / "counterfactual.yaml";
  std::ofstream f(file);
  f << "extends: \"" << SRC << "/scenarios/baseline.yaml\"\nremove_events: [";
  for (std::size_t i = 0; i < removed.size(); ++i) f << (i ? ", " : "") << removed[i];
  f << "]\n";
  f.close();
  return scenario::load_scenario(file.string(), overrides);
}

/// A run of `from` stopped at `at` and forked onto `to`, finished.
market::RunResult forked(const scenario::Scenario& from, const scenario::Scenario& to, engine::Time at,
                         std::uint64_t rep, market::RunRows rows = market::RunRows::ALL) {
  market::MarketRun run(from, rep, rows);
  run.run_before(at);
  return run.fork(to)->finish();
}

/// Each scenario's runs forked at `at` onto the other equal the other's full runs, byte for byte.
void check_forks_both_ways(const scenario::Scenario& a, const scenario::Scenario& b, engine::Time at,
                           std::uint64_t replications) {
  for (std::uint64_t rep = 0; rep < replications; ++rep) {
    INFO("replication " << rep);
    CHECK(difference(forked(a, b, at, rep), market::run_market(b, rep)) == "");
    CHECK(difference(forked(b, a, at, rep), market::run_market(a, rep)) == "");
  }
}

engine::Time quarter_after(engine::Time t) {
  return engine::Quarter::of(engine::Date::of(t)).next().first_day().start();
}

}  // namespace

TEST_CASE("A run forked at the divergence of a baseline counterfactual equals its full run byte for byte", "[fork]") {
  TempDir dir;
  const auto base = baseline_without(dir, {});
  // A 2023 rule (takes H20, L20, L2, MI308 and the 2026 events along), the 2025 H20
  // licence (takes the RTX Pro 6000D and China's reactions along), a 2025 rule with no
  // products, and a 2026 event announced in 2025.
  for (const std::string removed : {"us-2023-10-17-ac-rule", "us-2025-04-h20-licence", "us-2025-01-15-foundry-rule",
                                    "us-2026-01-15-h200-licence"}) {
    const auto alt = baseline_without(dir, {removed});
    for (std::uint64_t rep : {0, 3}) {
      const auto at = market::fork_time(base, alt, rep);
      INFO(removed << " replication " << rep);
      REQUIRE(at);
      CHECK(*at > base.start.start());
      CHECK(difference(forked(base, alt, *at, rep), market::run_market(alt, rep)) == "");
      // The run forked from continues unchanged, and series-only runs fork the same way.
      CHECK(difference(forked(base, base, *at, rep), market::run_market(base, rep)) == "");
      CHECK(difference(forked(base, alt, *at, rep, market::RunRows::SERIES_ONLY),
                       market::run_market(alt, rep, market::RunRows::SERIES_ONLY)) == "");
    }
  }
}

TEST_CASE("Every baseline event removed: the shared runs equal full runs byte for byte", "[fork]") {
  TempDir dir;
  const auto base = baseline_without(dir, {});
  std::vector<scenario::Scenario> scenarios{base};
  for (const auto& e : base.events) scenarios.push_back(baseline_without(dir, {e.id}));
  scenarios.push_back(baseline_without(dir, {"us-2025-01-15-foundry-rule", "us-2026-01-15-h200-licence"}));
  std::vector<const scenario::Scenario*> group;
  for (const auto& s : scenarios) group.push_back(&s);
  market::SharingStats stats;
  const auto results = market::run_market_shared(group, 1, market::RunRows::ALL, &stats);
  REQUIRE(results.size() == scenarios.size());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    INFO("scenario " << i << (i ? " (without " + (i <= base.events.size() ? base.events[i - 1].id : "two") + ")" : ""));
    CHECK(difference(results[i], market::run_market(scenarios[i], 1)) == "");
  }
  CHECK(stats.forks > 0);
  CHECK(stats.quarters_run < stats.quarters_full);
}

TEST_CASE("A fork one quarter after the divergence gives other results", "[fork]") {
  // What the equality tests would catch if the fork came a quarter late. A ban announced in
  // 2023Q1 and in force in 2023Q2: buyers buy ahead in Q1 (anticipation), so the run
  // without it differs from the announcement on, silently (nothing in force yet to betray it).
  auto base = testing::small_market();
  auto rule = testing::tpp_rule("rule-2023", Date(2023, 5, 10), 4800);
  rule.announced = Date(2023, 2, 20);
  base.events = {rule};
  auto alt = base;
  alt.events.clear();
  CHECK(market::divergence(base, alt, 0).date == Date(2023, 2, 20));
  const auto at = market::fork_time(base, alt, 0);
  REQUIRE(at);
  CHECK(*at == Date(2023, 1, 1).start());
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    INFO("replication " << rep);
    CHECK(difference(forked(base, alt, *at, rep), market::run_market(alt, rep)) == "");
    CHECK(difference(forked(base, alt, quarter_after(*at), rep), market::run_market(alt, rep)) != "");
  }
  // A baseline counterfactual forked after the removed event took effect is refused outright.
  TempDir dir;
  const auto baseline = baseline_without(dir, {});
  const auto no_foundry = baseline_without(dir, {"us-2025-01-15-foundry-rule"});
  const auto foundry_at = market::fork_time(baseline, no_foundry, 0);
  REQUIRE(foundry_at);
  CHECK(*foundry_at == Date(2025, 1, 1).start());
  CHECK(difference(forked(baseline, no_foundry, *foundry_at, 0), market::run_market(no_foundry, 0)) == "");
  CHECK_THROWS_AS(forked(baseline, no_foundry, quarter_after(*foundry_at), 0), std::logic_error);
}

TEST_CASE("Divergence dates on hand-built scenarios", "[fork]") {
  using namespace scenario;
  auto base = testing::small_market();
  auto rule = testing::tpp_rule("rule-2023", Date(2023, 5, 10), 4800);
  rule.announced = Date(2023, 2, 20);
  auto later = testing::tpp_rule("rule-2024", Date(2024, 3, 1), 9000);
  base.events = {rule, later};

  SECTION("identical scenarios never part") {
    const auto d = market::divergence(base, base, 0);
    CHECK(d.date > base.end);
    CHECK(market::fork_time(base, base, 0) == base.end.plus_days(1).start());
  }
  SECTION("an event removed: its announcement, not its effective date") {
    auto alt = base;
    alt.events = {later};
    CHECK(market::divergence(base, alt, 0).date == Date(2023, 2, 20));
    CHECK(market::fork_time(base, alt, 0) == Date(2023, 1, 1).start());
  }
  SECTION("an event moved: the earlier of its two dates") {
    auto alt = base;
    alt.events[1].effective = alt.events[1].announced = Date(2024, 8, 1);
    CHECK(market::divergence(base, alt, 0).date == Date(2024, 3, 1));
    alt.events[1].effective = alt.events[1].announced = Date(2023, 9, 1);
    CHECK(market::divergence(base, alt, 0).date == Date(2023, 9, 1));
  }
  SECTION("an event's terms changed: from its announcement") {
    auto alt = base;
    alt.events[0].as<scenario::ExportRule>().restricts.predicate->value = 5000;
    CHECK(market::divergence(base, alt, 0).date == Date(2023, 2, 20));
  }
  SECTION("a lagged event: its dates as resolved in the replication count") {
    auto lagged = testing::tpp_rule("lagged", Date(2024, 12, 1), 100000);  // declared late, resolved earlier
    lagged.requires_.push_back({"rule-2024", 1.0, 30.0});                  // 2024-03-31
    auto with = base;
    with.events.push_back(lagged);
    auto slower = with;
    slower.events[2].requires_[0].lag_days = 60.0;  // 2024-04-30
    CHECK(market::divergence(with, slower, 0).date == Date(2024, 3, 31));
  }
  SECTION("a lift naming a removed event parts at the lift's date when it comes first") {
    Scenario with = base;
    PolicyEvent lift;
    lift.id = "lift";
    scenario::Lift l;
    l.targets = {"rule-2024"};
    lift.instrument = l;
    lift.announced = lift.effective = Date(2022, 6, 1);
    with.events.push_back(lift);
    Scenario without = with;
    without.events.erase(without.events.begin() + 1);
    CHECK(market::divergence(with, without, 0).date == Date(2022, 6, 1));
  }
  SECTION("a scripted product removed with its event acts a year before its launch") {
    auto with = base;
    Product answer = with.products[1];
    answer.id = "answer";
    answer.launch = Date(2024, 9, 1);
    answer.launch_requires = {"rule-2024"};
    with.products.push_back(answer);
    auto without = with;
    without.events.pop_back();
    without.products.pop_back();
    const auto d = market::divergence(with, without, 0);
    CHECK(d.date == Date(2024, 9, 1).plus_days(-market::SCRIPTED_LAUNCH_LOOKAHEAD_DAYS));
    CHECK(market::products_nest(with, without));
    CHECK_FALSE(market::products_nest(without, with));
    CHECK(market::fork_time(with, without, 0));
    CHECK_FALSE(market::fork_time(without, with, 0));  // a fork cannot add a product
  }
  SECTION("anything but events and scripted products: no shared history") {
    auto alt = base;
    alt.parameters.beta_risk += 0.5;
    CHECK(market::divergence(base, alt, 0).date == base.start);
    CHECK_FALSE(market::fork_time(base, alt, 0));
    alt = base;
    alt.products[2].price_usd += 1;
    CHECK(market::divergence(base, alt, 0).date == base.start);
    alt = base;
    alt.buyers[0].count += 1;
    CHECK_FALSE(market::fork_time(base, alt, 0));
    alt = base;
    alt.seed += 1;
    CHECK_FALSE(market::fork_time(base, alt, 0));
    alt = base;
    std::swap(alt.events[0], alt.events[1]);
    CHECK(market::divergence(base, alt, 0).date == base.start);
  }
}

TEST_CASE("Hand-built forks equal full runs: a redesign pending, or cards in transit, at the fork",
          "[fork][delivery-lag]") {
  auto base = testing::small_market();
  base.events = {testing::tpp_rule("rule-2022", Date(2022, 8, 15), 4800),
                 testing::tpp_rule("rule-2023", Date(2023, 11, 20), 2000)};
  std::uint64_t replications = 3;
  SECTION("a redesign pending at the fork") {
    base.vendors[0].redesign = scenario::Redesign{1.0, 450, 0.02, 1.0};  // due 2023-11-08
    base.products[0].end_of_sale = Date(2024, 9, 30);
  }
  SECTION("cards in transit at the fork") {
    base.vendors[0].delivery_lag_days = 60;
    base.vendors[1].delivery_lag_days = 120;  // more than a quarter: shipments carried twice
    replications = 2;
  }
  auto alt = base;
  alt.events.pop_back();
  const auto at = market::fork_time(base, alt, 2);
  REQUIRE(at);
  CHECK(*at == Date(2023, 10, 1).start());
  check_forks_both_ways(base, alt, *at, replications);
}

TEST_CASE("A scripted product that exists in one run only: the fork follows the other scenario", "[fork]") {
  // Both scenarios list the product; in the alternative the event it requires never happens
  // (it requires an event that is not there), so the product never launches there.
  auto base = testing::small_market();
  base.events = {testing::tpp_rule("rule-2024", Date(2024, 3, 1), 4800)};
  scenario::Product answer = base.products[1];
  answer.id = "answer";
  answer.launch = Date(2024, 9, 1);
  answer.launch_requires = {"rule-2024"};
  base.products.push_back(answer);
  auto alt = base;
  alt.events[0].requires_.push_back({"absent", 1.0, std::nullopt});
  const auto at = market::fork_time(base, alt, 0);
  REQUIRE(at);
  CHECK(*at == Date(2023, 7, 1).start());  // a year before the launch: 2023-09-01's quarter
  for (std::uint64_t rep = 0; rep < 2; ++rep) {
    INFO("replication " << rep);
    CHECK(difference(forked(base, alt, *at, rep), market::run_market(alt, rep)) == "");
    CHECK(difference(forked(alt, base, *at, rep), market::run_market(base, rep)) == "");
  }
}
