#include "sim/engine/random_stream.h"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>
#include <stdexcept>

namespace cmsim::engine {

RandomStream::RandomStream(StreamKey key) : key_(key) {}

std::array<std::uint64_t, 4> RandomStream::block_words(const StreamKey& key, std::uint64_t block) {
  // Key: (seed, replication). Counter: (purpose, agent, block, 0). Distinct keys or
  // counter prefixes give disjoint, independent blocks by Philox's design.
  r123::Philox4x64 philox;
  const r123::Philox4x64::key_type k = {{key.seed, key.replication}};
  const r123::Philox4x64::ctr_type c = {{std::uint64_t{key.purpose}, key.agent, block, 0}};
  const auto out = philox(c, k);
  return {out.v[0], out.v[1], out.v[2], out.v[3]};
}

void RandomStream::block_words_of_agents(StreamKey key, std::uint64_t block,
                                         std::span<std::array<std::uint64_t, 4>> out) {
  r123::Philox4x64 philox;
  const r123::Philox4x64::key_type k = {{key.seed, key.replication}};
  for (std::size_t i = 0; i < out.size(); ++i) {
    const r123::Philox4x64::ctr_type c = {{std::uint64_t{key.purpose}, key.agent + i, block, 0}};
    const auto v = philox(c, k);
    out[i] = {v.v[0], v.v[1], v.v[2], v.v[3]};
  }
}

void RandomStream::refill() {
  const auto words = block_words(key_, block_);
  for (int i = 0; i < 4; ++i) buffer_[i] = words[static_cast<std::size_t>(i)];
  ++block_;
  used_ = 0;
}

std::uint64_t RandomStream::next_u64() {
  if (used_ == 4) refill();
  ++words_;
  return buffer_[used_++];
}

double RandomStream::uniform() { return to_uniform(next_u64()); }

double RandomStream::normal(double mean, double sd) {
  if (has_spare_) {
    has_spare_ = false;
    return mean + sd * spare_normal_;
  }
  double u1 = uniform();
  while (u1 <= 0.0) u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(u1));
  const double theta = 2.0 * std::numbers::pi * u2;
  spare_normal_ = r * std::sin(theta);
  has_spare_ = true;
  return mean + sd * r * std::cos(theta);
}

double RandomStream::lognormal(double mu, double sigma) { return std::exp(normal(mu, sigma)); }

double RandomStream::exponential(double rate) {
  if (!(rate > 0.0)) throw std::invalid_argument("exponential rate must be > 0");
  return -std::log1p(-uniform()) / rate;
}

std::uint64_t RandomStream::poisson(double mean) {
  if (!(mean >= 0.0) || !std::isfinite(mean)) throw std::invalid_argument("poisson mean must be finite and >= 0");
  if (mean == 0.0) return 0;
  if (mean < 12.0) {
    const double limit = std::exp(-mean);
    std::uint64_t k = 0;
    double prod = uniform();
    while (prod > limit) {
      ++k;
      prod *= uniform();
    }
    return k;
  }
  // PTRS: transformed rejection with squeeze, W. Hörmann, "The transformed rejection
  // method for generating Poisson random variables", Insurance: Math. & Econ. 12 (1993).
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const double u = uniform() - 0.5;
    const double v = uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::uint64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(invalpha) - std::log(a / (us * us) + b) <= -mean + k * loglam - std::lgamma(k + 1))
      return static_cast<std::uint64_t>(k);
  }
}

std::size_t RandomStream::categorical(std::span<const double> weights) {
  double total = 0.0;
  for (double w : weights) {
    if (!(w >= 0.0) || !std::isfinite(w)) throw std::invalid_argument("categorical weights must be finite and >= 0");
    total += w;
  }
  if (!(total > 0.0)) throw std::invalid_argument("categorical weights must not all be zero");
  const double target = uniform() * total;
  double acc = 0.0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    acc += weights[i];
    if (target < acc) return i;
  }
  // Rounding can leave target == total; return the last index with positive weight.
  for (std::size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0.0) return i;
  return weights.size() - 1;
}

}  // namespace cmsim::engine
