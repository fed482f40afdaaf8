#include "models/ecosystem/developer_network.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/small_world_generator.hpp>
#include <catch2/catch.hpp>
#include <limits>
#include <set>
#include <tuple>
#include <vector>

#include "models/ecosystem/ecosystem_streams.h"

using cmsim::ecosystem::DeveloperNetwork;
using cmsim::ecosystem::EcosystemStream;
using cmsim::ecosystem::network_kind_from_string;
using cmsim::ecosystem::NetworkKind;
using cmsim::engine::RandomStream;
using cmsim::engine::StreamKey;

namespace {
RandomStream stream(std::uint64_t replication) {
  return RandomStream(StreamKey{7, replication, cmsim::ecosystem::purpose(EcosystemStream::NETWORK), 0});
}
}  // namespace

TEST_CASE("Network kinds parse and print", "[ecosystem][network]") {
  CHECK(network_kind_from_string("none") == NetworkKind::NONE);
  CHECK(network_kind_from_string("complete") == NetworkKind::COMPLETE);
  CHECK(network_kind_from_string("small_world") == NetworkKind::SMALL_WORLD);
  CHECK_FALSE(network_kind_from_string("smallworld"));
  CHECK(std::string(cmsim::ecosystem::to_string(NetworkKind::SMALL_WORLD)) == "small_world");
}

TEST_CASE("Small world without rewiring is the ring lattice", "[ecosystem][network]") {
  auto s = stream(1);
  const std::uint32_t n = 50;
  const auto net = DeveloperNetwork::build(NetworkKind::SMALL_WORLD, n, 6, 0.0, s);
  REQUIRE(net.size() == n);
  CHECK(net.edge_count() == n * 3);
  CHECK(net.max_degree() == 6);
  for (std::uint32_t i = 0; i < n; ++i) {
    std::vector<std::uint32_t> expected;
    for (std::uint32_t d = 1; d <= 3; ++d) {
      expected.push_back((i + d) % n);
      expected.push_back((i + n - d) % n);
    }
    std::sort(expected.begin(), expected.end());
    const auto got = net.neighbours_of(i);
    CHECK(std::vector<std::uint32_t>(got.begin(), got.end()) == expected);
  }
}

TEST_CASE("Rewired small world: symmetric, simple, about n·k/2 edges, reproducible", "[ecosystem][network]") {
  const std::uint32_t n = 2000;
  const int k = 10;
  auto s1 = stream(1);
  const auto net = DeveloperNetwork::build(NetworkKind::SMALL_WORLD, n, k, 0.1, s1);
  // Rewiring can only merge duplicates, never add edges; duplicates are rare (p·k/n each).
  CHECK(net.edge_count() <= std::uint64_t{n} * k / 2);
  CHECK(net.edge_count() >= std::uint64_t{n} * k / 2 - 20);
  std::size_t long_links = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto nb = net.neighbours_of(i);
    CHECK(std::is_sorted(nb.begin(), nb.end()));
    CHECK(std::adjacent_find(nb.begin(), nb.end()) == nb.end());
    for (std::uint32_t j : nb) {
      REQUIRE(j != i);
      const auto back = net.neighbours_of(j);
      REQUIRE(std::binary_search(back.begin(), back.end(), i));
      const std::uint32_t dist = std::min((i + n - j) % n, (j + n - i) % n);
      if (dist > static_cast<std::uint32_t>(k / 2)) ++long_links;
    }
  }
  // Each edge is counted from both ends; about p of the n·k/2 edges are rewired (sd ≈ 30).
  const double rewired = static_cast<double>(long_links) / 2.0;
  CHECK(rewired == Approx(0.1 * n * k / 2).margin(150));

  auto s2 = stream(1);
  const auto again = DeveloperNetwork::build(NetworkKind::SMALL_WORLD, n, k, 0.1, s2);
  CHECK(std::equal(net.neighbours().begin(), net.neighbours().end(), again.neighbours().begin(),
                   again.neighbours().end()));
  auto s3 = stream(2);
  const auto other = DeveloperNetwork::build(NetworkKind::SMALL_WORLD, n, k, 0.1, s3);
  CHECK_FALSE(std::equal(net.neighbours().begin(), net.neighbours().end(), other.neighbours().begin(),
                         other.neighbours().end()));
}

TEST_CASE("Complete and empty networks are closed forms", "[ecosystem][network]") {
  auto s = stream(1);
  const auto complete = DeveloperNetwork::build(NetworkKind::COMPLETE, 100, 0, 0.0, s);
  CHECK(complete.degree(17) == 99);
  CHECK(complete.edge_count() == 4950);
  CHECK(complete.neighbours().empty());
  const auto none = DeveloperNetwork::build(NetworkKind::NONE, 100, 10, 0.1, s);
  CHECK(none.degree(17) == 0);
  CHECK(none.edge_count() == 0);
  CHECK(s.words_drawn() == 0);  // neither draws random numbers
}

TEST_CASE("Bad small-world arguments are rejected", "[ecosystem][network]") {
  auto s = stream(1);
  CHECK_THROWS_WITH(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 10, 10, 0.1, s),
                    Catch::Contains("degree must be even, >= 2 and <= agents - 2"));
  // degree = agents - 1: no vertex outside any window to rewire to (Boost would search forever).
  CHECK_THROWS(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 11, 10, 0.1, s));
  CHECK_NOTHROW(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 12, 10, 1.0, s));  // the smallest ring allowed
  CHECK_THROWS(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 100, 7, 0.1, s));
  CHECK_THROWS(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 100, 0, 0.1, s));
  CHECK_THROWS_WITH(DeveloperNetwork::build(NetworkKind::SMALL_WORLD, 100, 10, 1.5, s),
                    Catch::Contains("rewire_probability"));
}

// The CSR is read straight off Boost's generator; it must be exactly what Boost's own
// graph built from the same generator and the same stream holds (the construction this
// replaced): a dropped edge end, a missing de-duplication or a row off by one fails here.
TEST_CASE("Small world CSR equals the adjacency_list Boost builds from the same draws", "[ecosystem][network]") {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;
  struct Engine {
    using result_type = std::uint64_t;
    RandomStream* s;
    static constexpr result_type min() { return 0; }
    static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }
    result_type operator()() { return s->next_u64(); }
  };
  for (const auto& [n, k, p] : {std::tuple{50u, 4, 0.3}, std::tuple{2000u, 10, 0.1}, std::tuple{31u, 12, 1.0}}) {
    RandomStream a = stream(n), b = stream(n);
    const auto net = DeveloperNetwork::build(NetworkKind::SMALL_WORLD, n, k, p, a);
    Engine gen{&b};
    using SW = boost::small_world_iterator<Engine, Graph>;
    const Graph g(SW(gen, n, static_cast<std::size_t>(k), p), SW(), n);
    std::vector<std::set<std::uint32_t>> expected(n);
    for (auto [e, end] = boost::edges(g); e != end; ++e) {
      const auto s = static_cast<std::uint32_t>(boost::source(*e, g)),
                 t = static_cast<std::uint32_t>(boost::target(*e, g));
      if (s == t) continue;
      expected[s].insert(t);
      expected[t].insert(s);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto got = net.neighbours_of(i);
      REQUIRE(std::vector<std::uint32_t>(got.begin(), got.end()) ==
              std::vector<std::uint32_t>(expected[i].begin(), expected[i].end()));
    }
    CHECK(a.next_u64() == b.next_u64());  // the same number of draws taken
  }
}
