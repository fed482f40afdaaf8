// The logit choice, factored (docs/model.md §5.2, docs/performance.md). exp U of eq. 2 for
// buyer b, workload w and option (product p, route d) splits into three looked-up numbers:
//   a segment term   exp((β_value + β_perf)·ln x_wp − β_value·ln(price_pd/P₀)
//                        + β_state·[domestic ∧ state-owned] − penalty − β_div·[grey]),
//   a readiness term r_{b,e(p),w}^(β_value + β_perf), and
//   a risk term      exp(−β_risk·risk_b) for US products,
// refreshed once per trading segment (a few thousand exps), so that a choice costs a few
// multiplications per option: no exp and no max-reduction. The probabilities equal the
// log-sum-exp form's to rounding (tests/market/test_choice_weights.cpp: ≤ 1e-12 relative).
#pragma once

#include <cstddef>
#include <vector>

namespace cmsim::market {

struct MarketState;
struct OptionKey;

/// exp(u) of each entry of a table, recomputed only for an entry whose u changed since the
/// last refresh: a segment's quotes, penalties and readiness mostly repeat the last one's.
struct ExpMemo {
  std::vector<double> u, value;  // by entry; u NaN: never computed
  void fit(std::size_t n);       // forgets all when the size changed (a memo is right whatever the layout)
  double operator()(std::size_t i, double x);
};

/// One of a buyer's options for one workload in this trading segment, with what its rounds
/// of choice read: they differ only in what has sold out.
struct MenuItem {
  int product = 0;
  bool diverted = false;
  bool domestic = false;  // a procurement mandate favours it
  double weight = 0;      // exp U (option_weight)
  double service = 0;     // per card for this buyer: PFLOPS-eff (training) or TB/s-eff (inference)
};

struct ChoiceWeights {
  std::size_t products = 0, ecosystems = 0;
  std::vector<double> option;     // [((segment · WORKLOADS + w) · products + p) · 2 + grey]
  std::vector<double> readiness;  // [(buyer · WORKLOADS + w) · ecosystems + e]
  std::vector<double> risk;       // by buyer: exp(−β_risk · risk)
  double outside = 1;             // exp(outside_utility): deferring
  // The segment's other constants a choice reads per order: when each product's orders
  // start delivering (fraction of the quarter), and the domestic mandate by buyer kind.
  std::vector<double> order_begin;   // by product
  double mandate[4] = {0, 0, 0, 0};  // by BuyerKind
  // Every buyer's menu: its options (m.options, in their order) that perform for it, by
  // (buyer · WORKLOADS + w) from menu_begin[that] to menu_begin[that + 1].
  std::vector<MenuItem> menu;
  std::vector<std::size_t> menu_begin;
  ExpMemo option_exp, readiness_exp, risk_exp;  // by entry of option, readiness, risk
};

/// Refreshes m.weights from the quotes, the policy cached per product, the buyers'
/// log readiness and risk, and the buyers' menus from their options. Call after
/// gather_options, before any choice of the segment.
void weigh_choices(MarketState& m);

/// exp U of option o for buyer bi and workload w, from m.weights; 0 for a product of no
/// ecosystem or no performance.
double option_weight(const MarketState& m, std::size_t bi, int w, const OptionKey& o);

/// U of option o for buyer bi and workload w by eq. 2 directly (−∞ when it has no
/// performance): the reference the factored form is tested against.
double option_utility(const MarketState& m, std::size_t bi, int w, const OptionKey& o);

}  // namespace cmsim::market
