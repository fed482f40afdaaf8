// The last line of defence against non-finite output (docs/scenarios.md, "Limits"): before a
// run or an experiment writes anything, every value is checked, and the first infinite one
// is reported with its table, row, column and quarter as bad input. NaN is allowed: it is a
// ratio with nothing to divide by and is written as an empty field (docs/output.md).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>

#include "sim/cli/experiment_command.h"
#include "sim/cli/run_output.h"
#include "sim/engine/input_error.h"

using cmsim::engine::InputError;
using cmsim::engine::Quarter;

namespace {
constexpr double INF = std::numeric_limits<double>::infinity();
constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

cmsim::market::RunResult finite_result() {
  cmsim::market::RunResult r{cmsim::engine::Recorder(Quarter{2024, 1}, Quarter{2024, 4}), {}, {}, {}, 0,
                             cmsim::engine::Recorder(Quarter{2024, 1}, Quarter{2024, 4})};
  for (int q = 1; q <= 4; ++q) {
    r.products.push_back({Quarter{2024, q}, "h20", "nvidia", "us", 1e12, 1e21, 1e15, true, 1e9});
    r.ecosystems.push_back({Quarter{2024, q}, "cuda", 1e6, 0.9, 1.0, 1e15});
  }
  return r;
}
}  // namespace

TEST_CASE("Large finite values and NaN pass the output finiteness check", "[cli][finite]") {
  auto r = finite_result();
  r.products[1].units = NaN;
  r.timeseries.set("nvidia_share_units", Quarter{2024, 2}, std::numeric_limits<double>::max());
  r.timeseries.set("domestic_share_units", Quarter{2024, 3}, NaN);
  CHECK_NOTHROW(cmsim::cli::check_finite_rows(r));
  CHECK_NOTHROW(cmsim::cli::check_finite(r.timeseries, "replication 0"));
}

TEST_CASE("An infinite product or ecosystem value names its table, row, column and quarter", "[cli][finite]") {
  auto r = finite_result();
  r.products[2].revenue_usd = INF;
  REQUIRE_THROWS_AS(cmsim::cli::check_finite_rows(r), InputError);
  CHECK_THROWS_WITH(cmsim::cli::check_finite_rows(r),
                    Catch::Contains("products.csv (h20, revenue_usd) at 2024Q3; nothing was written"));
  r.products[2].revenue_usd = 1;
  r.products[0].price_usd = -INF;
  CHECK_THROWS_WITH(cmsim::cli::check_finite_rows(r), Catch::Contains("(h20, price_usd) at 2024Q1"));
  r.products[0].price_usd = 1;
  r.ecosystems[3].installed_pflops = INF;
  CHECK_THROWS_WITH(cmsim::cli::check_finite_rows(r),
                    Catch::Contains("ecosystems.csv (cuda, installed_pflops) at 2024Q4"));
}

TEST_CASE("An infinite series value stops an experiment's replication with its name and quarter", "[cli][finite]") {
  cmsim::engine::Recorder rec(Quarter{2024, 1}, Quarter{2024, 4});
  rec.set("a", Quarter{2024, 1}, 1.0);
  rec.set("b", Quarter{2024, 4}, -INF);
  CHECK_THROWS_WITH(cmsim::cli::check_finite(rec, "replication 7"),
                    Catch::Contains("replication 7 produced a non-finite value (-inf) in series b at 2024Q4"));
}
