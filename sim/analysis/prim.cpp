#include "sim/analysis/prim.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "sim/analysis/analysis_stream_purpose.h"
#include "sim/engine/random_stream.h"

namespace cmsim::analysis {

namespace {
constexpr double INF = std::numeric_limits<double>::infinity();

Box whole(std::size_t d) { return Box{std::vector<double>(d, -INF), std::vector<double>(d, INF)}; }

std::span<const double> row(const PrimData& data, std::size_t i) {
  return std::span<const double>(data.x).subspan(i * data.dimensions, data.dimensions);
}

std::vector<std::size_t> inside(const PrimData& data, const Box& box) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < data.rows(); ++i)
    if (box.contains(row(data, i))) out.push_back(i);
  return out;
}

// The densest box one peel away from `box` (which holds `in`); false when none removes a point.
bool peel(const PrimData& data, const Box& box, const std::vector<std::size_t>& in, double alpha, Box& best,
          BoxStats& best_stats) {
  bool found = false;
  std::vector<double> v(in.size());
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(alpha * double(in.size()))));
  if (k >= in.size()) return false;
  for (std::size_t j = 0; j < data.dimensions; ++j) {
    for (std::size_t n = 0; n < in.size(); ++n) v[n] = data.x[in[n] * data.dimensions + j];
    std::sort(v.begin(), v.end());
    // Cuts at the alpha quantiles; when a block of tied values (a grid design) holds the
    // whole alpha share, the cut moves past the block, so a peel always removes a point.
    double low_cut = v[k], high_cut = v[v.size() - 1 - k];
    if (low_cut == v.front()) {
      const auto next = std::upper_bound(v.begin(), v.end(), v.front());
      low_cut = next == v.end() ? v.front() : *next;
    }
    if (high_cut == v.back()) {
      const auto last = std::lower_bound(v.begin(), v.end(), v.back());
      high_cut = last == v.begin() ? v.back() : *(last - 1);
    }
    for (int side = 0; side < 2; ++side) {
      Box candidate = box;
      if (side == 0 && low_cut > v.front())
        candidate.low[j] = low_cut;
      else if (side == 1 && high_cut < v.back())
        candidate.high[j] = high_cut;
      else
        continue;  // one value only: nothing to cut
      const BoxStats s = box_stats(data, candidate);
      if (!found || s.density > best_stats.density || (s.density == best_stats.density && s.mass > best_stats.mass)) {
        best = candidate, best_stats = s, found = true;
      }
    }
  }
  return found;
}

// Widens one limit of `box` by about alpha of its points, if that raises the density.
bool paste(const PrimData& data, Box& box, BoxStats& stats, double alpha) {
  bool improved = false;
  Box best = box;
  BoxStats best_stats = stats;
  const std::size_t k = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(alpha * double(stats.points))));
  for (std::size_t j = 0; j < data.dimensions; ++j) {
    for (int side = 0; side < 2; ++side) {
      if ((side == 0 && box.low[j] == -INF) || (side == 1 && box.high[j] == INF)) continue;
      Box open = box;
      (side == 0 ? open.low[j] : open.high[j]) = side == 0 ? -INF : INF;
      std::vector<double> outside;  // values of input j just beyond this limit
      for (const auto i : inside(data, open)) {
        const double x = data.x[i * data.dimensions + j];
        if (side == 0 ? x < box.low[j] : x > box.high[j]) outside.push_back(x);
      }
      if (outside.empty()) continue;
      std::sort(outside.begin(), outside.end());
      if (side == 0) std::reverse(outside.begin(), outside.end());
      Box candidate = box;
      const double edge = outside[std::min(k, outside.size()) - 1];
      (side == 0 ? candidate.low[j] : candidate.high[j]) = edge;
      const BoxStats s = box_stats(data, candidate);
      if (s.density > best_stats.density) best = candidate, best_stats = s, improved = true;
    }
  }
  if (improved) box = best, stats = best_stats;
  return improved;
}

double binomial_tail(std::size_t n, std::size_t k, double p) {
  if (k == 0) return 1.0;
  if (p <= 0) return 0.0;
  if (p >= 1) return 1.0;
  double sum = 0;
  for (std::size_t i = k; i <= n; ++i) {
    const double log_term = std::lgamma(double(n) + 1) - std::lgamma(double(i) + 1) - std::lgamma(double(n - i) + 1) +
                            double(i) * std::log(p) + double(n - i) * std::log1p(-p);
    sum += std::exp(log_term);
  }
  return std::min(1.0, sum);
}

}  // namespace

bool Box::contains(std::span<const double> r) const {
  for (std::size_t j = 0; j < r.size(); ++j)
    if (r[j] < low[j] || r[j] > high[j]) return false;
  return true;
}

bool Box::restricts(std::size_t j) const { return low[j] != -INF || high[j] != INF; }

