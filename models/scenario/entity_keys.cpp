#include "models/scenario/entity_keys.h"

#include <array>

namespace cmsim::scenario {
namespace {

using VK = EntityKey<Vendor>;
using RK = EntityKey<Redesign>;

const std::array<VK, 13> VENDOR_KEYS = {{
    {"id", nullptr, {}, "", "id", "required", "unique vendor id"},
    {"name", nullptr, {}, "", "text", "the id", ""},
    {"origin",
     nullptr,
     {},
     "",
     "`us` \\| `domestic` \\| `other`",
     "required",
     "decides which export rules apply to its products"},
    {"gross_margin", &Vendor::gross_margin, FRACTION, "", "", "",
     "unit cost = price × (1 − margin) unless a product gives `unit_cost_usd`"},
    {"capacity_units_per_quarter", &Vendor::capacity_units_per_quarter, QUANTITY, "cards/quarter", "", "",
     "capacity for this market at the start; 0 = unbounded"},
    {"capacity_growth_per_quarter", &Vendor::capacity_growth_per_quarter, GROWTH_PER_QUARTER, "", "", "",
     "growth per quarter when sold out"},
    {"capacity_scale", &Vendor::capacity_scale, FACTOR, "", "", "",
     "multiplies every ceiling point: the uncertainty of foundry output, yields and HBM as one level factor; give "
     "it a distribution to sample supply in sweeps (the baseline's domestic vendors do, docs/model.md §5.3)"},
    {"lead_time_days", &Vendor::lead_time_days, Bounds{0, 365, false, "a number of days"}, "days", "", "",
     "how far ahead of delivery the vendor commits production (wafer start to delivered card): its order book "
     "holds the legal cards due within it, and what a ban or a buyer's switch cancels from it is written down for "
     "a China-specific product (docs/model.md §5.3); 0 = nothing committed ahead"},
    {"delivery_lag_days", &Vendor::delivery_lag_days, Bounds{0, 365, false, "a number of days"}, "days", "", "",
     "how long a buyer waits from order to delivery: cards ordered on a day arrive from that day plus the lag, so "
     "deliveries (units, revenue, installed compute) trail orders, and an event that makes a product illegal for a "
     "buyer cancels what was ordered and has not arrived (docs/model.md §5.3); 0 = delivered as ordered"},
    {"captive_buyers",
     nullptr,
     {},
     "",
     "list of buyer ids",
     "every segment",
     "captive or exclusive supply: only these buyer segments may buy the vendor's products (derivatives included); "
     "the others never see them"},
    {"capacity_ceiling",
     nullptr,
     {},
     "",
     "list of `{date, units_per_quarter ≥ 0}`",
     "none",
     "foundry/yield bound, linear between points; dates increasing"},
    {"redesign", nullptr, {}, "", "map, keys below", "no redesign", "how the vendor answers a ban"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

const std::array<RK, 4> REDESIGN_KEYS = {{
    {"probability", &Redesign::probability, PROBABILITY, "", "", "", "chance of answering a ban with a compliant SKU"},
    {"lag_days", &Redesign::lag_days, LAG, "", "", "",
     "from the ban's announcement to the new SKU's launch (no earlier than the ban's effective date)"},
    {"margin", &Redesign::margin, FRACTION, "", "", "", "how far under the binding threshold"},
    {"price_ratio", &Redesign::price_ratio, Bounds{0, 1000, true, "a number"}, "", "", "",
     "derivative's price / banned SKU's price, per unit of value kept: price = banned price × price_ratio × "
     "√(training kept × inference kept) (docs/model.md §5.6)"},
}};

using PK = EntityKey<Product>;

const std::array<PK, 17> PRODUCT_KEYS = {{
    {"id", nullptr, {}, "", "id", "required", "unique product id"},
    {"name", nullptr, {}, "", "text", "the id", ""},
    {"vendor", nullptr, {}, "", "vendor id", "required", "must be in `vendors`"},
    {"ecosystem", nullptr, {}, "", "ecosystem id", "required", "must be in `ecosystems`"},
    {"launch", nullptr, {}, "", "date", "required", "first day it can be sold here"},
    {"end_of_sale",
     nullptr,
     {},
     "",
     "date ≥ `launch`",
     "none",
     "last day it can be sold (vendor's choice, not policy)"},
    {"tflops_bf16", &Product::tflops_bf16, SPEC, "TFLOPS", "", "", "dense BF16/FP16 TFLOPS", true},
    {"memory_gb", &Product::memory_gb, SPEC, "GB", "", "", "memory per card", true},
    {"memory_bandwidth_tbps", &Product::memory_bandwidth_tbps, SPEC, "TB/s", "", "", "memory bandwidth", true},
    {"interconnect_gbps", &Product::interconnect_gbps, SPEC, "GB/s", "", "", "bidirectional chip-to-chip bandwidth",
     true},
    {"die_area_mm2", &Product::die_area_mm2, SPEC, "mm²", "", "", "die area", true},
    {"price_usd", &Product::price_usd, SPEC, "USD", "", "", "per card to buyers in this market", true},
    {"unit_cost_usd",
     nullptr,
     {},
     "",
     "number in [0, 1e+09], USD",
     "price × (1 − vendor margin)",
     "vendor's cost per card"},
    {"china_specific",
     nullptr,
     {},
     "",
     "`true` \\| `false`",
     "false",
     "built for this market: inventory is stranded by a ban"},
    {"uses_hbm", nullptr, {}, "", "`true` \\| `false`", "false", "subject to HBM supply controls"},
    {"launch_requires", nullptr, {}, "", "list of event ids", "none", "the product exists only if these events happen"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

using BK = EntityKey<Buyer>;

const std::array<BK, 13> BUYER_KEYS = {{
    {"id", nullptr, {}, "", "id", "required", "unique buyer id"},
    {"name", nullptr, {}, "", "text", "the id", ""},
    {"kind", nullptr, {}, "", "`cloud` \\| `lab` \\| `state` \\| `enterprise`", "required", ""},
    {"count",
     nullptr,
     {},
     "",
     "whole number in [1, 100000]",
     "1",
     "buyer agents in the segment (at most 100,000 over all segments)"},
    {"state_owned", nullptr, {}, "", "`true` \\| `false`", "false", ""},
    {"entity_listed", nullptr, {}, "", "`true` \\| `false`", "false", "at the horizon start"},
    {"training_pflops_per_quarter", &Buyer::training_pflops_per_quarter, QUANTITY, "", "", "",
     "whole segment, at the start, dense BF16 PFLOPS"},
    {"inference_tbps_per_quarter", &Buyer::inference_tbps_per_quarter, QUANTITY, "", "", "",
     "whole segment, memory bandwidth TB/s"},
    {"demand_growth_annual", &Buyer::demand_growth_annual, Bounds{-1, 100, true, "a growth rate"}, "", "", "",
     "mean annual growth of demand"},
    {"demand_growth_sd", &Buyer::demand_growth_sd, GROWTH_SD, "", "", "", "sd of annual growth"},
    {"readiness",
     nullptr,
     {},
     "",
     "map `{training, inference}`, each ecosystem id → fraction in [0, 1]",
     "empty",
     "software readiness per workload"},
    {"initial_us_risk", &Buyer::initial_us_risk, PROBABILITY, "", "", "", "perceived risk that US supply is cut off"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

using EK = EntityKey<Ecosystem>;

const std::array<EK, 7> ECOSYSTEM_KEYS = {{
    {"id", nullptr, {}, "", "id", "required", "unique ecosystem id"},
    {"name", nullptr, {}, "", "text", "the id", "display name"},
    {"origin", nullptr, {}, "", "`us` \\| `domestic` \\| `other`", "required", ""},
    {"initial_maturity", &Ecosystem::initial_maturity, FRACTION, "", "", "", "tooling maturity at the start"},
    {"vendor_investment_per_quarter", &Ecosystem::vendor_investment_per_quarter, FRACTION, "", "", "",
     "maturity added per quarter by the vendor"},
    {"milestones",
     nullptr,
     {},
     "",
     "list of `{date, maturity_gain, description, source}`",
     "none",
     "dated steps (a stack open-sourced, a major model released for it): on `date` maturity m becomes m + "
     "`maturity_gain`·(1 − m); `maturity_gain` is a fraction [0, 1], required; dates in order; logged in "
     "events.csv as kind `milestone`"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

using TK = EntityKey<TradeRoute>;

const std::array<TK, 6> ROUTE_KEYS = {{
    {"id", nullptr, {}, "", "id", "required", "unique route id"},
    {"from", nullptr, {}, "", "node name (id syntax)", "required", "where the leg starts"},
    {"to", nullptr, {}, "", "node name (id syntax)", "required", "where the leg ends"},
    {"capacity_units_per_quarter", &TradeRoute::capacity_units_per_quarter, QUANTITY, "cards/quarter", "", "",
     "cards per quarter along this leg"},
    {"markup", &TradeRoute::markup, FACTOR, "", "", "", "fraction added to the price along this leg"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

using DK = EntityKey<DeveloperPopulation>;

const std::array<DK, 7> DEVELOPER_KEYS = {{
    {"developers", &DeveloperPopulation::developers, QUANTITY, "", "", "", "real developers represented at the start"},
    {"growth_per_quarter", &DeveloperPopulation::growth_per_quarter, GROWTH_PER_QUARTER, "", "", "",
     "growth of the real developer count per quarter (the agent count stays fixed; each agent stands for more "
     "developers)"},
    {"attrition_per_quarter", &DeveloperPopulation::attrition_per_quarter, FRACTION, "", "", "",
     "developers who leave each quarter and are replaced by newcomers; with growth g, a fraction g/(1+g) + "
     "attrition of the agents are entrants each quarter and take the stack of the job they get "
     "(docs/ecosystem.md)"},
    {"agents", nullptr, {}, "", "whole number in [0, 1000000]", "0", "agents simulated (0 = no developer model)"},
    {"initial_shares",
     nullptr,
     {},
     "",
     "map ecosystem id → fraction",
     "even shares",
     "must sum to 1 (±10⁻⁶) when given"},
    {"network", nullptr, {}, "", "map, keys below", "the defaults below", "the developers' social network"},
    {"source", nullptr, {}, "", "text", "\"\"", ""},
}};

const std::array<DK, 3> NETWORK_KEYS = {{
    {"generator", nullptr, {}, "", "`small_world` \\| `complete` \\| `none`", "`small_world`", ""},
    {"degree", nullptr, {}, "", "whole number in [0, 1000]", "10", "neighbours per agent (small world: even)"},
    {"rewire_probability", &DeveloperPopulation::rewire_probability, PROBABILITY, "", "", "", ""},
}};

/// "fraction in [0, 1]" from "a fraction in [0, 1]", then the unit.
std::string type_text(const Bounds& b, std::string_view unit) {
  std::string s = b.expected();
  for (const char* article : {"a ", "an "})
    if (s.rfind(article, 0) == 0) s = s.substr(std::string(article).size());
  if (!unit.empty()) s.append(", ").append(unit);
  return s;
}

template <class T>
void rows(std::string& out, std::span<const EntityKey<T>> keys, std::string_view prefix) {
  static const T defaults{};
  for (const auto& k : keys) {
    const std::string type = k.number ? type_text(k.bounds, k.unit) : std::string(k.type);
    const std::string absent = k.required ? "required"
                               : k.number ? num_text(defaults.*(k.number))
                                          : std::string(k.when_absent);
    // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "x" + string.
    out.append("| `").append(prefix).append(k.key).append("` | ").append(type).append(" | ").append(absent);
    out.append(" | ").append(k.meaning).append(k.meaning.empty() ? "|\n" : " |\n");
  }
}

}  // namespace

std::span<const EntityKey<Vendor>> vendor_keys() { return VENDOR_KEYS; }
std::span<const EntityKey<Redesign>> redesign_keys() { return REDESIGN_KEYS; }
std::span<const EntityKey<Product>> product_keys() { return PRODUCT_KEYS; }
std::span<const EntityKey<Buyer>> buyer_keys() { return BUYER_KEYS; }
std::span<const EntityKey<DeveloperPopulation>> developer_keys() { return DEVELOPER_KEYS; }
std::span<const EntityKey<DeveloperPopulation>> network_keys() { return NETWORK_KEYS; }
std::span<const EntityKey<TradeRoute>> route_keys() { return ROUTE_KEYS; }
std::span<const EntityKey<Ecosystem>> ecosystem_keys() { return ECOSYSTEM_KEYS; }

std::string vendor_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, vendor_keys(), "");
  rows(out, redesign_keys(), "redesign.");
  return out;
}

std::string product_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, product_keys(), "");
  return out;
}

std::string buyer_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, buyer_keys(), "");
  return out;
}

std::string ecosystem_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, ecosystem_keys(), "");
  return out;
}

std::string route_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, route_keys(), "");
  return out;
}

std::string developer_table_markdown() {
  std::string out = "| key | type | default | meaning |\n|---|---|---|---|\n";
  rows(out, developer_keys(), "");
  rows(out, network_keys(), "network.");
  return out;
}

}  // namespace cmsim::scenario
