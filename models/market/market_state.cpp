#include "models/market/market_state.h"

#include <algorithm>
#include <cmath>

#include "models/market/legality.h"
#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"

namespace cmsim::market {

using engine::Quarter;
using scenario::Origin;

MarketState::MarketState(const scenario::Scenario& scenario, std::uint64_t replication)
    : s(scenario),
      p(scenario.parameters),
      rep(replication),
      sched(scenario.start.start()),
      timeline(scenario, replication),
      regime(scenario),
      diversion(scenario.routes),
      developers(scenario, replication),
      result{engine::Recorder(Quarter::of(scenario.start), Quarter::of(scenario.end)), {}, {}, {}, 0,
             engine::Recorder(Quarter::of(scenario.start), Quarter::of(scenario.end))} {
  metrics = std::make_unique<metrics::QuarterMetrics>(result.timeseries, s, &result.share_denominators);
  for (const auto& v : s.vendors) {
    vendors.push_back({&v, v.capacity_units_per_quarter, 0, {}});
    if (v.captive_buyers.empty()) continue;
    for (const auto& seg : s.buyers)
      vendors.back().serves.push_back(std::find(v.captive_buyers.begin(), v.captive_buyers.end(), seg.id) !=
                                      v.captive_buyers.end());
  }
  for (const auto& prod : s.products) {
    bool exists = true;
    for (const auto& req : prod.launch_requires) exists = exists && timeline.happens(req);
    add_product(prod, exists);
  }
  const std::size_t n_eco = s.ecosystems.size();
  for (std::size_t si = 0; si < s.buyers.size(); ++si) {
    const auto& seg = s.buyers[si];
    for (int k = 0; k < seg.count; ++k) {
      BuyerAgent b;
      b.segment = static_cast<int>(si);
      b.id = seg.id + "#" + std::to_string(k);
      b.demand[0] = seg.training_pflops_per_quarter / seg.count;
      b.demand[1] = seg.inference_tbps_per_quarter / seg.count;
      b.installed.assign(n_eco, 0.0);
      for (int w = 0; w < WORKLOADS; ++w) {
        const auto& src = w == 0 ? seg.readiness_training : seg.readiness_inference;
        b.readiness[w].assign(n_eco, 0.0);
        for (std::size_t e = 0; e < n_eco; ++e) {
          auto it = src.find(s.ecosystems[e].id);
          b.readiness[w][e] = it != src.end() ? it->second : 0.0;
        }
        b.initial_readiness[w] = b.readiness[w];
      }
      b.risk = seg.initial_us_risk;
      b.id_hash = policy::stable_hash(b.id);
      b.demand_stream.emplace(engine::StreamKey{s.seed, rep, policy::DEMAND, policy::stable_hash(b.id)});
      buyers.push_back(std::move(b));
    }
  }
  segment_listed.assign(s.buyers.size(), 0);
  refresh_policy(*this);
}

int MarketState::vendor_index(const std::string& id) const {
  for (std::size_t i = 0; i < vendors.size(); ++i)
    if (vendors[i].spec->id == id) return static_cast<int>(i);
  return -1;
}

void MarketState::add_product(const scenario::Product& spec, bool exists) {
  ProductState ps;
  ps.spec = spec;
  ps.vendor = vendor_index(spec.vendor);
  ps.eco = s.ecosystem_index(spec.ecosystem);
  ps.origin = ps.vendor >= 0 ? vendors[ps.vendor].spec->origin : Origin::OTHER;
  ps.exists = exists;
  const double margin = ps.vendor >= 0 ? vendors[ps.vendor].spec->gross_margin : 0.5;
  ps.unit_cost = spec.unit_cost_usd.value_or(spec.price_usd * (1.0 - margin));
  ps.out.id = spec.id;
  ps.out.vendor = spec.vendor;
  ps.out.origin = ps.origin;
  ps.out.tpp = spec.tpp();
  for (int w = 0; w < WORKLOADS; ++w) {
    ps.x[w] = raw_performance(spec, p, w);
    ps.ln_x[w] = ps.x[w] > 0 ? std::log(ps.x[w]) : NEG_INF;
  }
  products.push_back(std::move(ps));
}

void schedule(MarketState& m, engine::Time when, Phase phase, Task task) {
  if (when < m.schedule_from) return;
  const std::size_t slot = m.tasks.size();
  task.time = when;
  task.phase = phase;
  task.handle = m.sched.at(when, phase, [&m, slot] { dispatch(m, slot); });
  m.tasks.push_back(std::move(task));
}

void MarketState::log(engine::Date d, const std::string& id, const std::string& kind, const std::string& detail) {
  if (keep_rows) result.events.push_back({d, id, kind, detail});
}

std::vector<double> per_product(const MarketState& m, double (*of)(const MarketState&, const ProductState&)) {
  std::vector<double> table(m.products.size());
  for (std::size_t i = 0; i < table.size(); ++i) table[i] = of(m, m.products[i]);
  return table;
}

double raw_performance(const scenario::Product& p, const scenario::ModelParameters& params, int w) {
  if (w == 0) {
    // Mild above the knee (scale-up fabrics), steep below it (PCIe only): eq. 3 in docs/model.md.
    const double ref = params.interconnect_reference_gbps;
    const double knee = std::min(params.interconnect_knee_gbps, ref);
    const double ic = std::max(std::min(p.interconnect_gbps, ref), 0.05 * knee);
    const double ic_factor = ic >= knee ? std::pow(ic / ref, params.interconnect_elasticity)
                                        : std::pow(knee / ref, params.interconnect_elasticity) *
                                              std::pow(ic / knee, params.interconnect_elasticity_below_knee);
    return p.tflops_bf16 / REF_TFLOPS * ic_factor;
  }
  return p.memory_bandwidth_tbps / REF_TBPS *
         std::pow(std::max(p.memory_gb, 1.0) / 80.0, params.inference_memory_elasticity);
}

}  // namespace cmsim::market
