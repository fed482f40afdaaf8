// Supply uncertainty (docs/model.md §5.3): the baseline samples domestic capacity ceilings
// (capacity_scale), Huawei's ramp, domestic prices and the grey routes' capacity, so a sweep's
// bands carry supply risk: every domestic vendor's volume and the diverted volume differ
// between replications, and capacity_scale multiplies the ceiling path exactly.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "models/market/market_model.h"
#include "models/scenario/scenario_loader.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using engine::Quarter;

namespace {

const std::string BASELINE = std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml";

/// The scenario at design point u (every uncertain parameter at its u-quantile), as a sweep
/// replication applies it.
scenario::Scenario at_quantile(const scenario::Scenario& s, double u) {
  auto copy = s;
  for (auto& p : copy.uncertain) p.apply(copy, p.distribution.quantile(u));
  return copy;
}

/// The scenario at design point k of a Kronecker sequence: parameter j at the quantile
/// frac(0.5 + k·α_j), α_j = frac(j·√2 + √3), so the parameters vary independently of one
/// another, as in a sweep (all at one quantile, co-moving prices and ceilings can cancel).
scenario::Scenario at_design_point(const scenario::Scenario& s, int k) {
  auto copy = s;
  for (std::size_t j = 0; j < copy.uncertain.size(); ++j) {
    const double a = std::fmod(static_cast<double>(j + 1) * std::sqrt(2.0) + std::sqrt(3.0), 1.0);
    const double u = std::fmod(0.5 + k * a, 1.0);
    auto& p = copy.uncertain[j];
    p.apply(copy, p.distribution.quantile(std::clamp(u, 0.01, 0.99)));
  }
  return copy;
}

}  // namespace

TEST_CASE("The baseline samples supply: domestic ceilings, ramp, prices and grey-route capacity", "[market][supply]") {
  const auto s = scenario::load_scenario(BASELINE);
  std::map<std::string, int> sampled;
  for (const auto& p : s.uncertain) {
    const auto dot = p.path.rfind('.');
    ++sampled[p.path.substr(dot + 1)];
  }
  const auto domestic = std::count_if(s.vendors.begin(), s.vendors.end(),
                                      [](const auto& v) { return v.origin == scenario::Origin::DOMESTIC; });
  CHECK(domestic >= 7);
  CHECK(sampled["capacity_scale"] == domestic);  // every domestic vendor
  CHECK(sampled["capacity_growth_per_quarter"] >= 1);
  CHECK(sampled["price_usd"] >= 10);
  CHECK(sampled["capacity_units_per_quarter"] == 3);  // the three legs into China
  for (const auto& v : s.vendors)
    if (v.origin == scenario::Origin::DOMESTIC) {
      INFO(v.id);
      CHECK(std::any_of(s.uncertain.begin(), s.uncertain.end(), [&](const scenario::UncertainParameter& p) {
        return p.path.find("capacity_scale") != std::string::npos &&
               p.path.rfind("vendors[" + std::to_string(&v - s.vendors.data()) + "]", 0) == 0;
      }));
    }
}

TEST_CASE("Sampled supply moves every domestic vendor's volume and the diverted volume", "[market][supply]") {
  const auto s = scenario::load_scenario(BASELINE);
  const auto vendor_units = [](const market::RunResult& r, int year) {
    std::map<std::string, double> out;
    for (const auto& row : r.products)
      if (row.quarter.year() == year && row.origin == "domestic") out[row.vendor] += row.units;
    return out;
  };
  // Eight design points with the parameters drawn independently, on the same random streams
  // (replication 0): each domestic vendor's 2025 volume must spread by more than 5%.
  std::map<std::string, std::pair<double, double>> range;  // vendor -> (min, max)
  for (int k = 0; k < 8; ++k)
    for (const auto& [vendor, units] : vendor_units(market::run_market(at_design_point(s, k), 0), 2025)) {
      const auto it = range.try_emplace(vendor, units, units).first;
      it->second.first = std::min(it->second.first, units);
      it->second.second = std::max(it->second.second, units);
    }
  for (const auto& v : s.vendors)
    if (v.origin == scenario::Origin::DOMESTIC) {
      const auto [lo, hi] = range.at(v.id);
      INFO(v.id << ": " << lo << " .. " << hi);
      CHECK(lo > 0);
      CHECK(hi > 1.05 * lo);
    }
  // Low and high ends of every distribution for the grey routes (their legs run from ×0.5 to
  // ×1.5 of their means).
  const auto low = market::run_market(at_quantile(s, 0.05), 0);
  const auto high = market::run_market(at_quantile(s, 0.95), 0);
  double div_lo = 0, div_hi = 0;
  for (Quarter q(2025, 1); q <= Quarter(2026, 4); q = q.next()) {
    div_lo += low.timeseries.get(low.timeseries.id("diverted_units"), q);
    div_hi += high.timeseries.get(high.timeseries.id("diverted_units"), q);
  }
  CHECK(div_lo > 0);
  CHECK(div_hi > div_lo * 1.5);  // the legs into China run from ×0.5 to ×1.5 of their means
}

TEST_CASE("capacity_scale multiplies a sold-out vendor's ceiling path", "[market][supply][capacity]") {
  auto s = testing::clouds_training(1e9);  // the ceiling binds, not the base capacity
  s.vendors[1].capacity_ceiling = {{engine::Date(2020, 1, 1), 1000}, {engine::Date(2030, 1, 1), 1000}};
  s.products[2].price_usd = 1000;  // cheap enough to sell out
  const auto dom = [](const market::RunResult& r) {
    double u = 0;
    for (const auto& row : r.products)
      if (row.product == "dom" && row.quarter == Quarter(2022, 1)) u += row.units;
    return u;
  };
  REQUIRE(dom(market::run_market(s, 0)) == Approx(1000));
  s.vendors[1].capacity_scale = 0.6;
  CHECK(dom(market::run_market(s, 0)) == Approx(600));
}
