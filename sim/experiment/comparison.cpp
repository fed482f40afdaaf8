#include "sim/experiment/comparison.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sim/engine/random_stream.h"
#include "sim/experiment/quantile.h"
#include "sim/experiment/stream_purpose.h"

namespace cmsim::experiment {

std::vector<std::size_t> unpaired_pairing(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> pi(n);
  for (std::size_t i = 0; i < n; ++i) pi[i] = i;
  engine::RandomStream s({seed, 0, purpose_id(StreamPurpose::UNPAIRED_PAIRING), 0});
  // Sattolo: j uniform on 0..i-1 (not i) gives one cycle through all n, so no fixed point.
  for (std::size_t i = n; i-- > 1;) {
    const auto j = std::min<std::size_t>(i - 1, static_cast<std::size_t>(s.uniform() * static_cast<double>(i)));
    std::swap(pi[i], pi[j]);
  }
  return pi;
}

std::vector<CompareRow> compare_arms(const RunStore& base, const RunStore& alt, std::uint64_t seed) {
  if (base.replications() != alt.replications())
    throw std::invalid_argument("compare_arms: the arms ran different replications");
  const auto& hb = base.header();
  const auto& ha = alt.header();
  std::vector<CompareRow> rows;
  if (!hb.has_layout || !ha.has_layout) return rows;
  constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
  const std::size_t n = base.replications().size();
  const auto pi = unpaired_pairing(n, seed);

  const auto first = std::max(hb.first_quarter, ha.first_quarter);
  const auto last_b = hb.first_quarter.index() + static_cast<std::int32_t>(hb.quarters) - 1;
  const auto last_a = ha.first_quarter.index() + static_cast<std::int32_t>(ha.quarters) - 1;
  const auto last = std::min(last_b, last_a);

  std::vector<double> b, a, paired, unpaired;
  for (std::int32_t qi = first.index(); qi <= last; ++qi) {
    const auto qb = static_cast<std::size_t>(qi - hb.first_quarter.index());
    const auto qa = static_cast<std::size_t>(qi - ha.first_quarter.index());
    for (std::size_t mb = 0; mb < hb.metrics.size(); ++mb) {
      const auto it = std::find(ha.metrics.begin(), ha.metrics.end(), hb.metrics[mb]);
      if (it == ha.metrics.end()) continue;
      const auto ma = static_cast<std::size_t>(it - ha.metrics.begin());
      const std::size_t ob = qb * hb.metrics.size() + mb, oa = qa * ha.metrics.size() + ma;
      b.clear(), a.clear(), paired.clear(), unpaired.clear();
      for (std::size_t s = 0; s < n; ++s) {
        const double vb = base.values(s)[ob], va = alt.values(s)[oa], vu = base.values(pi[s])[ob];
        if (!std::isnan(vb)) b.push_back(vb);
        if (!std::isnan(va)) a.push_back(va);
        if (!std::isnan(va) && !std::isnan(vb)) paired.push_back(va - vb);
        if (!std::isnan(va) && !std::isnan(vu)) unpaired.push_back(va - vu);
      }
      CompareRow row;
      row.quarter = engine::Quarter::from_index(qi);
      row.metric = hb.metrics[mb];
      row.pairs = paired.size();
      double sum = 0;
      for (double d : paired) sum += d;  // replication order
      row.diff_mean = paired.empty() ? NaN : sum / static_cast<double>(paired.size());
      std::sort(b.begin(), b.end());
      std::sort(a.begin(), a.end());
      std::sort(paired.begin(), paired.end());
      std::sort(unpaired.begin(), unpaired.end());
      row.base_p50 = quantile_sorted(b, 0.5);
      row.alt_p50 = quantile_sorted(a, 0.5);
      row.diff_p05 = quantile_sorted(paired, 0.05);
      row.diff_p95 = quantile_sorted(paired, 0.95);
      row.unpaired_diff_p05 = quantile_sorted(unpaired, 0.05);
      row.unpaired_diff_p95 = quantile_sorted(unpaired, 0.95);
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace cmsim::experiment
