// Every event of scenarios/baseline.yaml moves the outcome it exists for, in its direction:
// removing it (with what requires it, as `remove_events` does) changes the series named in
// docs/testing.md's table by the stated sign. The table is read from the doc, so the doc
// and the test cannot drift apart, and every baseline event must have a row.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "models/calibration/target_evaluation.h"
#include "models/calibration/target_loader.h"
#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"

using namespace cmsim;
namespace fs = std::filesystem;

namespace {

const std::string SRC = CMSIM_SOURCE_DIR;
constexpr int REPLICATIONS = 4;  // common random numbers: the same replications with and without

struct Row {
  std::string event, metric, period;
  int sign = 0;
  std::vector<std::string> context;  // events left out of both runs
};

std::vector<Row> table() {
  std::ifstream in(SRC + "/docs/testing.md");
  const std::regex row(R"(^\| `([a-z0-9-]+)` \| `([a-z0-9_:-]+)` \| ([0-9QH.]+) \| (\+|−|-|0) \|([^|]*)\|.*)");
  const std::regex id("`([a-z0-9-]+)`");
  std::vector<Row> rows;
  std::string line;
  std::smatch m;
  while (std::getline(in, line))
    if (std::regex_match(line, m, row)) {
      Row r{m[1], m[2], m[3], m[4] == "+" ? 1 : (m[4] == "0" ? 0 : -1), {}};
      const std::string ctx = m[5];
      for (std::sregex_iterator it(ctx.begin(), ctx.end(), id), end; it != end; ++it) r.context.push_back((*it)[1]);
      rows.push_back(r);
    }
  return rows;
}

/// The baseline without `removed` (a file that extends it), or the baseline itself.
scenario::Scenario baseline_without(const std::vector<std::string>& removed, const fs::path& file) {
  if (removed.empty()) return scenario::load_scenario(SRC + "/scenarios/baseline.yaml");
  std::ofstream f(file);
  f << "extends: \"" << SRC << "/scenarios/baseline.yaml\"\nremove_events: [";
  for (std::size_t i = 0; i < removed.size(); ++i) f << (i ? ", " : "") << removed[i];
  f << "]\n";
  f.close();
  return scenario::load_scenario(file.string());
}

/// The rows as a targets file, so metric and period are parsed and checked as in calibration.
calibration::TargetSet targets(const std::vector<Row>& rows, const fs::path& dir) {
  std::ofstream f(dir / "targets.yaml");
  f << "targets:\n";
  for (std::size_t i = 0; i < rows.size(); ++i)
    f << "  - {id: row-" << i << ", metric: \"" << rows[i].metric << "\", period: \"" << rows[i].period
      << "\", aggregate: " << (rows[i].metric.find("share") != std::string::npos ? "mean" : "sum")
      << ", basis: units, band: [0, 1], source: test, role: check}\n";
  f.close();
  return calibration::load_targets((dir / "targets.yaml").string());
}

double mean_value(const scenario::Scenario& s, const calibration::Target& t) {
  double sum = 0;
  for (int r = 0; r < REPLICATIONS; ++r) sum += calibration::evaluate_target(t, market::run_market(s, r));
  return sum / REPLICATIONS;
}

}  // namespace

TEST_CASE("Every baseline event moves its outcome in its direction (docs/testing.md)", "[history][events]") {
  const auto rows = table();
  const auto base = scenario::load_scenario(SRC + "/scenarios/baseline.yaml");
  // Every event has a row.
  std::map<std::string, int> rows_per_event;
  for (const auto& r : rows) ++rows_per_event[r.event];
  for (const auto& e : base.events) {
    INFO("event " << e.id << " has no row in docs/testing.md's table");
    CHECK(rows_per_event.count(e.id) == 1);
  }
  REQUIRE(rows.size() == base.events.size());

  const fs::path dir = fs::temp_directory_path() / ("cmsim-events-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const auto set = targets(rows, dir);
  calibration::check_targets(set, base);  // product and vendor ids exist
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    const auto& target = set.targets[i];
    auto removed = row.context;
    const auto with = baseline_without(row.context, dir / (row.event + "-with.yaml"));
    removed.push_back(row.event);
    const auto without = baseline_without(removed, dir / (row.event + "-without.yaml"));
    const double with_value = mean_value(with, target), without_value = mean_value(without, target);
    const double effect = with_value - without_value;
    INFO(row.event << ": " << row.metric << " " << row.period << " with " << with_value << ", without " << without_value
                   << ", effect " << effect << " (expected sign " << row.sign << ")");
    if (row.sign == 0)
      CHECK(effect == 0.0);
    else
      CHECK(effect * row.sign > 1e-6 * (std::abs(with_value) + std::abs(without_value)));
  }
  fs::remove_all(dir);
}
