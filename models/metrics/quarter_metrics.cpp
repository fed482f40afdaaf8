#include "models/metrics/quarter_metrics.h"

#include <limits>

namespace cmsim::metrics {
namespace {

constexpr const char* SERIES[] = {
    "nvidia_share_units",   "nvidia_share_compute",   "nvidia_share_revenue",    "nvidia_highend_training_share",
    "domestic_share_units", "domestic_share_compute", "domestic_share_revenue",  "nvidia_china_revenue_usd",
    "domestic_revenue_usd", "writedown_usd",          "unmet_demand_pflops",     "deferred_demand_pflops",
    "diverted_units",       "diverted_spend_usd",     "installed_pflops_us",     "installed_pflops_domestic",
    "total_units",          "total_pflops",           "market_spend_usd",        "licence_fees_usd",
    "mean_us_risk",         "dev_left_cuda",          "dev_left_cuda_cumulative"};

double ratio(double num, double den) { return den > 0 ? num / den : std::numeric_limits<double>::quiet_NaN(); }

}  // namespace

QuarterMetrics::QuarterMetrics(engine::Recorder& recorder, const std::vector<std::string>& ecosystems)
    : rec_(recorder) {
  for (const char* s : SERIES) rec_.declare(s);
  for (const auto& e : ecosystems) dev_share_.push_back(rec_.declare("dev_share_" + e));
  for (const auto& e : ecosystems) maturity_.push_back(rec_.declare("maturity_" + e));
}

void QuarterMetrics::record(engine::Quarter q, const QuarterOutcome& o) {
  double units = 0, pflops = 0, spend = 0, nv_units = 0, nv_pflops = 0, nv_spend = 0, nv_rev = 0;
  double dom_units = 0, dom_pflops = 0, dom_spend = 0, dom_rev = 0, high = 0, nv_high = 0, diverted = 0, fees = 0;
  double diverted_spend = 0;
  // Shares are of legal sales in this market (what vendors sell and analysts count);
  // cards that arrive through grey routes are reported apart, as diverted_units.
  for (const auto& p : o.products) {
    const bool nvidia = p.vendor == "nvidia";
    const bool domestic = p.origin == scenario::Origin::DOMESTIC;
    const double legal_share = p.units > 0 ? (p.units - p.diverted_units) / p.units : 0.0;
    const double u = p.units * legal_share, c = p.pflops * legal_share, sp = p.legal_spend_usd;
    units += u, pflops += c, spend += sp, diverted += p.diverted_units, fees += p.fee_usd;
    diverted_spend += p.spend_usd - p.legal_spend_usd;
    if (nvidia) nv_units += u, nv_pflops += c, nv_spend += sp, nv_rev += p.vendor_revenue_usd;
    if (domestic) dom_units += u, dom_pflops += c, dom_spend += sp, dom_rev += p.vendor_revenue_usd;
    if (p.tpp >= HIGH_END_TPP) {
      high += p.legal_training_pflops;
      if (nvidia) nv_high += p.legal_training_pflops;
    }
  }
  auto set = [&](const char* name, double v) { rec_.set(rec_.id(name), q, v); };
  set("nvidia_share_units", ratio(nv_units, units));
  set("nvidia_share_compute", ratio(nv_pflops, pflops));
  set("nvidia_share_revenue", ratio(nv_spend, spend));
  set("nvidia_highend_training_share", ratio(nv_high, high));
  set("domestic_share_units", ratio(dom_units, units));
  set("domestic_share_compute", ratio(dom_pflops, pflops));
  set("domestic_share_revenue", ratio(dom_spend, spend));
  set("nvidia_china_revenue_usd", nv_rev);
  set("domestic_revenue_usd", dom_rev);
  set("writedown_usd", o.writedown_usd);
  set("unmet_demand_pflops", o.unmet_pflops);
  set("deferred_demand_pflops", o.deferred_pflops);
  set("diverted_units", diverted);
  set("diverted_spend_usd", diverted_spend);
  set("installed_pflops_us", o.installed_pflops_us);
  set("installed_pflops_domestic", o.installed_pflops_domestic);
  set("total_units", units);
  set("total_pflops", pflops);
  set("market_spend_usd", spend);
  set("licence_fees_usd", fees);
  set("mean_us_risk", o.mean_us_risk);
  set("dev_left_cuda", o.dev_left_cuda);
  set("dev_left_cuda_cumulative", o.dev_left_cuda_cumulative);
  for (std::size_t i = 0; i < o.ecosystems.size() && i < dev_share_.size(); ++i) {
    rec_.set(dev_share_[i], q, o.ecosystems[i].share);
    rec_.set(maturity_[i], q, o.ecosystems[i].maturity);
  }
}

}  // namespace cmsim::metrics
