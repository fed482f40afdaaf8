#include "sim/analysis/attribution_plan.h"

#include <cmath>
#include <limits>

namespace cmsim::analysis {

std::uint64_t AttributionPlan::runs_per_sample() const {
  const std::size_t n = events.size();
  return exact ? (std::uint64_t{1} << n) : 2 * n + 1;
}

Coalition AttributionPlan::coalition(std::uint64_t run) const {
  const std::uint64_t m = run % runs_per_sample();
  if (exact) return m;
  const std::size_t n = events.size();
  const auto& order = orders[run / runs_per_sample()];
  if (m <= n) return prefix_coalitions(order)[m];
  return grand_coalition(n) & ~(Coalition{1} << (m - n - 1));
}

AttributionPlan plan_attribution(std::vector<std::string> events, std::size_t exact_max, std::uint64_t samples,
                                 std::uint64_t seed) {
  AttributionPlan p;
  p.events = std::move(events);
  p.exact = p.events.size() <= exact_max;
  p.samples = samples;
  if (!p.exact)
    for (std::uint64_t s = 0; s < samples; ++s) p.orders.push_back(random_permutation(p.events.size(), seed, s));
  return p;
}

namespace {

struct Moments {
  double sum = 0, sq = 0;
  void add(double x) { sum += x, sq += x * x; }
  // Mean and its 90% normal interval over n samples.
  void fill(double n, double& mean, double& lo, double& hi) const {
    mean = sum / n;
    const double sd = n > 1 ? std::sqrt(std::max(0.0, (sq - n * mean * mean) / (n - 1))) : 0;
    const double half = n > 1 ? 1.6448536269514722 * sd / std::sqrt(n) : std::numeric_limits<double>::quiet_NaN();
    lo = mean - half, hi = mean + half;
  }
};

}  // namespace

std::vector<AttributionRow> attribution_rows(const AttributionPlan& p, const std::vector<double>& y) {
  const std::size_t n = p.events.size();
  const std::uint64_t per = p.runs_per_sample();
  const Coalition all = grand_coalition(n);
  std::vector<Moments> phi(n), total(1);
  std::vector<double> loo(n, 0.0);
  for (std::uint64_t s = 0; s < p.samples; ++s) {
    const double* v = y.data() + s * per;
    std::vector<double> contribution;
    double full = 0;
    if (p.exact) {
      contribution = exact_shapley(n, std::span<const double>(v, per));
      full = v[all];
      for (std::size_t i = 0; i < n; ++i) loo[i] += full - v[all & ~(Coalition{1} << i)];
      total[0].add(full - v[0]);
    } else {
      contribution = marginal_contributions(p.orders[s], std::span<const double>(v, n + 1));
      full = v[n];
      for (std::size_t i = 0; i < n; ++i) loo[i] += full - v[n + 1 + i];
      total[0].add(full - v[0]);
    }
    for (std::size_t i = 0; i < n; ++i) phi[i].add(contribution[i]);
  }
  const double samples = static_cast<double>(p.samples);
  std::vector<AttributionRow> rows(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    rows[i].event = p.events[i];
    rows[i].leave_one_out = loo[i] / samples;
    phi[i].fill(samples, rows[i].shapley, rows[i].shapley_p05, rows[i].shapley_p95);
  }
  rows[n].event = "total";
  total[0].fill(samples, rows[n].shapley, rows[n].shapley_p05, rows[n].shapley_p95);
  rows[n].leave_one_out = rows[n].shapley;
  return rows;
}

}  // namespace cmsim::analysis
