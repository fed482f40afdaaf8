// What happened in one quarter, as the market model hands it to the metrics observer.
// The model fills it; metrics (quarter_metrics.h) turn it into named series.
#pragma once

#include <string>
#include <vector>

#include "models/scenario/scenario.h"

namespace cmsim::metrics {

struct ProductOutcome {
  std::string id;
  std::string vendor;
  scenario::Origin origin = scenario::Origin::US;
  double tpp = 0;
  double units = 0;                  ///< cards delivered to buyers here (legal and diverted)
  double pflops = 0;                 ///< dense BF16 PFLOPS delivered
  double training_pflops = 0;        ///< of which bought for training
  double legal_training_pflops = 0;  ///< of which bought legally for training
  double spend_usd = 0;              ///< what buyers paid (incl. fees passed on, grey mark-ups)
  double legal_spend_usd = 0;        ///< of which for legal purchases
  double vendor_revenue_usd = 0;     ///< vendor's revenue from legal sales here, net of licence fees
  double diverted_units = 0;
  double fee_usd = 0;       ///< licence fees remitted
  std::string ecosystem{};  ///< the product's software ecosystem id (for metric selectors)
};

struct EcosystemOutcome {
  std::string id;
  double developers = 0;
  double share = 0;
  double maturity = 0;
  double installed_pflops = 0;
};

struct QuarterOutcome {
  std::vector<ProductOutcome> products;
  std::vector<EcosystemOutcome> ecosystems;
  double writedown_usd = 0;
  double unmet_pflops = 0;     ///< demand rationed away or cut by a ban, PFLOPS-equivalent
  double deferred_pflops = 0;  ///< demand buyers chose not to place (outside option)
  double installed_pflops_us = 0;
  double installed_pflops_domestic = 0;
  double dev_left_cuda = 0;             ///< developers who left CUDA this quarter
  double dev_left_cuda_cumulative = 0;  ///< net departures since the start
  double mean_us_risk = 0;              ///< buyers' mean perceived US supply risk
};

}  // namespace cmsim::metrics
