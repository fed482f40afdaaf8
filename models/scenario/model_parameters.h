// The market model's global parameters: one struct, and one table that declares each
// parameter once (name, unit, default, bounds, meaning, source). The table drives the
// scenario loader's validation, `--set`, and the parameter list in docs/model.md.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace cmsim::scenario {

struct ModelParameters {
  // Buyer choice (multinomial logit).
  double beta_value = 2.0;                          ///< utility per unit log(effective performance per USD)
  double beta_performance = 1.0;                    ///< utility per unit log(effective performance per card)
  double beta_risk = 3.0;                           ///< utility lost per unit perceived US supply risk (US products)
  double beta_state_domestic = 1.0;                 ///< extra utility of domestic products for state-owned buyers
  double outside_utility = -4.0;                    ///< utility of deferring the purchase (relative)
  double interconnect_reference_gbps = 900;         ///< training interconnect at which the factor is 1
  double interconnect_elasticity = 0.3;             ///< training perf ∝ (interconnect/ref)^this
  double interconnect_knee_gbps = 200;              ///< below it a card has no scale-up fabric (PCIe only)
  double interconnect_elasticity_below_knee = 1.0;  ///< the steeper elasticity below the knee
  double inference_memory_elasticity = 0.3;         ///< inference perf ∝ bandwidth × (memory/80 GB)^this
  double diversion_penalty = 1.5;                   ///< utility lost buying through grey-market routes
  double fee_pass_through = 0.5;                    ///< share of a licence fee passed on in the price
  // Perceived risk of US supply.
  double risk_shock = 0.3;  ///< rise per restrictive US event, as a fraction of (1 − risk)
  double risk_decay_per_quarter = 0.03;
  // Software readiness.
  double readiness_rate_training = 0.08;   ///< per quarter, speed toward the target
  double readiness_rate_inference = 0.2;   ///< per quarter
  double accelerator_life_years = 5;       ///< mean life of installed accelerators (exponential retirement)
  double readiness_purchase_weight = 0.5;  ///< weight of own purchases vs developers in the target
  // Demand.
  double demand_growth_long_run = 0.25;        ///< annual growth every segment converges to
  double demand_growth_convergence_years = 0;  ///< e-folding time of that convergence (0 = none)
  // Vendors.
  double inventory_cover_quarters = 0.0;  ///< China-specific finished stock, in quarters of deliveries
  // Friction and foresight.
  double contract_inertia = 0.5;           ///< share of last quarter's allocation a buyer keeps, if still available
  double anticipation_pull_forward = 0.5;  ///< extra purchases of products an announced rule will restrict
  int clearing_rounds = 3;
  // Developers.
  double dev_revision_rate = 0.15;   ///< fraction of developers who reconsider each quarter
  double dev_beta_jobs = 1.0;        ///< weight of the ecosystem's share of new compute
  double dev_beta_peers = 1.0;       ///< weight of the share of network neighbours there
  double dev_beta_maturity = 0.5;    ///< weight of tooling maturity
  double dev_switching_cost = 2.5;   ///< utility cost of leaving one's current ecosystem
  double maturity_learning = 0.05;   ///< maturity gain per quarter at full developer share
  double dev_jobs_new_weight = 0.5;  ///< weight of new (vs installed) compute in developers' jobs pull
  /// Field by field (forking compares scenarios: models/market/divergence.h).
  bool operator==(const ModelParameters&) const = default;
};

struct ParameterSpec {
  std::string_view name;
  std::string_view unit;
  double min;
  double max;
  std::string_view meaning;
  std::string_view source;         ///< a source, or "assumption: …", or "calibrated: …"
  double ModelParameters::*field;  ///< null for integer parameters (see int_field)
  int ModelParameters::*int_field;
};

/// Every parameter, in documentation order.
std::span<const ParameterSpec> parameter_specs();
/// The spec of a parameter by name, or nullptr.
const ParameterSpec* find_parameter(std::string_view name);
/// Reads / writes a parameter through its spec.
double get_parameter(const ModelParameters& p, const ParameterSpec& spec);
void set_parameter(ModelParameters& p, const ParameterSpec& spec, double value);

}  // namespace cmsim::scenario
