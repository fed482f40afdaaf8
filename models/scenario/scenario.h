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

#include "models/policy/instruments/registry.h"
#include "models/scenario/model_parameters.h"
#include "models/scenario/product.h"
#include "models/scenario/source_location.h"
#include "sim/engine/date.h"
#include "sim/engine/distribution.h"

namespace cmsim::scenario {

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
  /// Captive or exclusive supply: only these buyer segments (ids) may buy the vendor's
  /// products, derivatives included (empty = every segment).
  std::vector<std::string> captive_buyers;
  /// How far ahead of delivery the vendor commits production: its order book holds the
  /// cards due within this many days, which a cancellation strands (market/order_book.h).
  double lead_time_days = 0;
  /// How long a buyer waits from order to delivery (the customer's lead time): cards
  /// ordered on day d arrive from d + this (market/deliveries.h).
  double delivery_lag_days = 0;
  std::optional<Redesign> redesign;
  std::string source;
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const Vendor&) const = default;
};

/// A dated step in an ecosystem's tooling (a stack open-sourced, a major model released for
/// it): on `date` maturity m becomes m + maturity_gain·(1 − m).
struct EcosystemMilestone {
  Date date;
  double maturity_gain = 0;  ///< fraction of the gap to full maturity closed on the date
  std::string description;
  std::string source;
  bool operator==(const EcosystemMilestone&) const = default;
};

struct Ecosystem {
  std::string id;    ///< "cuda"
  std::string name;  ///< "Nvidia CUDA"
  Origin origin = Origin::US;
  double initial_maturity = 0.5;             ///< tooling maturity in [0, 1]
  double vendor_investment_per_quarter = 0;  ///< maturity added per quarter by the vendor
  std::string source;
  std::vector<EcosystemMilestone> milestones;  ///< in date order
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
  double developers = 0;                         ///< real developers represented at the start
  double growth_per_quarter = 0;                 ///< growth of the real developer count
  double attrition_per_quarter = 0;              ///< developers who leave and are replaced
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

/// A policy event: when it is announced and takes effect, what it requires, and the policy
/// instrument it puts in force (one type per kind: models/policy/instruments/registry.h).
struct PolicyEvent {
  std::string id;
  std::string description;
  Date announced;
  Date effective;
  std::string source;
  std::vector<Requirement> requires_;  ///< YAML key: requires
  int line = 0;
  /// Shock to buyers' perceived risk of US supply; < 0 = the default (restricts_us_supply()).
  double risk_shock = -1;
  Instrument instrument;

  /// The YAML name of its kind ("export_rule").
  std::string_view kind() const { return kind_name(instrument); }
  template <class T>
  bool is() const {
    return std::holds_alternative<T>(instrument);
  }
  template <class T>
  const T& as() const {
    return std::get<T>(instrument);
  }
  template <class T>
  T& as() {
    return std::get<T>(instrument);
  }
  template <class T>
  const T* get_if() const {
    return std::get_if<T>(&instrument);
  }
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
  /// The vendor and ecosystem the default series follow (`headline:`, docs/scenarios.md),
  /// as the file names them; empty when it does not (headline_vendor_of() decides).
  std::string headline_vendor;
  std::string headline_ecosystem;
  std::vector<UncertainParameter> uncertain;

  const Product* find_product(const std::string& id) const;
  const Vendor* find_vendor(const std::string& id) const;
  const PolicyEvent* find_event(const std::string& id) const;
  int ecosystem_index(const std::string& id) const;  ///< -1 if unknown
};

/// The vendor and the ecosystem the default series are about (`<vendor>_share_units`, …,
/// `dev_left_<ecosystem>`): those `headline:` names, else the first of origin us, else the
/// first; "" when there is none.
std::string headline_vendor_of(const Scenario& s);
std::string headline_ecosystem_of(const Scenario& s);

const char* to_string(MetricMeasure);
std::optional<MetricMeasure> metric_measure_from_string(const std::string&);
/// Every measure's YAML name, in declaration order.
std::vector<std::string> metric_measure_names();

}  // namespace cmsim::scenario
