#include "models/scenario/model_parameters.h"

#include <array>

namespace cmsim::scenario {
namespace {

using P = ModelParameters;

// Values are the struct's defaults; baseline.yaml may override them. Sources: see
// docs/model.md §Parameters for the argument behind each assumption.
constexpr std::array SPECS = {
    ParameterSpec{"beta_value", "utility per log(perf/USD)", 0, 20,
                  "weight of effective performance per dollar in buyers' choice",
                  "calibrated: cmsim calibrate against history (docs/model.md)", &P::beta_value, nullptr},
    ParameterSpec{"beta_performance", "utility per log(perf)", 0, 20,
                  "weight of effective performance per card (cluster scale, power, space)",
                  "assumption: buyers pay a premium for faster cards (H100 vs A100 pricing)", &P::beta_performance,
                  nullptr},
    ParameterSpec{"beta_risk", "utility per unit risk", 0, 50,
                  "utility lost on US products per unit of perceived supply risk", "calibrated (docs/model.md)",
                  &P::beta_risk, nullptr},
    ParameterSpec{"beta_state_domestic", "utility", 0, 20, "extra utility of domestic products for state-owned buyers",
                  "assumption: localisation policy predating the controls (facts.md §1.2)", &P::beta_state_domestic,
                  nullptr},
    ParameterSpec{"outside_utility", "utility", -50, 50, "utility of deferring a purchase to a later quarter",
                  "assumption: a low value, so demand is mostly served when any product is on offer",
                  &P::outside_utility, nullptr},
    ParameterSpec{"interconnect_reference_gbps", "GB/s", 1, 10000,
                  "interconnect at which the training interconnect factor is 1",
                  "H100/H20 NVLink 900 GB/s (facts.md §2.1)", &P::interconnect_reference_gbps, nullptr},
    ParameterSpec{"interconnect_elasticity", "1", 0, 2, "training performance ∝ (interconnect/reference)^elasticity",
                  "assumption: A800/H800 (400 GB/s) sold close to A100/H100, so the penalty is mild",
                  &P::interconnect_elasticity, nullptr},
    ParameterSpec{"interconnect_knee_gbps", "GB/s", 1, 10000,
                  "interconnect below which a card has no scale-up fabric and the steeper elasticity applies",
                  "assumption: between PCIe Gen5 x16 (128 GB/s) and the slowest scale-up fabrics (HCCS 392, "
                  "A800/H800 NVLink 400 GB/s; facts.md §2.1-2.2)",
                  &P::interconnect_knee_gbps, nullptr},
    ParameterSpec{"interconnect_elasticity_below_knee", "1", 0, 4,
                  "training performance ∝ (interconnect/knee)^this below the knee",
                  "assumption: PCIe-only cards (L20, L2, T4, A10) are bought for inference; LLM training "
                  "scales across cards only over a scale-up fabric",
                  &P::interconnect_elasticity_below_knee, nullptr},
    ParameterSpec{"inference_memory_elasticity", "1", 0, 2,
                  "inference performance ∝ bandwidth × (memory/80 GB)^elasticity",
                  "assumption: decode is bandwidth-bound; capacity sets batch size (facts.md §2.1 note)",
                  &P::inference_memory_elasticity, nullptr},
    ParameterSpec{"diversion_penalty", "utility", 0, 50, "utility lost buying a banned product through a grey route",
                  "assumption: legal, warranty and delivery risk of smuggled cards", &P::diversion_penalty, nullptr},
    ParameterSpec{"fee_pass_through", "fraction", 0, 1, "share of a licence revenue-share fee passed on to buyers",
                  "assumption: half, between full absorption and full pass-through", &P::fee_pass_through, nullptr},
    ParameterSpec{"risk_shock", "fraction", 0, 1, "rise of perceived US supply risk per restrictive US event",
                  "calibrated (docs/model.md)", &P::risk_shock, nullptr},
    ParameterSpec{"risk_decay_per_quarter", "1/quarter", 0, 1, "decay of perceived risk between shocks",
                  "assumption: slow; a shock is remembered for years", &P::risk_decay_per_quarter, nullptr},
    ParameterSpec{"readiness_rate_training", "1/quarter", 0, 1,
                  "speed at which training readiness approaches its target",
                  "iFlytek 30%→90% of industry efficiency in about a year on Ascend (facts.md §4); training slower "
                  "than inference (DeepSeek R2, facts.md §1.1)",
                  &P::readiness_rate_training, nullptr},
    ParameterSpec{"readiness_rate_inference", "1/quarter", 0, 1,
                  "speed at which inference readiness approaches its target",
                  "assumption: inference ports faster (torch_npu, vLLM-Ascend; facts.md §4)",
                  &P::readiness_rate_inference, nullptr},
    ParameterSpec{"accelerator_life_years", "years", 1, 100,
                  "mean life of installed accelerators: installed compute retires at 1/(4 × life) a quarter",
                  "assumption: hyperscalers depreciate servers over 5-6 years; accelerators are often "
                  "retired sooner as each generation outruns the last",
                  &P::accelerator_life_years, nullptr},
    ParameterSpec{"readiness_purchase_weight", "fraction", 0, 1,
                  "weight of the buyer's own purchases (vs the developer share) in its readiness target",
                  "assumption: equal weights", &P::readiness_purchase_weight, nullptr},
    ParameterSpec{"demand_growth_long_run", "1/year", -0.5, 5,
                  "annual demand growth that every segment's growth converges to",
                  "assumption: IDC expects China's accelerated-server market to grow from $22.1B (2024) to "
                  "> $100B (2029), ~35%/yr (facts.md §3.2)",
                  &P::demand_growth_long_run, nullptr},
    ParameterSpec{"demand_growth_convergence_years", "years", 0, 100,
                  "e-folding time over which segment growth converges to the long-run rate (0: constant growth)",
                  "assumption: the 2023-25 AI build-out boom fades over a few years",
                  &P::demand_growth_convergence_years, nullptr},
    ParameterSpec{"inventory_cover_quarters", "quarters", 0, 4,
                  "China-specific finished cards held in stock, in quarters of legal deliveries; a ban strands them "
                  "on top of the order book's cancelled cards",
                  "assumption: 0, China SKUs are built to order (the vendors' order books, vendors[].lead_time_days)",
                  &P::inventory_cover_quarters, nullptr},
    ParameterSpec{"contract_inertia", "fraction", 0, 1,
                  "share of its last decision's allocation a buyer keeps this quarter for the products still on "
                  "offer (less for one whose utility fell: × exp(Δu)); the rest is chosen afresh by the logit",
                  "assumption: supply contracts, cluster homogeneity and software qualification make buyers stay "
                  "with what they run; calibrated with the choice parameters (docs/model.md §5.2)",
                  &P::contract_inertia, nullptr},
    ParameterSpec{"anticipation_pull_forward", "fraction", 0, 5,
                  "while a restriction is announced and not yet in force, buyers add this fraction to their "
                  "purchases of the products it will restrict for them, and buy that much less the next quarter",
                  "assumption: a buyer facing a known cut-off buys about half a quarter ahead (the 2023-10 rule "
                  "gave one month's notice; docs/model.md §5.3)",
                  &P::anticipation_pull_forward, nullptr},
    ParameterSpec{"clearing_rounds", "rounds", 1, 20, "rounds in which rationed demand is re-offered", "assumption",
                  nullptr, &P::clearing_rounds},
    ParameterSpec{"dev_revision_rate", "1/quarter", 0, 1, "fraction of developers who reconsider their ecosystem",
                  "assumption", &P::dev_revision_rate, nullptr},
    ParameterSpec{"dev_beta_jobs", "utility", 0, 50, "weight of an ecosystem's share of newly installed compute (jobs)",
                  "assumption (docs/model.md §Developers)", &P::dev_beta_jobs, nullptr},
    ParameterSpec{"dev_beta_peers", "utility", 0, 50, "weight of the share of network neighbours in an ecosystem",
                  "assumption (docs/model.md §Developers)", &P::dev_beta_peers, nullptr},
    ParameterSpec{"dev_beta_maturity", "utility", 0, 50, "weight of an ecosystem's tooling maturity",
                  "assumption (docs/model.md §Developers)", &P::dev_beta_maturity, nullptr},
    ParameterSpec{"dev_switching_cost", "utility", 0, 50, "utility cost of leaving one's current ecosystem",
                  "CANN operator porting 2 person-months → 1.5 person-weeks (facts.md §4)", &P::dev_switching_cost,
                  nullptr},
    ParameterSpec{"maturity_learning", "1/quarter", 0, 1,
                  "maturity gained per quarter by an ecosystem holding all developers (increasing returns)",
                  "assumption; Arthur (1989)", &P::maturity_learning, nullptr},
    ParameterSpec{"dev_jobs_new_weight", "fraction", 0, 1,
                  "weight of the share of newly installed compute (vs installed compute) in developers' jobs pull",
                  "assumption: new projects follow new compute, maintenance follows the installed base "
                  "(docs/ecosystem.md)",
                  &P::dev_jobs_new_weight, nullptr},
};

}  // namespace

std::span<const ParameterSpec> parameter_specs() { return SPECS; }

const ParameterSpec* find_parameter(std::string_view name) {
  for (const auto& s : SPECS)
    if (s.name == name) return &s;
  return nullptr;
}

double get_parameter(const ModelParameters& p, const ParameterSpec& spec) {
  return spec.field ? p.*spec.field : static_cast<double>(p.*spec.int_field);
}

void set_parameter(ModelParameters& p, const ParameterSpec& spec, double value) {
  if (spec.field)
    p.*spec.field = value;
  else
    p.*spec.int_field = static_cast<int>(value);
}

}  // namespace cmsim::scenario
