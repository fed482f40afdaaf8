// The typed scenario: everything a replication of the market model needs, as read from a
// YAML file (see docs/scenarios.md for the file format). The loader (scenario_loader.h)
// builds it and validates it; the model only reads it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/scenario/model_parameters.h"
#include "models/scenario/source_location.h"
#include "sim/engine/date.h"
#include "sim/engine/distribution.h"

namespace cmsim::scenario {

using engine::Date;

enum class Origin { US, DOMESTIC, OTHER };
enum class Workload { TRAINING, INFERENCE };
enum class BuyerKind { CLOUD, LAB, STATE, ENTERPRISE };

/// Product metrics that rules can test. TPP and performance density are derived.
enum class Metric { TPP, PERFORMANCE_DENSITY, TFLOPS, INTERCONNECT_GBPS, MEMORY_BANDWIDTH_TBPS, MEMORY_GB };
enum class Comparison { GE, GT, LE, LT };

/// A test over product metrics: a single condition, or all_of / any_of a list.
struct Predicate {
  enum class Kind { CONDITION, ALL_OF, ANY_OF };
  Kind kind = Kind::CONDITION;
  Metric metric = Metric::TPP;
  Comparison op = Comparison::GE;
  double value = 0;
  std::vector<Predicate> children;  // for ALL_OF / ANY_OF
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Predicate&) const = default;
};

struct Product {
  std::string id;      ///< "h20"
  std::string name;    ///< "Nvidia H20"
  std::string vendor;  ///< vendor id
  std::string ecosystem;
  Date launch;                      ///< first day it can be sold here
  std::optional<Date> end_of_sale;  ///< last day it can be sold (vendor's choice, not policy)
  double tflops_bf16 = 0;           ///< dense BF16/FP16 TFLOPS
  double memory_gb = 0;
  double memory_bandwidth_tbps = 0;
  double interconnect_gbps = 0;  ///< bidirectional chip-to-chip, GB/s
  double die_area_mm2 = 0;
  double price_usd = 0;                 ///< per card, to buyers in this market
  std::optional<double> unit_cost_usd;  ///< vendor's cost per card; default price × (1 − vendor gross margin)
  bool china_specific = false;          ///< built for this market: inventory is stranded by a ban
  bool uses_hbm = false;                ///< subject to HBM supply controls (domestic vendors)
  /// Scripted responses: the product only exists if all these events happen (e.g. H20
  /// requires the Oct-2023 rule). Removing the cause removes the product.
  std::vector<std::string> launch_requires;
  std::string source;
  int line = 0;  ///< where it was declared (for messages)
  /// For a compliant derivative the model creates: the id of the product it was derated
  /// from (its family). A measure naming a product names its family too (names()).
  std::string family;

  double tpp() const { return tflops_bf16 * 16.0; }
  double performance_density() const { return die_area_mm2 > 0 ? tpp() / die_area_mm2 : 0.0; }
  double metric(Metric m) const;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Product&) const = default;
};

/// True when `ids` names the product or the product it was derived from: a measure that
/// names a product (licence, discourage, subsidy, import approval) covers its derivatives.
bool names(const std::vector<std::string>& ids, const Product& p);

struct CapacityPoint {
  Date date;
  double units_per_quarter = 0;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const CapacityPoint&) const = default;
};

struct Redesign {
  double probability = 0;    ///< chance a vendor answers a ban with a compliant SKU
  double lag_days = 180;     ///< from the ban's effective date to the new SKU's launch
  double margin = 0.02;      ///< how far under the binding threshold (fraction)
  double price_ratio = 1.0;  ///< new SKU price / banned SKU price per unit of value kept
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Redesign&) const = default;
};

struct Vendor {
  std::string id;
  std::string name;
  Origin origin = Origin::US;
  double gross_margin = 0.6;  ///< used for unit cost when a product gives none
  /// Capacity for this market in cards per quarter at the horizon start (0 = unbounded).
  double capacity_units_per_quarter = 0;
  /// Growth of capacity per quarter when the vendor sells out (utilisation >= 90%).
  double capacity_growth_per_quarter = 0;
  /// Foundry/yield ceiling on capacity, interpolated linearly between points.
  std::vector<CapacityPoint> capacity_ceiling;
  /// Multiplies every point of the ceiling: the uncertainty of foundry output, yields and
  /// HBM as one level factor (a distribution in sweeps; 1 = the path as written).
  double capacity_scale = 1.0;
  std::optional<Redesign> redesign;
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Vendor&) const = default;
};

struct Ecosystem {
  std::string id;    ///< "cuda"
  std::string name;  ///< "Nvidia CUDA"
  Origin origin = Origin::US;
  double initial_maturity = 0.5;             ///< tooling maturity in [0, 1]
  double vendor_investment_per_quarter = 0;  ///< maturity added per quarter by the vendor
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Ecosystem&) const = default;
};

