// A small scenario built in code for market-model tests: one US vendor with a
// China-specific SKU and a flagship, one domestic vendor, two buyer segments.
#pragma once

#include "models/scenario/scenario.h"

namespace cmsim::testing {

inline scenario::Scenario small_market() {
  using namespace scenario;
  Scenario s;
  s.name = "small";
  s.start = Date(2022, 1, 1);
  s.end = Date(2024, 12, 31);
  s.seed = 7;
  s.ecosystems = {{"cuda", "CUDA", Origin::US, 1.0, 0.0, "", {}},
                  {"cann", "CANN", Origin::DOMESTIC, 0.5, 0.01, "", {}}};
  Vendor nv;
  nv.id = "nvidia";
  nv.name = "Nvidia";
  nv.origin = Origin::US;
  nv.gross_margin = 0.6;
  Vendor hw;
  hw.id = "huawei";
  hw.name = "Huawei";
  hw.origin = Origin::DOMESTIC;
  hw.gross_margin = 0.5;
  hw.capacity_units_per_quarter = 20000;
  hw.capacity_growth_per_quarter = 0.1;
  s.vendors = {nv, hw};
  Product flagship;
  flagship.id = "flagship";
  flagship.name = "Flagship";
  flagship.vendor = "nvidia";
  flagship.ecosystem = "cuda";
  flagship.launch = Date(2020, 1, 1);
  flagship.tflops_bf16 = 989;
  flagship.memory_gb = 80;
  flagship.memory_bandwidth_tbps = 3.35;
  flagship.interconnect_gbps = 900;
  flagship.die_area_mm2 = 814;
  flagship.price_usd = 25000;
  Product cn = flagship;
  cn.id = "cn_sku";
  cn.name = "China SKU";
  cn.tflops_bf16 = 148;
  cn.memory_gb = 96;
  cn.memory_bandwidth_tbps = 4.0;
  cn.price_usd = 12000;
  cn.unit_cost_usd = 5000;
  cn.china_specific = true;
  Product dom = flagship;
  dom.id = "dom";
  dom.name = "Domestic";
  dom.vendor = "huawei";
  dom.ecosystem = "cann";
  dom.tflops_bf16 = 320;
  dom.memory_gb = 64;
  dom.memory_bandwidth_tbps = 1.6;
  dom.interconnect_gbps = 392;
  dom.die_area_mm2 = 665;
  dom.price_usd = 15000;
  s.products = {flagship, cn, dom};
  Buyer cloud;
  cloud.id = "clouds";
  cloud.name = "Clouds";
  cloud.kind = BuyerKind::CLOUD;
  cloud.count = 3;
  cloud.training_pflops_per_quarter = 6000;
  cloud.inference_tbps_per_quarter = 30000;
  cloud.demand_growth_annual = 0.5;
  cloud.demand_growth_sd = 0.1;
  cloud.readiness_training = {{"cuda", 1.0}, {"cann", 0.3}};
  cloud.readiness_inference = {{"cuda", 1.0}, {"cann", 0.5}};
  Buyer state = cloud;
  state.id = "state";
  state.name = "State";
  state.kind = BuyerKind::STATE;
  state.state_owned = true;
  state.count = 2;
  s.buyers = {cloud, state};
  s.developers.developers = 100000;
  s.developers.agents = 200;
  s.developers.initial_shares = {{"cuda", 0.9}, {"cann", 0.1}};
  return s;
}

/// An export rule effective on `effective` banning products with TPP >= threshold.
inline scenario::PolicyEvent tpp_rule(const std::string& id, scenario::Date effective, double threshold) {
  scenario::PolicyEvent e;
  e.id = id;
  e.announced = effective;
  e.effective = effective;
  e.description = "TPP rule";
  e.source = "test";
  scenario::Predicate p;
  p.metric = scenario::Metric::TPP;
  p.op = scenario::Comparison::GE;
  p.value = threshold;
  scenario::ExportRule rule;
  rule.restricts.predicate = p;
  e.instrument = rule;
  return e;
}

/// The small market with its first segment (clouds) alone, buying training only, and the
/// domestic vendor's capacity in units per quarter (0: unbounded).
inline scenario::Scenario clouds_training(double domestic_capacity) {
  auto s = small_market();
  s.buyers.resize(1);
  s.buyers[0].inference_tbps_per_quarter = 0;
  s.vendors[1].capacity_units_per_quarter = domestic_capacity;
  return s;
}

}  // namespace cmsim::testing
