#include "sim/engine/random_stream.h"

#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

using cmsim::engine::RandomStream;
using cmsim::engine::StreamKey;

namespace {
std::vector<std::uint64_t> draw(StreamKey k, int n) {
  RandomStream s(k);
  std::vector<std::uint64_t> v;
  for (int i = 0; i < n; ++i) v.push_back(s.next_u64());
  return v;
}
double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}
double var_of(const std::vector<double>& v) {
  const double m = mean_of(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return s / static_cast<double>(v.size() - 1);
}
}  // namespace

TEST_CASE("Same key gives the same sequence, and golden first values pin the generator", "[random]") {
  const StreamKey k{20221007, 3, 7, 42};
  CHECK(draw(k, 100) == draw(k, 100));
  // Golden values: a change here changes every published result. Philox4x64-10, key
  // (seed, replication), counter (purpose, agent, block, 0).
  RandomStream s({0, 0, 0, 0});
  const std::uint64_t first = s.next_u64();
  RandomStream again({0, 0, 0, 0});
  CHECK(again.next_u64() == first);
  CHECK(first == 0x16554d9eca36314cULL);  // Random123 kat_vectors: philox4x64_10 zero key/ctr
}

TEST_CASE("Streams that differ in any key field differ", "[random]") {
  const auto base = draw({1, 2, 3, 4}, 8);
  CHECK(draw({9, 2, 3, 4}, 8) != base);
  CHECK(draw({1, 9, 3, 4}, 8) != base);
  CHECK(draw({1, 2, 9, 4}, 8) != base);
  CHECK(draw({1, 2, 3, 9}, 8) != base);
}

// Catches: block_words_of_agents keyed by key.agent (not + i), or a block index off by one.
TEST_CASE("A stream's blocks computed without it are its words, agent by agent", "[random]") {
  const StreamKey base{11, 4, 102, 30};
  std::vector<std::array<std::uint64_t, 4>> batch(5);
  for (std::uint64_t block = 0; block < 3; ++block) {
    RandomStream::block_words_of_agents(base, block, batch);
    for (std::uint64_t a = 0; a < batch.size(); ++a) {
      const StreamKey k{base.seed, base.replication, base.purpose, base.agent + a};
      const auto words = draw(k, static_cast<int>(4 * block + 4));
      const std::array<std::uint64_t, 4> expected = {words[4 * block], words[4 * block + 1], words[4 * block + 2],
                                                     words[4 * block + 3]};
      CHECK(RandomStream::block_words(k, block) == expected);
      CHECK(batch[a] == expected);
    }
  }
  RandomStream s(base);
  const std::uint64_t w = s.next_u64();
  CHECK(RandomStream::to_uniform(w) == RandomStream(base).uniform());
}

TEST_CASE("Drawing from one stream never moves another", "[random]") {
  RandomStream a({5, 0, 1, 1}), b({5, 0, 1, 2});
  std::vector<std::uint64_t> b_alone = draw({5, 0, 1, 2}, 50);
  std::vector<std::uint64_t> b_interleaved;
  for (int i = 0; i < 50; ++i) {
    for (int j = 0; j < i % 7; ++j) a.next_u64();
    b_interleaved.push_back(b.next_u64());
  }
  CHECK(b_alone == b_interleaved);
}

TEST_CASE("Neighbouring streams are uncorrelated", "[random]") {
  RandomStream a({5, 0, 1, 1}), b({5, 0, 1, 2});
  const int n = 200000;
  double sxy = 0, sx = 0, sy = 0, sxx = 0, syy = 0;
  for (int i = 0; i < n; ++i) {
    const double x = a.uniform(), y = b.uniform();
    sxy += x * y, sx += x, sy += y, sxx += x * x, syy += y * y;
  }
  const double cov = sxy / n - (sx / n) * (sy / n);
  const double corr = cov / std::sqrt((sxx / n - sx * sx / n / n) * (syy / n - sy * sy / n / n));
  CHECK(std::fabs(corr) < 0.01);  // sd of the estimate is 1/sqrt(n) = 0.0022
}

TEST_CASE("Distributions have the right moments", "[random]") {
  RandomStream s({11, 0, 0, 0});
  const int n = 200000;
  std::vector<double> u, z, e, ln, p3, p40;
  for (int i = 0; i < n; ++i) {
    u.push_back(s.uniform());
    z.push_back(s.normal(2.0, 3.0));
    e.push_back(s.exponential(4.0));
    ln.push_back(s.lognormal(0.1, 0.5));
    p3.push_back(static_cast<double>(s.poisson(3.0)));
    p40.push_back(static_cast<double>(s.poisson(40.0)));
  }
  // Tolerances are about 5 standard errors of each estimate.
  CHECK(mean_of(u) == Approx(0.5).margin(0.004));
  CHECK(var_of(u) == Approx(1.0 / 12).margin(0.002));
  CHECK(mean_of(z) == Approx(2.0).margin(0.035));
  CHECK(var_of(z) == Approx(9.0).margin(0.15));
  CHECK(mean_of(e) == Approx(0.25).margin(0.003));
  CHECK(mean_of(ln) == Approx(std::exp(0.1 + 0.125)).margin(0.007));
  CHECK(mean_of(p3) == Approx(3.0).margin(0.02));
  CHECK(var_of(p3) == Approx(3.0).margin(0.06));
  CHECK(mean_of(p40) == Approx(40.0).margin(0.08));
  CHECK(var_of(p40) == Approx(40.0).margin(0.8));
  for (double x : u) REQUIRE((x >= 0.0 && x < 1.0));
}

TEST_CASE("Categorical draws follow the weights and reject bad weights", "[random]") {
  RandomStream s({3, 1, 4, 1});
  const std::vector<double> w{1, 0, 3};
  int counts[3] = {0, 0, 0};
  for (int i = 0; i < 100000; ++i) ++counts[s.categorical(w)];
  CHECK(counts[1] == 0);
  CHECK(counts[0] / 100000.0 == Approx(0.25).margin(0.007));
  const std::vector<double> zeros{0, 0}, negative{1, -1};
  CHECK_THROWS(s.categorical(zeros));
  CHECK_THROWS(s.categorical(negative));
  CHECK_THROWS(s.poisson(-1));
  CHECK_THROWS(s.exponential(0));
}
