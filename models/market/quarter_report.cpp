#include "models/market/quarter_report.h"

#include "models/market/legality.h"
#include "models/market/order_book.h"

namespace cmsim::market {

void record_quarter(MarketState& m, engine::Quarter q, std::span<const double> installed_by_eco,
                    std::span<const double> dev_share, std::span<const double> maturity) {
  metrics::QuarterOutcome out;
  const std::vector<double> backlog = m.keep_rows ? book_pending(m, 1.0) : std::vector<double>{};
  out.products.reserve(m.products.size());
  out.ecosystems.reserve(m.s.ecosystems.size());
  for (std::size_t pi = 0; pi < m.products.size(); ++pi) {
    auto& ps = m.products[pi];
    // Legal at the close: on sale and some buyer may buy it (licences as drawn this quarter).
    ps.legal_any = false;
    if (available(ps))
      for (std::size_t bi = 0; bi < m.buyers.size() && !ps.legal_any; ++bi) ps.legal_any = legal(m, pi, bi);
    out.products.push_back(ps.out);
    out.products.back().ecosystem = ps.spec.ecosystem;
    if (m.keep_rows)
      m.result.products.push_back({q, ps.spec.id, ps.spec.vendor, scenario::to_string(ps.origin), ps.out.units,
                                   ps.out.vendor_revenue_usd, ps.out.pflops, ps.legal_any, ps.spec.price_usd,
                                   ps.book.ordered - ps.book_reported.ordered,
                                   ps.book.cancelled - ps.book_reported.cancelled, backlog[pi]});
    ps.book_reported = ps.book;
  }
  for (std::size_t e = 0; e < m.s.ecosystems.size(); ++e) {
    metrics::EcosystemOutcome eo{m.s.ecosystems[e].id, m.developers.developers_in(static_cast<int>(e)), dev_share[e],
                                 maturity[e], installed_by_eco[e]};
    out.ecosystems.push_back(eo);
    if (m.keep_rows)
      m.result.ecosystems.push_back({q, eo.id, eo.developers, eo.share, eo.maturity, eo.installed_pflops});
  }
  out.writedown_usd = m.pending_writedown;
  out.unmet_pflops = m.unmet;
  out.deferred_pflops = m.deferred;
  out.installed_pflops_us = m.installed_us;
  out.installed_pflops_domestic = m.installed_domestic;
  out.dev_left_cuda = m.developers.left_cuda_this_quarter();
  out.dev_left_cuda_cumulative = m.developers.left_cuda_cumulative();
  double risk = 0;
  for (const auto& b : m.buyers) risk += b.risk;
  out.mean_us_risk = m.buyers.empty() ? 0 : risk / static_cast<double>(m.buyers.size());
  m.metrics->record(q, out);
  m.pending_writedown = 0;
  m.unmet = 0;
  m.deferred = 0;
  m.result.agent_quarters += m.buyers.size() + m.developers.agent_count();
}

}  // namespace cmsim::market
