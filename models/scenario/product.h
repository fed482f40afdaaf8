// The vocabulary every part of a scenario shares: origins, workloads, buyer kinds, the
// product metrics rules test and the predicates over them, and the product itself. The
// policy instruments (models/policy/instruments/) are written in these terms; scenario.h
// holds the whole scenario.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/engine/date.h"

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

const char* to_string(Origin);
const char* to_string(Metric);
const char* to_string(BuyerKind);
std::optional<Origin> origin_from_string(const std::string&);
std::optional<Metric> metric_from_string(const std::string&);
std::optional<BuyerKind> buyer_kind_from_string(const std::string&);

/// Whether a product's metrics satisfy a predicate.
bool matches(const Predicate& p, const Product& product);
/// Human-readable reason a product matches ("tpp 15832 >= 4800"), or "" if it does not.
std::string explain_match(const Predicate& p, const Product& product);

}  // namespace cmsim::scenario
