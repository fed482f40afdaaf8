#include "models/metrics/quarter_metrics.h"

namespace cmsim::metrics {

QuarterMetrics::QuarterMetrics(engine::Recorder& recorder, const scenario::Scenario& scenario,
                               engine::Recorder* denominators)
    : rec_(recorder), den_rec_(denominators), table_(series_table(scenario)) {
  for (const auto& row : table_) {
    ids_.push_back(rec_.declare(row.name));
    const bool share = row.kind == SeriesDefinition::Kind::PRODUCTS && row.products.denominator;
    den_ids_.push_back(den_rec_ && share ? den_rec_->declare(row.name) : 0);
  }
  in_num_.resize(table_.size());
  in_den_.resize(table_.size());
  members_from_.assign(table_.size() + 1, 0);
}

void QuarterMetrics::refresh_selection(const QuarterOutcome& o) {
  bool changed = false;
  for (std::size_t pi = 0; pi < o.products.size(); ++pi) {
    if (pi < product_ids_.size() && product_ids_[pi] == o.products[pi].id) continue;
    changed = true;
    if (pi >= product_ids_.size()) product_ids_.resize(pi + 1);
    product_ids_[pi] = o.products[pi].id;
    for (std::size_t r = 0; r < table_.size(); ++r) {
      if (table_[r].kind != SeriesDefinition::Kind::PRODUCTS) continue;
      const auto& d = table_[r].products;
      if (in_num_[r].size() <= pi) in_num_[r].resize(pi + 1), in_den_[r].resize(pi + 1);
      in_num_[r][pi] = selects(d.numerator, o.products[pi]);
      in_den_[r][pi] = d.denominator && selects(*d.denominator, o.products[pi]);
    }
  }
  if (!changed) return;
  members_.clear();
  members_.reserve(table_.size() * o.products.size());  // at most: one allocation
  for (std::size_t r = 0; r < table_.size(); ++r) {
    members_from_[r] = members_.size();
    for (std::size_t pi = 0; pi < in_num_[r].size() && pi < o.products.size(); ++pi)
      if (in_num_[r][pi] || in_den_[r][pi]) members_.push_back({pi, in_num_[r][pi] != 0, in_den_[r][pi] != 0});
  }
  members_from_[table_.size()] = members_.size();
}

void QuarterMetrics::record(engine::Quarter q, const QuarterOutcome& o) {
  refresh_selection(o);
  for (std::size_t r = 0; r < table_.size(); ++r) {
    const SeriesDefinition& row = table_[r];
    if (row.kind == SeriesDefinition::Kind::PRODUCTS) {
      // Sums accumulate in product order.
      double num = 0, den = 0;
      for (std::size_t k = members_from_[r]; k < members_from_[r + 1]; ++k) {
        const Member& x = members_[k];
        const double v = measure(row.products.measure, o.products[x.product]);
        if (x.num) num += v;
        if (x.den) den += v;
      }
      rec_.set(ids_[r], q, row.products.denominator ? ratio(num, den) : num);
      if (den_rec_ && row.products.denominator) den_rec_->set(den_ids_[r], q, den);
      continue;
    }
    double v = 0;
    switch (row.field) {
      case OutcomeField::WRITEDOWN_USD:
        v = o.writedown_usd;
        break;
      case OutcomeField::UNMET_PFLOPS:
        v = o.unmet_pflops;
        break;
      case OutcomeField::DEFERRED_PFLOPS:
        v = o.deferred_pflops;
        break;
      case OutcomeField::INSTALLED_PFLOPS_US:
        v = o.installed_pflops_us;
        break;
      case OutcomeField::INSTALLED_PFLOPS_DOMESTIC:
        v = o.installed_pflops_domestic;
        break;
      case OutcomeField::MEAN_US_RISK:
        v = o.mean_us_risk;
        break;
      case OutcomeField::DEV_LEFT_CUDA:
        v = o.dev_left_cuda;
        break;
      case OutcomeField::DEV_LEFT_CUDA_CUMULATIVE:
        v = o.dev_left_cuda_cumulative;
        break;
      case OutcomeField::ECOSYSTEM_DEV_SHARE:
      case OutcomeField::ECOSYSTEM_MATURITY:
        if (row.ecosystem >= o.ecosystems.size()) continue;  // not reported: left unset (NaN)
        v = row.field == OutcomeField::ECOSYSTEM_DEV_SHARE ? o.ecosystems[row.ecosystem].share
                                                           : o.ecosystems[row.ecosystem].maturity;
        break;
    }
    rec_.set(ids_[r], q, v);
  }
}

}  // namespace cmsim::metrics
