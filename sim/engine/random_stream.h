// Counter-based random streams (Random123 Philox4x64-10). A stream is named by the key
// (master seed, replication, purpose, agent id); the key selects a disjoint slice of
// Philox's counter space, so streams never overlap, the same key always replays the same
// sequence, and drawing from one stream never moves another. This is what lets a
// counterfactual reuse exactly the random numbers of the baseline for every agent whose
// behaviour the policy change did not touch (common random numbers).
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace cmsim::engine {

struct StreamKey {
  std::uint64_t seed = 0;         ///< master seed of the experiment
  std::uint64_t replication = 0;  ///< replication (run) number
  std::uint32_t purpose = 0;      ///< what the numbers are for; models name these in an enum
  std::uint64_t agent = 0;        ///< which agent (or 0 for model-wide streams)
};

class RandomStream {
 public:
  explicit RandomStream(StreamKey key);

  std::uint64_t next_u64();
  /// Uniform on [0, 1) with 53 random bits.
  double uniform();
  /// Uniform on [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Normal by the Box–Muller transform (cmsim's own, so results do not depend on the
  /// standard library's distribution implementations).
  double normal(double mean = 0.0, double sd = 1.0);
  /// exp(N(mu, sigma^2)).
  double lognormal(double mu, double sigma);
  /// Exponential with the given rate (mean 1/rate).
  double exponential(double rate);
  /// Poisson: multiplication method for mean < 12, PTRS (Hörmann 1993) above.
  std::uint64_t poisson(double mean);
  /// Index i with probability weights[i] / sum(weights). Weights must be >= 0, sum > 0.
  std::size_t categorical(std::span<const double> weights);
  /// Bernoulli(p).
  bool bernoulli(double p) { return uniform() < p; }

  /// Words 4·block .. 4·block + 3 of the stream named `key`, without a stream object: what
  /// next_u64() returns there. For drawing many agents' streams in one pass (each agent
  /// keeps its own key, so common random numbers hold exactly as with one stream each).
  static std::array<std::uint64_t, 4> block_words(const StreamKey& key, std::uint64_t block);
  /// block_words of agents key.agent, key.agent + 1, ... (one per entry of `out`), in one
  /// loop: the same words, computed a whole population at a time.
  static void block_words_of_agents(StreamKey key, std::uint64_t block, std::span<std::array<std::uint64_t, 4>> out);
  /// The uniform() of a word: its top 53 bits over 2^53, on [0, 1).
  static double to_uniform(std::uint64_t word) { return static_cast<double>(word >> 11) * 0x1.0p-53; }

  const StreamKey& key() const { return key_; }
  /// Number of 64-bit words drawn so far.
  std::uint64_t words_drawn() const { return words_; }

 private:
  void refill();

  StreamKey key_;
  std::uint64_t block_ = 0;  // Philox counter word that advances
  std::uint64_t buffer_[4] = {0, 0, 0, 0};
  unsigned used_ = 4;
  std::uint64_t words_ = 0;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace cmsim::engine