BoxStats box_stats(const PrimData& data, const Box& box) {
  BoxStats s;
  std::size_t all_interesting = 0;
  for (std::size_t i = 0; i < data.rows(); ++i) {
    all_interesting += data.interest[i];
    if (!box.contains(row(data, i))) continue;
    ++s.points;
    s.interesting += data.interest[i];
  }
  s.mass = data.rows() ? double(s.points) / double(data.rows()) : 0;
  s.density = s.points ? double(s.interesting) / double(s.points) : 0;
  s.coverage = all_interesting ? double(s.interesting) / double(all_interesting) : 0;
  return s;
}

PrimResult prim(const PrimData& data, const PrimOptions& o) {
  if (data.rows() == 0 || data.x.size() != data.rows() * data.dimensions)
    throw std::invalid_argument("PRIM: no points, or inputs that do not fill the rows");
  if (std::none_of(data.interest.begin(), data.interest.end(), [](unsigned char c) { return c != 0; }))
    throw std::invalid_argument("PRIM: no point is a case of interest");
  if (!(o.alpha > 0 && o.alpha < 0.5) || !(o.min_mass > 0 && o.min_mass < 1))
    throw std::invalid_argument("PRIM: alpha must be in (0, 0.5) and min_mass in (0, 1)");
  PrimResult r;
  r.trajectory.push_back(whole(data.dimensions));
  r.stats.push_back(box_stats(data, r.trajectory.back()));
  for (;;) {
    Box next;
    BoxStats s;
    if (!peel(data, r.trajectory.back(), inside(data, r.trajectory.back()), o.alpha, next, s)) break;
    if (s.mass < o.min_mass) break;
    r.trajectory.push_back(next);
    r.stats.push_back(s);
  }
  std::size_t chosen = r.trajectory.size();
  for (std::size_t i = 0; i < r.stats.size(); ++i)
    if (r.stats[i].density >= o.density_threshold &&
        (chosen == r.stats.size() || r.stats[i].coverage > r.stats[chosen].coverage))
      chosen = i;
  if (chosen == r.trajectory.size()) {
    chosen = 0;
    for (std::size_t i = 1; i < r.stats.size(); ++i)
      if (r.stats[i].density > r.stats[chosen].density) chosen = i;
  }
  r.chosen = chosen;
  r.box = r.trajectory[chosen];
  r.box_stats = r.stats[chosen];
  while (paste(data, r.box, r.box_stats, o.alpha)) {
  }
  return r;
}

std::vector<double> quasi_p_values(const PrimData& data, const Box& box) {
  const BoxStats s = box_stats(data, box);
  std::vector<double> out(data.dimensions, std::nan(""));
  for (std::size_t j = 0; j < data.dimensions; ++j) {
    if (!box.restricts(j)) continue;
    Box without = box;
    without.low[j] = -INF, without.high[j] = INF;
    out[j] = binomial_tail(s.points, s.interesting, box_stats(data, without).density);
  }
  return out;
}

Box drop_insignificant(const PrimData& data, Box box, double max_p) {
  for (;;) {
    const auto p = quasi_p_values(data, box);
    std::size_t worst = p.size();
    for (std::size_t j = 0; j < p.size(); ++j)
      if (!std::isnan(p[j]) && p[j] > max_p && (worst == p.size() || p[j] > p[worst])) worst = j;
    if (worst == p.size()) return box;
    box.low[worst] = -INF, box.high[worst] = INF;
  }
}

std::vector<double> resampled_restriction_shares(const PrimData& data, const PrimOptions& o, std::uint64_t resamples,
                                                 std::uint64_t seed) {
  std::vector<std::uint64_t> count(data.dimensions, 0);
  const std::size_t n = data.rows();
  for (std::uint64_t b = 0; b < resamples; ++b) {
    engine::RandomStream s({seed, b, purpose_id(AnalysisPurpose::PRIM_RESAMPLE), 0});
    PrimData d;
    d.dimensions = data.dimensions;
    for (std::size_t i = 0; i < n; ++i) {
      const auto pick = std::min<std::size_t>(n - 1, static_cast<std::size_t>(s.uniform() * double(n)));
      const auto r = row(data, pick);
      d.x.insert(d.x.end(), r.begin(), r.end());
      d.interest.push_back(data.interest[pick]);
    }
    if (std::none_of(d.interest.begin(), d.interest.end(), [](unsigned char c) { return c != 0; })) continue;
    const Box box = drop_insignificant(d, prim(d, o).box, o.max_p);
    for (std::size_t j = 0; j < data.dimensions; ++j)
      if (box.restricts(j)) ++count[j];
  }
  std::vector<double> share(data.dimensions, 0.0);
  for (std::size_t j = 0; j < data.dimensions; ++j)
    share[j] = resamples ? static_cast<double>(count[j]) / static_cast<double>(resamples) : std::nan("");
  return share;
}

}  // namespace cmsim::analysis
