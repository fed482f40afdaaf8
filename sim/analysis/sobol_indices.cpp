#include "sim/analysis/sobol_indices.h"

#include <cmath>
#include <stdexcept>

#include "sim/analysis/analysis_stream_purpose.h"
#include "sim/engine/random_stream.h"
#include "sim/experiment/parameter_design.h"

namespace cmsim::analysis {

std::vector<double> saltelli_points(std::uint64_t base_samples, std::size_t k, experiment::DesignKind base_design,
                                    std::uint64_t seed) {
  const experiment::ParameterDesign design(base_design, 2 * k, base_samples, seed);
  std::vector<double> out(base_samples * (k + 2) * k);
  std::vector<double> base(2 * k);
  for (std::uint64_t j = 0; j < base_samples; ++j) {
    design.point(j, base);
    const std::span<const double> a(base.data(), k), b(base.data() + k, k);
    double* block = out.data() + j * (k + 2) * k;
    std::copy(a.begin(), a.end(), block);
    std::copy(b.begin(), b.end(), block + k);
    for (std::size_t i = 0; i < k; ++i) {
      double* row = block + (2 + i) * k;
      std::copy(a.begin(), a.end(), row);
      row[i] = b[i];
    }
  }
  return out;
}

namespace {

// The indices over the blocks listed in `blocks` (a bootstrap resample or 0..N-1).
void estimate(std::span<const double> f, std::size_t k, std::span<const std::uint64_t> blocks, std::vector<double>& s1,
              std::vector<double>& st) {
  const double n = static_cast<double>(blocks.size());
  double mean = 0;
  for (const auto j : blocks) mean += f[j * (k + 2)] + f[j * (k + 2) + 1];
  mean /= 2 * n;
  double var = 0;
  for (const auto j : blocks) {
    const double da = f[j * (k + 2)] - mean, db = f[j * (k + 2) + 1] - mean;
    var += da * da + db * db;
  }
  var /= 2 * n;
  s1.assign(k, 0.0);
  st.assign(k, 0.0);
  for (std::size_t i = 0; i < k; ++i) {
    double first = 0, total = 0;
    for (const auto j : blocks) {
      const double fa = f[j * (k + 2)], fb = f[j * (k + 2) + 1], fab = f[j * (k + 2) + 2 + i];
      first += (fb - mean) * (fab - fa);  // centred: same expectation, far less noise
      total += (fa - fab) * (fa - fab);
    }
    s1[i] = var > 0 ? first / n / var : std::nan("");
    st[i] = var > 0 ? total / (2 * n) / var : std::nan("");
  }
}

}  // namespace

std::vector<SobolIndex> sobol_indices(std::span<const double> f, std::size_t k, std::uint64_t resamples,
                                      std::uint64_t seed) {
  if (k == 0 || f.size() % (k + 2) != 0 || f.empty())
    throw std::invalid_argument("sobol_indices: " + std::to_string(f.size()) + " outputs do not fill blocks of " +
                                std::to_string(k + 2) + " runs");
  const std::uint64_t n = f.size() / (k + 2);
  std::vector<std::uint64_t> all(n);
  for (std::uint64_t j = 0; j < n; ++j) all[j] = j;
  std::vector<double> s1, st;
  estimate(f, k, all, s1, st);
  if (!std::isfinite(s1[0]))
    throw std::invalid_argument("sobol_indices: the outcome does not vary over the design (variance 0)");

  std::vector<double> sum1(k, 0), sq1(k, 0), sumt(k, 0), sqt(k, 0);
  std::vector<std::uint64_t> pick(n);
  std::vector<double> b1, bt;
  std::uint64_t valid = 0;
  for (std::uint64_t b = 0; b < resamples; ++b) {
    engine::RandomStream s({seed, b, purpose_id(AnalysisPurpose::BOOTSTRAP), 0});
    for (auto& p : pick) p = std::min<std::uint64_t>(n - 1, static_cast<std::uint64_t>(s.uniform() * double(n)));
    estimate(f, k, pick, b1, bt);
    // A resample with no variance has no indices; it is left out (rare, tiny N only).
    if (!std::isfinite(b1[0])) continue;
    ++valid;
    for (std::size_t i = 0; i < k; ++i) {
      sum1[i] += b1[i], sq1[i] += b1[i] * b1[i], sumt[i] += bt[i], sqt[i] += bt[i] * bt[i];
    }
  }
  std::vector<SobolIndex> out(k);
  const auto half_width = [&](double sum, double sq) {
    if (valid < 2) return std::nan("");
    const double r = static_cast<double>(valid), m = sum / r;
    return 1.96 * std::sqrt(std::max(0.0, (sq - r * m * m) / (r - 1)));
  };
  for (std::size_t i = 0; i < k; ++i) out[i] = {s1[i], half_width(sum1[i], sq1[i]), st[i], half_width(sumt[i], sqt[i])};
  return out;
}

}  // namespace cmsim::analysis
