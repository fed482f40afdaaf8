// Robustness: 10,000 mutations of a small valid scenario (byte flips, truncations,
// inserted brackets, tabs and colons, deep nesting, duplicated and swapped lines) must
// each load or fail with engine::InputError — never crash, hang or throw anything else.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>

#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"
#include "tests/support/run_cmsim.h"

using cmsim::engine::InputError;
using cmsim::scenario::load_scenario;

namespace {

/// splitmix64: a tiny deterministic generator, so a failing case can be replayed.
struct Rng {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return n ? static_cast<std::size_t>(next() % n) : 0; }
};

std::string mutate(std::string text, Rng& rng) {
  static const char* const INSERTS[] = {"[",       "{",    "]",  "}",  "\t",    ":",  ": ",   "- ",
                                        "\n",      "&a ",  "*a", "!!", "'",     "\"", "#",    "---\n",
                                        "? ",      "\t- ", ",",  "~",  "1e999", "-1", "null", "{dist: normal}",
                                        "\xff\xfe"};
  const std::size_t n_mutations = 1 + rng.below(3);
  for (std::size_t m = 0; m < n_mutations && !text.empty(); ++m) {
    const std::size_t pos = rng.below(text.size());
    switch (rng.below(8)) {
      case 0:
        text[pos] = static_cast<char>(rng.below(256));
        break;
      case 1:
        text.resize(pos);
        break;
      case 2:
      case 3:
        text.insert(pos, INSERTS[rng.below(std::size(INSERTS))]);
        break;
      case 4:
        text.erase(pos, 1 + rng.below(40));
        break;
      case 5: {
        // Deep nesting, flow or block style.
        const std::size_t depth = 50 + rng.below(5000);
        std::string nest;
        const std::size_t style = rng.below(3);
        for (std::size_t d = 0; d < depth; ++d) nest += style == 0 ? "[" : style == 1 ? "{a: " : "- ";
        text.insert(pos, nest);
        break;
      }
      case 6: {  // duplicate a line
        const std::size_t b = text.rfind('\n', pos), e = text.find('\n', pos);
        const std::size_t from = b == std::string::npos ? 0 : b + 1;
        text.insert(from, text.substr(from, (e == std::string::npos ? text.size() : e + 1) - from));
        break;
      }
      default: {  // swap two random chunks
        const std::size_t other = rng.below(text.size());
        const std::size_t len = 1 + rng.below(20);
        if (pos + len < text.size() && other + len < text.size())
          for (std::size_t k = 0; k < len; ++k) std::swap(text[pos + k], text[other + k]);
      }
    }
  }
  return text;
}

/// Loads `cases` mutations (seeded by `seed`); checks no crash, no stray exception, bounded time.
void fuzz(int cases, std::uint64_t seed) {
  const std::string original =
      cmsim::testing::read_file(std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/mini.yaml");
  REQUIRE(!original.empty());
  cmsim::testing::TempDir dir;
  const std::string path = (dir.path() / "fuzz.yaml").string();
  Rng rng{seed};
  int loaded = 0, rejected = 0;
  double slowest = 0;
  for (int i = 0; i < cases; ++i) {
    const std::string text = mutate(original, rng);
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto t0 = std::chrono::steady_clock::now();
    try {
      load_scenario(path);
      ++loaded;
    } catch (const InputError& e) {
      ++rejected;
      // Every message names the file (or is about the file as a whole).
      for (const auto& m : e.messages())
        if (m.rfind(path, 0) != 0) FAIL("case " << i << ": message without the file: " << m);
    } catch (const std::exception& e) {
      FAIL("case " << i << ": unexpected exception " << e.what() << "\n" << text);
    }
    slowest = std::max(slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  }
  INFO("loaded " << loaded << ", rejected " << rejected << ", slowest " << slowest << " s");
  CHECK(loaded + rejected == cases);
  CHECK(rejected > cases / 2);
  CHECK(slowest < 5.0);  // bounded: no input makes the loader hang
}

}  // namespace

TEST_CASE("300 mutated scenarios load or fail cleanly", "[scenario][fuzz]") { fuzz(300, 1); }

// About 10-40 s in a release build on a busy machine, longer under ASan.
TEST_CASE("10,000 mutated scenarios load or fail cleanly", "[scenario][fuzz][slow]") { fuzz(10000, 20221007); }
