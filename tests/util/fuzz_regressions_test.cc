// Every input the fuzzers (tests/fuzz/) crashed plan with, kept as a fixture under
// tests/fuzz/regressions/HARNESS/ and run through the entry point that harness calls, with the
// error plan now reports pinned. scripts/fuzz.sh also runs them first, as seeds, in the fuzz
// build (assertions on); here they run in the test suite's own builds.
#include <catch2/catch.hpp>

#include <functional>
#include <string>

#include "scenario/scenario.h"
#include "util/files.h"

namespace plan {
namespace {

const Catalog& EmbeddedCatalog() {
  static const Catalog catalog = [] {
    Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources()});
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return catalog;
}

// The fixture's text, named as the tests read it.
std::string Fixture(const std::string& name) {
  Result<std::string> text =
      ReadFile(std::string(PLAN_SOURCE_DIR) + "/tests/fuzz/regressions/" + name);
  REQUIRE(text.ok());
  return *text;
}

std::string CatalogError(const std::string& name) {
  Result<Catalog> c = LoadCatalog({{{name, Fixture(name)}}});
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kInvalidInput);
  return c.status().message();
}

std::string ScenarioError(const std::string& name) {
  Result<Scenario> s = ParseScenario(Fixture(name), name, EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("fuzz_scenario: a '}' inside an array reached a toml++ assertion", "[fuzz]") {
  // parse_value() asserted !is_value_terminator(*cp) (parser.inl:2549) on "a = [ }".
  CHECK(ScenarioError("fuzz_scenario/array-closed-by-brace.toml") ==
        "fuzz_scenario/array-closed-by-brace.toml:22:13: TOML syntax error: '}' closes no '{': an "
        "array is open here\n"
        "              }]\n"
        "              ^");
}

TEST_CASE("fuzz_catalog: a date-time with no hour after 'T' reached a toml++ assertion", "[fuzz]") {
  // parse_time() asserted is_decimal_digit(*cp) (parser.inl:2345) after "1979-05-27T".
  CHECK(CatalogError("fuzz_catalog/date-time-without-hour.toml") ==
        "fuzz_catalog/date-time-without-hour.toml:2:17: TOML syntax error: a date-time needs the "
        "hour right after its 'T'\n"
        "  id = 1979-05-27T:32:00Z\"llama-2-7b\"\n"
        "                  ^");
}

}  // namespace plan
