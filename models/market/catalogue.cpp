#include "models/market/catalogue.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/market/capacity.h"
#include "models/market/legality.h"
#include "models/market/trading.h"
#include "models/policy/redesign.h"
#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"

namespace cmsim::market {

using engine::Date;

void schedule_product(MarketState& m, int i) {
  const auto& ps = m.products[i];
  if (!ps.exists) return;
  if (ps.spec.launch <= m.s.end)
    schedule(m, std::max(ps.spec.launch, m.s.start), LAUNCH, Task::of(Task::Kind::LAUNCH, i));
  if (ps.spec.end_of_sale && *ps.spec.end_of_sale <= m.s.end && *ps.spec.end_of_sale >= m.s.start)
    schedule(m, ps.spec.end_of_sale->plus_days(1), LAUNCH, Task::of(Task::Kind::RETIRE, i));
}

void launch_product(MarketState& m, int i) {
  auto& p = m.products[i];
  p.launched = true;
  if (p.spec.launch > m.s.start) book_capacity_for_launch(m, p.vendor);
  if (p.spec.launch >= m.s.start) m.log(m.sched.today(), p.spec.id, "launch", p.spec.name + " on sale");
}

void launch_redesign(MarketState& m, int i, const std::string& event_id, const scenario::Redesign& rd) {
  // A derivative is the same silicon: it ends with its product line.
  const auto line_ends = m.products[i].spec.end_of_sale;
  if (line_ends && *line_ends < m.sched.today()) {
    m.log(m.sched.today(), event_id, "redesign",
          m.products[i].spec.name + ": product line ended " + line_ends->iso() + ", derivative dropped");
    return;
  }
  const auto preds = m.regime.restrictive_predicates(m.products[i].origin);
  auto derived = policy::derate_to_comply(m.products[i].spec, preds, rd.margin);
  if (!derived) {
    m.log(m.sched.today(), event_id, "redesign", m.products[i].spec.name + ": no compliant derivative possible");
    return;
  }
  // A product banned by name, not by a threshold, has nothing to derate: a copy would be
  // the banned product under another id (and a measure naming a product names its family).
  if (!policy::derated(m.products[i].spec, *derived)) {
    m.log(m.sched.today(), event_id, "redesign",
          m.products[i].spec.name + ": banned by name, not by a threshold; no derivative can comply");
    return;
  }
  derived->family = m.products[i].spec.family.empty() ? m.products[i].spec.id : m.products[i].spec.family;
  // A measure that names the family covers the derivative too: a licence that no buyer is
  // sure to get makes it as unsellable as the original.
  const auto* licence = m.regime.licence_for(*derived, m.products[i].origin);
  const auto* terms = licence ? &licence->as<scenario::LicenceRequirement>() : nullptr;
  if (terms && terms->grant_probability < 1.0 && scenario::names(terms->products, *derived)) {
    m.log(m.sched.today(), event_id, "redesign",
          m.products[i].spec.name + ": derivative dropped, " + licence->id + " names its family");
    return;
  }
  derived->id = m.products[i].spec.id + "-redesign-" + event_id;
  derived->name = m.products[i].spec.name + " (compliant derivative)";
  // Priced by the value it keeps: the geometric mean of the training and inference
  // performance retained (eq. 3) times price_ratio (docs/model.md §5.6).
  double kept = 1.0;
  for (int w = 0; w < WORKLOADS; ++w)
    if (m.products[i].x[w] > 0) kept *= std::min(1.0, raw_performance(*derived, m.p, w) / m.products[i].x[w]);
  derived->price_usd = m.products[i].spec.price_usd * rd.price_ratio * std::sqrt(kept);
  derived->unit_cost_usd.reset();
  derived->china_specific = true;
  derived->launch = m.sched.today();
  derived->end_of_sale = line_ends;
  derived->launch_requires.clear();
  m.add_product(*derived, true);
  auto& added = m.products.back();
  added.launched = true;
  if (line_ends && *line_ends <= m.s.end) {
    const int k = static_cast<int>(m.products.size()) - 1;
    schedule(m, line_ends->plus_days(1), LAUNCH, Task::of(Task::Kind::RETIRE, k));
  }
  refresh_policy(m);
  reopen_trading(m, derived->id);  // buyers may order it for the rest of the quarter
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s launched: %.0f TFLOPS, TPP %.0f, PD %.2f, %.0f GB/s, %.2f TB/s, $%.0f",
                derived->name.c_str(), derived->tflops_bf16, derived->tpp(), derived->performance_density(),
                derived->interconnect_gbps, derived->memory_bandwidth_tbps, derived->price_usd);
  m.log(m.sched.today(), derived->id, "launch", buf);
}

void maybe_redesign(MarketState& m, int i, const scenario::PolicyEvent& e, engine::Date announced) {
  const auto& ps = m.products[i];
  if (ps.vendor < 0 || !m.vendors[ps.vendor].spec->redesign) return;
  // History is scripted: when the vendor has a scripted answer (a product whose launch
  // requires policy events) going on sale within a year of this ban, or one that
  // requires this very event, there is no endogenous redesign.
  const Date today = m.sched.today();
  for (const auto& q : m.products) {
    if (q.spec.vendor != ps.spec.vendor || !q.exists || q.spec.launch_requires.empty()) continue;
    const bool answers_this =
        std::find(q.spec.launch_requires.begin(), q.spec.launch_requires.end(), e.id) != q.spec.launch_requires.end();
    const int gap = days_between(today, q.spec.launch);
    if (answers_this || (gap >= -90 && gap <= 365)) return;
  }
  if (ps.spec.id.find("-redesign-") != std::string::npos) return;
  const auto& rd = *m.vendors[ps.vendor].spec->redesign;
  engine::RandomStream draw(
      {m.s.seed, m.rep, policy::REDESIGN, policy::stable_hash_of(ps.spec.vendor, e.id, ps.spec.id)});
  if (!(draw.uniform() < rd.probability)) return;
  const Date started = std::min(announced, today);  // work starts at the announcement
  const Date launch = std::max(today, started.plus_days(static_cast<std::int32_t>(std::lround(rd.lag_days))));
  if (launch > m.s.end) return;
  m.log(today, e.id, "redesign",
        ps.spec.name + ": vendor started a compliant derivative on " + started.iso() + ", due " + launch.iso());
  schedule(m, launch, LAUNCH, Task::redesign_of(i, e.id, rd));
}

}  // namespace cmsim::market