/// A buyer segment: `count` buyer agents that share these attributes.
struct Buyer {
  std::string id;
  std::string name;
  BuyerKind kind = BuyerKind::CLOUD;
  int count = 1;
  bool state_owned = false;
  bool entity_listed = false;              ///< at the horizon start
  double training_pflops_per_quarter = 0;  ///< demand of the whole segment at the start
  double inference_tbps_per_quarter = 0;   ///< memory bandwidth demanded, TB/s, whole segment
  double demand_growth_annual = 0.5;       ///< mean growth rate of demand
  double demand_growth_sd = 0.1;           ///< sd of annual growth (stochastic trend)
  /// Software readiness per ecosystem and workload, in [0, 1].
  std::map<std::string, double> readiness_training;
  std::map<std::string, double> readiness_inference;
  double initial_us_risk = 0.0;  ///< perceived risk that US supply is cut off, [0, 1]
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Buyer&) const = default;
};

struct DeveloperPopulation {
  double developers = 0;                         ///< real developers represented
  int agents = 0;                                ///< agents simulated (0 = no developer model)
  std::map<std::string, double> initial_shares;  ///< by ecosystem, sums to 1
  std::string network = "small_world";           ///< small_world | complete | none
  int degree = 10;                               ///< neighbours per agent (small world: even)
  double rewire_probability = 0.1;
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const DeveloperPopulation&) const = default;
};

struct TradeRoute {
  std::string id;
  std::string from;  ///< node name: "us" for the vendor side, "china" for buyers, hubs otherwise
  std::string to;
  double capacity_units_per_quarter = 0;
  double markup = 0;  ///< fraction added to the price along this leg
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const TradeRoute&) const = default;
};

struct Requirement {
  std::string event;
  double probability = 1.0;
  std::optional<double> lag_days;  ///< if set, this event's dates follow the required one's effective date
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Requirement&) const = default;
};

enum class EventKind {
  EXPORT_RULE,          ///< products of given origins matching a predicate may not be sold
  LICENCE_REQUIREMENT,  ///< named products need a licence: grant probability, revenue-share fee
  LIFT,                 ///< ends earlier events from its effective date
  AMEND_RULE,           ///< replaces an export rule's predicate from its effective date
  ENTITY_LIST,          ///< named buyers may no longer buy US products
  SUPPLY_CONTROL,       ///< capacity multiplier on named vendors (e.g. HBM)
  ENFORCEMENT,          ///< capacity multiplier and extra mark-up on diversion routes
  PROCUREMENT_MANDATE,  ///< minimum domestic share for some buyer kinds (China)
  DISCOURAGE,           ///< utility penalty on named foreign products or origins (China)
  SUBSIDY,              ///< price reduction on products of given vendors or origin
  DEMAND_SHOCK,         ///< multiplier on one workload's demand growth path
  IMPORT_APPROVAL,      ///< China's gate: named products may be imported only with an approval (a draw)
};

struct PolicyEvent {
  std::string id;
  EventKind kind = EventKind::EXPORT_RULE;
  std::string description;
  Date announced;
  Date effective;
  std::string source;
  std::vector<Requirement> requires_;  ///< YAML key: requires
  int line = 0;

  // EXPORT_RULE / AMEND_RULE (the origins a rule covers; `origin:` under `restricts`)
  std::vector<Origin> origins{Origin::US};
  std::optional<Predicate> restricts;
  // LICENCE_REQUIREMENT, DISCOURAGE, SUBSIDY: which products (by id)
  std::vector<std::string> products;
  double grant_probability = 0;  ///< per buyer segment and quarter
  double fee_share = 0;          ///< revenue share to the exporting government
  // LIFT / AMEND_RULE
  std::vector<std::string> targets;
  // ENTITY_LIST
  std::vector<std::string> buyers;
  // SUPPLY_CONTROL / SUBSIDY
  std::vector<std::string> vendors;
  // SUPPLY_CONTROL / ENFORCEMENT
  double capacity_multiplier = 1.0;
  // ENFORCEMENT
  std::vector<std::string> routes;  ///< empty = all diversion routes
  double markup_add = 0;
  // PROCUREMENT_MANDATE / DISCOURAGE / DEMAND_SHOCK
  std::vector<BuyerKind> buyer_kinds;  ///< empty = all
  double domestic_share_min = 0;
  double utility_penalty = 0;
  std::vector<Origin> by_origins;  ///< DISCOURAGE / SUBSIDY: every product of these origins
  // SUBSIDY
  double price_reduction = 0;
  // IMPORT_APPROVAL (products / vendors / by_origins select; buyer_kinds: who needs it, empty = all)
  double approval_probability = 0;  ///< per buyer and quarter
  // DEMAND_SHOCK
  std::optional<Workload> workload;  ///< empty = both
  double demand_multiplier = 1.0;
  // Shock to buyers' perceived risk of US supply (US restrictive events); <0 = default by kind
  double risk_shock = -1;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const PolicyEvent&) const = default;
};

