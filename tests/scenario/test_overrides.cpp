// `--set key.path=value` overrides: parsed, applied to the composed tree, then typed and
// validated like the file itself.
#include <catch2/catch.hpp>

#include "models/scenario/scenario_loader.h"
#include "sim/engine/input_error.h"

using namespace cmsim::scenario;
using cmsim::engine::Date;
using cmsim::engine::InputError;

namespace {
const std::string MINI = std::string(CMSIM_SOURCE_DIR) + "/tests/data/scenario/mini.yaml";

std::vector<std::string> errors_of(const std::vector<std::string>& sets) {
  std::vector<Override> o;
  for (const auto& s : sets) o.push_back(parse_override(s));
  try {
    load_scenario(MINI, o);
  } catch (const InputError& e) {
    return e.messages();
  }
  return {};
}
}  // namespace

TEST_CASE("parse_override splits at the first '='", "[scenario][set]") {
  const auto o = parse_override("parameters.beta_risk=3.5");
  CHECK(o.key_path == "parameters.beta_risk");
  CHECK(o.value == "3.5");
  CHECK(parse_override("description=a=b").value == "a=b");
  CHECK(parse_override("buyers[0].count=3").key_path == "buyers[0].count");
  for (const char* bad : {"beta_risk", "=3", "a..b=1", "a[x]=1", "a[]=1", ".a=1", "a.=1"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_override(bad), InputError);
  }
  REQUIRE_THROWS_WITH(parse_override("beta_risk"),
                      "--set beta_risk: expected key.path=value (e.g. parameters.beta_risk=3.5), got \"beta_risk\"");
}

TEST_CASE("Overrides set parameters, dates, list elements and distributions", "[scenario][set]") {
  const Scenario s =
      load_scenario(MINI, {parse_override("parameters.beta_risk=4.25"), parse_override("horizon.end=2028-12-31"),
                           parse_override("buyers[0].count=3"), parse_override("seed=9"),
                           parse_override("parameters.beta_value={dist: uniform, low: 1, high: 3}"),
                           parse_override("parameters.risk_shock=0.1")});
  CHECK(s.parameters.beta_risk == 4.25);
  CHECK(s.end == Date(2028, 12, 31));
  CHECK(s.start == Date(2020, 1, 1));
  CHECK(s.buyers[0].count == 3);
  CHECK(s.seed == 9);
  CHECK(s.parameters.beta_value == 2);
  CHECK(s.parameters.risk_shock == 0.1);
  // risk_shock is no longer uncertain; beta_value now is.
  bool has_beta_value = false, has_risk_shock = false;
  for (const auto& u : s.uncertain) {
    has_beta_value |= u.path == "parameters.beta_value";
    has_risk_shock |= u.path == "parameters.risk_shock";
  }
  CHECK(has_beta_value);
  CHECK_FALSE(has_risk_shock);
}

TEST_CASE("Bad overrides are reported like file errors, naming the override", "[scenario][set]") {
  CHECK(errors_of({"parameters.beta_risk=99"}) ==
        std::vector<std::string>{
            "--set parameters.beta_risk=99: parameters.beta_risk: expected a number in [0, 50], got \"99\""});
  CHECK(errors_of({"horizon.end=2019-02-30"}) ==
        std::vector<std::string>{
            "--set horizon.end=2019-02-30: horizon.end: expected a date YYYY-MM-DD, got \"2019-02-30\""});
  CHECK(errors_of({"buyers[7].count=3"}) ==
        std::vector<std::string>{"--set buyers[7].count=3: buyers[7]: expected an index below 2, got 7"});
  CHECK(errors_of({"buyers[0].count=x"}) ==
        std::vector<std::string>{
            "--set buyers[0].count=x: buyers[0].count: expected a whole number in [1, 100000], got \"x\""});
  const auto typo = errors_of({"parameters.beta_rsk=3"});
  REQUIRE(typo.size() == 1);
  CHECK(typo[0].rfind("--set parameters.beta_rsk=3: parameters.beta_rsk: expected a parameter name (one of: ", 0) == 0);
  CHECK(typo[0].ends_with("did you mean \"beta_risk\"?"));
  CHECK(errors_of({"extends=other.yaml"}) ==
        std::vector<std::string>{"--set extends=other.yaml: extends: expected a scenario key (composition keys cannot "
                                 "be set), got \"extends\""});
  CHECK(errors_of({"description=[unclosed"}).size() == 1);
  // Several bad overrides are all reported.
  CHECK(errors_of({"parameters.beta_risk=-1", "seed=x"}).size() == 2);
}
