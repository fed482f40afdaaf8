#include "sim/analysis/morris.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/analysis/analysis_stream_purpose.h"
#include "sim/engine/random_stream.h"

namespace cmsim::analysis {

MorrisDesign morris_design(std::size_t k, std::uint64_t r, unsigned levels, std::uint64_t seed) {
  if (k == 0) throw std::invalid_argument("Morris: no parameters to move");
  if (levels < 2 || levels % 2 != 0)
    throw std::invalid_argument("Morris: the level count must be even and at least 2, got " + std::to_string(levels));
  MorrisDesign d;
  d.parameters = k;
  d.trajectories = r;
  d.points.resize(r * (k + 1) * k);
  d.moved.resize(r * k);
  d.direction.resize(r * k);
  const unsigned half = levels / 2;
  const auto unit = [levels](unsigned level) { return (level + 0.5) / levels; };
  std::vector<unsigned> level(k);
  for (std::uint64_t t = 0; t < r; ++t) {
    engine::RandomStream s({seed, t, purpose_id(AnalysisPurpose::MORRIS_TRAJECTORY), 0});
    const auto below = [&s](std::uint64_t n) {
      return std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(s.uniform() * double(n)));
    };
    for (auto& l : level) l = static_cast<unsigned>(below(levels));
    auto* order = d.moved.data() + t * k;
    for (std::size_t i = 0; i < k; ++i) order[i] = i;
    for (std::size_t i = k - 1; i > 0; --i) std::swap(order[i], order[below(i + 1)]);
    double* rows = d.points.data() + t * (k + 1) * k;
    for (std::size_t i = 0; i < k; ++i) rows[i] = unit(level[i]);
    for (std::size_t m = 0; m < k; ++m) {
      const std::size_t i = order[m];
      // From the lower half of the grid the move goes up p/2 levels, from the upper half down.
      const bool up = level[i] < half;
      level[i] = up ? level[i] + half : level[i] - half;
      d.direction[t * k + m] = up ? 1.0 : -1.0;
      double* row = rows + (m + 1) * k;
      for (std::size_t x = 0; x < k; ++x) row[x] = unit(level[x]);
    }
  }
  return d;
}

namespace {

// effects[t * k + i]: the elementary effect of parameter i on trajectory t.
std::vector<double> elementary_effects(const MorrisDesign& d, std::span<const double> f) {
  const std::size_t k = d.parameters;
  std::vector<double> ee(d.trajectories * k);
  for (std::uint64_t t = 0; t < d.trajectories; ++t)
    for (std::size_t m = 0; m < k; ++m) {
      const double before = f[t * (k + 1) + m], after = f[t * (k + 1) + m + 1];
      ee[t * k + d.moved[t * k + m]] = d.direction[t * k + m] * (after - before) / 0.5;
    }
  return ee;
}

}  // namespace

std::vector<MorrisIndex> morris_indices(const MorrisDesign& d, std::span<const double> f, std::uint64_t resamples,
                                        std::uint64_t seed) {
  const std::size_t k = d.parameters;
  const std::uint64_t r = d.trajectories;
  if (f.size() != r * (k + 1))
    throw std::invalid_argument("Morris: " + std::to_string(f.size()) + " outputs for a design of " +
                                std::to_string(r * (k + 1)) + " runs");
  const auto ee = elementary_effects(d, f);
  std::vector<MorrisIndex> out(k);
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0, abs_sum = 0;
    for (std::uint64_t t = 0; t < r; ++t) sum += ee[t * k + i], abs_sum += std::abs(ee[t * k + i]);
    out[i].mu = sum / double(r);
    out[i].mu_star = abs_sum / double(r);
    double ss = 0;
    for (std::uint64_t t = 0; t < r; ++t) ss += (ee[t * k + i] - out[i].mu) * (ee[t * k + i] - out[i].mu);
    out[i].sigma = r > 1 ? std::sqrt(ss / double(r - 1)) : std::nan("");
  }
  std::vector<double> sum(k, 0), sq(k, 0);
  for (std::uint64_t b = 0; b < resamples; ++b) {
    engine::RandomStream s({seed, b, purpose_id(AnalysisPurpose::BOOTSTRAP), 0});
    std::vector<double> m(k, 0);
    for (std::uint64_t n = 0; n < r; ++n) {
      const auto t = std::min<std::uint64_t>(r - 1, static_cast<std::uint64_t>(s.uniform() * double(r)));
      for (std::size_t i = 0; i < k; ++i) m[i] += std::abs(ee[t * k + i]) / double(r);
    }
    for (std::size_t i = 0; i < k; ++i) sum[i] += m[i], sq[i] += m[i] * m[i];
  }
  for (std::size_t i = 0; i < k; ++i) {
    const double n = static_cast<double>(resamples), mean = sum[i] / n;
    out[i].mu_star_conf =
        resamples > 1 ? 1.96 * std::sqrt(std::max(0.0, (sq[i] - n * mean * mean) / (n - 1))) : std::nan("");
  }
  return out;
}

}  // namespace cmsim::analysis