/// Which products a metric counts: those that pass every filter given (an empty selector,
/// YAML `all`, counts every product). Filters: vendor, origin, ecosystem or product id in a
/// list; TPP at or above a floor.
struct ProductSelector {
  std::vector<std::string> vendors;
  std::vector<Origin> origins;
  std::vector<std::string> ecosystems;
  std::vector<std::string> products;
  std::optional<double> tpp_min;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const ProductSelector&) const = default;
};

/// What a metric sums over the selected products each quarter (docs/scenarios.md).
enum class MetricMeasure {
  UNITS,                  ///< cards sold legally: units x (units - diverted) / units
  PFLOPS,                 ///< PFLOPS sold legally, the same way
  SPEND_USD,              ///< what buyers paid for legal purchases
  VENDOR_REVENUE_USD,     ///< vendors' revenue from legal sales, net of licence fees
  TRAINING_PFLOPS,        ///< PFLOPS bought for training (legal and diverted)
  LEGAL_TRAINING_PFLOPS,  ///< PFLOPS bought legally for training
  DELIVERED_UNITS,        ///< cards delivered (legal and diverted)
  DIVERTED_UNITS,         ///< cards that arrived through grey routes
  DIVERTED_SPEND_USD,     ///< what buyers paid for them
  FEE_USD,                ///< licence fees remitted
};

/// A user-defined series of timeseries.csv (`metrics:`): the sum of `measure` over the
/// numerator's products, divided by the same sum over the denominator's (a share; NaN when
/// that is 0), or the sum itself when there is no denominator (a level).
struct MetricDefinition {
  std::string name;
  ProductSelector numerator;
  std::optional<ProductSelector> denominator;
  MetricMeasure measure = MetricMeasure::UNITS;
  SourceLocation where;  ///< of its `name` (for messages)
};

/// A parameter given as a distribution: its key path, the distribution, and how to put a
/// value into a Scenario. A single run uses the mean; sweeps sample.
struct UncertainParameter {
  std::string path;  ///< "parameters.demand_growth_annual", "buyers[2].demand_growth_annual"
  engine::Distribution distribution;
  std::function<void(struct Scenario&, double)> apply;
  /// The path with list positions replaced by ids ("buyers.state_dc.demand_growth_annual"):
  /// what sweeps name the parameter by and pair arms on, so that a counterfactual that removes
  /// a product draws the same value for every other product (set by load_scenario).
  std::string key{};
};

/// `path` with its leading "list[k]" replaced by "list.<id>" for vendors, products, buyers,
/// routes and events (unchanged when there is no such entity).
std::string stable_parameter_key(const struct Scenario& s, const std::string& path);

struct Scenario {
  std::string name;
  std::string description;
  std::string path;  ///< file it was loaded from
  Date start;
  Date end;
  std::uint64_t seed = 1;
  ModelParameters parameters;
  std::vector<Ecosystem> ecosystems;
  std::vector<Vendor> vendors;
  std::vector<Product> products;
  std::vector<Buyer> buyers;
  DeveloperPopulation developers;
  std::vector<TradeRoute> routes;
  std::vector<PolicyEvent> events;
  std::vector<MetricDefinition> metrics;  ///< user series, recorded after the default ones
  std::vector<UncertainParameter> uncertain;

  const Product* find_product(const std::string& id) const;
  const Vendor* find_vendor(const std::string& id) const;
  const PolicyEvent* find_event(const std::string& id) const;
  int ecosystem_index(const std::string& id) const;  ///< -1 if unknown
};

const char* to_string(Origin);
const char* to_string(Metric);
const char* to_string(EventKind);
const char* to_string(BuyerKind);
std::optional<Origin> origin_from_string(const std::string&);
std::optional<Metric> metric_from_string(const std::string&);
std::optional<EventKind> event_kind_from_string(const std::string&);
std::optional<BuyerKind> buyer_kind_from_string(const std::string&);
const char* to_string(MetricMeasure);
std::optional<MetricMeasure> metric_measure_from_string(const std::string&);
/// Every measure's YAML name, in declaration order.
std::vector<std::string> metric_measure_names();

/// Whether a product's metrics satisfy a predicate.
bool matches(const Predicate& p, const Product& product);
/// Human-readable reason a product matches ("tpp 15832 >= 4800"), or "" if it does not.
std::string explain_match(const Predicate& p, const Product& product);

}  // namespace cmsim::scenario
