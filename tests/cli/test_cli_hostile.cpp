// Hostile input end to end: an accepted file runs (exit 0), a costly one is refused with its
// estimate (exit 2), and the writers always produce valid UTF-8 CSV and JSON.
#include <catch2/catch.hpp>
#include <string>

#include "sim/engine/input_error.h"
#include "sim/output/csv_writer.h"
#include "sim/output/manifest.h"
#include "tests/support/run_cmsim.h"

using cmsim::testing::run_cmsim;
using cmsim::testing::TempDir;

namespace {
bool valid_utf8_without_controls(const std::string& s, const std::string& allowed) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = cmsim::engine::utf8_sequence_length(s, i);
    if (n == 0) return false;
    if (n == 1 && static_cast<unsigned char>(s[i]) < 0x20 && allowed.find(s[i]) == std::string::npos) return false;
    i += n;
  }
  return true;
}
const std::vector<std::string> HOSTILE = {"quote\"comma,", "new\nline",        std::string("nul\0byte", 8),
                                          "esc\x1b[31m",   "bad\xff\xfe utf8", "emoji \xf0\x9f\x98\x80",
                                          "c1 \xc2\x9b"};
}  // namespace

TEST_CASE("A scenario without developers and with dead-end routes runs", "[cli][hostile]") {
  TempDir dir;
  const auto r = run_cmsim("run tests/data/scenario/no-developers.yaml -q -o '" + (dir.path() / "o").string() + "'");
  INFO(r.err);
  CHECK(r.status == 0);
}

TEST_CASE("A run above --max-agent-quarters is refused with the estimate", "[cli][hostile]") {
  TempDir dir;
  const auto r =
      run_cmsim("run scenarios/baseline.yaml -q --max-agent-quarters 1000 -o '" + (dir.path() / "o").string() + "'");
  CHECK(r.status == 2);
  CHECK(r.err.find("predicted cost") != std::string::npos);
  CHECK(r.err.find("--max-agent-quarters") != std::string::npos);
  const auto s = run_cmsim("sweep scenarios/baseline.yaml --runs 1000000 -o '" + (dir.path() / "s").string() + "'");
  CHECK(s.status == 2);
  CHECK(s.err.find("exceeds the limit of 1000000000") != std::string::npos);
}

TEST_CASE("CSV fields with hostile text are valid UTF-8 and keep quotes, commas and newlines", "[cli][hostile]") {
  for (const auto& h : HOSTILE) {
    INFO(h);
    const std::string f = cmsim::output::csv_escape(h);
    CHECK(valid_utf8_without_controls(f, "\n"));
  }
  CHECK(cmsim::output::csv_escape("quote\"comma,") == "\"quote\"\"comma,\"");
  CHECK(cmsim::output::csv_escape("esc\x1b[31m") == "esc\\x1b[31m");
  CHECK(cmsim::output::csv_escape("emoji \xf0\x9f\x98\x80") == "emoji \xf0\x9f\x98\x80");
}

TEST_CASE("The manifest is valid JSON and UTF-8 whatever the scenario's text", "[cli][hostile]") {
  for (const auto& h : HOSTILE) {
    INFO(h);
    const std::string j = cmsim::output::json_escape(h);
    CHECK(valid_utf8_without_controls(j, ""));
  }
  CHECK(cmsim::output::json_escape("bad\xff") == "bad\\\\xff");
  CHECK(cmsim::output::json_escape(std::string("a\0b", 3)) == "a\\u0000b");
  CHECK(cmsim::output::json_escape("q\"\n") == "q\\\"\\n");
}
