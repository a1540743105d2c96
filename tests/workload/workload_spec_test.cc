#include <catch2/catch.hpp>

#include "util/toml_reader.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

struct Parsed {
  WorkloadSpec spec;
  std::string errors;  // Diagnostics::Render(), "" when clean
};

Parsed Parse(const std::string& text, const std::string& base_dir = "/scen") {
  Parsed out;
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, "s.toml", &diag);
  REQUIRE(doc);
  const toml::table* workload = (*doc)["workload"].as_table();
  REQUIRE(workload);
  TomlTable t(*workload, "s.toml", &diag, "[workload]");
  out.spec = ParseWorkloadSpec(t, base_dir);
  out.errors = diag.Render();
  return out;
}

}  // namespace

TEST_CASE("a trace workload resolves its path against the scenario's folder", "[workload]") {
  Parsed p = Parse(
      "[workload]\n"
      "trace = \"traces/azure_conv_2023.csv\"\n"
      "format = \"azure\"\n"
      "rate_scale = 2.0\n"
      "max_requests = 1000\n");
  REQUIRE(p.errors == "");
  CHECK(p.spec.trace_path == "/scen/traces/azure_conv_2023.csv");
  CHECK(p.spec.format == "azure");
  CHECK(p.spec.rate_scale == 2.0);
  CHECK(p.spec.max_requests == 1000);
  CHECK_FALSE(p.spec.generated());
  CHECK(p.spec.trace_loc.ToString() == "s.toml:2:9");
  CHECK(Parse("[workload]\ntrace = \"/abs/t.csv\"\n").spec.trace_path == "/abs/t.csv");
}

TEST_CASE("generic columns are read from an inline table", "[workload]") {
  Parsed p = Parse(
      "[workload]\n"
      "trace = \"t.jsonl\"\n"
      "columns = { time = \"ts\", time_unit = \"ms\", input = \"in\", output = \"out\", "
      "session = \"conv\", prefix_hashes = \"blocks\", prefix_block_tokens = 16 }\n");
  REQUIRE(p.errors == "");
  CHECK(p.spec.has_columns);
  CHECK(p.spec.columns.time == "ts");
  CHECK(p.spec.columns.time_unit == "ms");
  CHECK(p.spec.columns.input == "in");
  CHECK(p.spec.columns.output == "out");
  CHECK(p.spec.columns.session == "conv");
  CHECK(p.spec.columns.prefix_hashes == "blocks");
  CHECK(p.spec.columns.prefix_block_tokens == 16);
}

TEST_CASE("the generator table from DESIGN.md parses", "[workload]") {
  Parsed p = Parse(
      "[workload.generator]\n"
      "arrival = \"poisson\"\n"
      "rate_per_s = 20\n"
      "requests = 10000\n"
      "input_tokens  = { dist = \"lognormal\", median = 1000, sigma = 0.8 }\n"
      "output_tokens = { dist = \"fixed\", value = 200 }\n");
  REQUIRE(p.errors == "");
  const GeneratorSpec& g = p.spec.generator;
  CHECK(p.spec.generated());
  CHECK(g.arrival == ArrivalKind::kPoisson);
  CHECK(g.rate_per_s == 20);
  CHECK(g.requests == 10000);
  CHECK(g.input_tokens.kind == LengthKind::kLogNormal);
  CHECK(g.input_tokens.median == 1000);
  CHECK(g.input_tokens.sigma == 0.8);
  CHECK(g.output_tokens.kind == LengthKind::kFixed);
  CHECK(g.output_tokens.value == 200);
  CHECK(g.loc.ToString() == "s.toml:1:1");
}

TEST_CASE("generator variants: gamma, diurnal, lognormal by mean, empirical", "[workload]") {
  Parsed p = Parse(
      "[workload.generator]\n"
      "arrival = \"diurnal\"\n"
      "rate_per_s = 5\n"
      "peak_to_trough = 4\n"
      "period_s = 3600\n"
      "duration_s = 7200\n"
      "input_tokens = { dist = \"empirical\", trace = \"a.csv\" }\n"
      "output_tokens = { dist = \"lognormal\", mean = 300, sigma = 1.0, max = 4096 }\n");
  REQUIRE(p.errors == "");
  const GeneratorSpec& g = p.spec.generator;
  CHECK(g.arrival == ArrivalKind::kDiurnal);
  CHECK(g.peak_to_trough == 4);
  CHECK(g.period_s == 3600);
  CHECK(g.duration_s == 7200);
  CHECK(g.requests == 0);
  CHECK(g.input_tokens.kind == LengthKind::kEmpirical);
  CHECK(g.input_tokens.trace_path == "/scen/a.csv");
  CHECK(g.input_tokens.column == "input");
  // median = mean / exp(sigma^2 / 2) = 300 / e^0.5 = 181.959...
  CHECK(g.output_tokens.median == Approx(181.9591979).epsilon(1e-9));
  CHECK(g.output_tokens.max == 4096);
  Parsed gamma = Parse(
      "[workload.generator]\narrival = \"gamma\"\nrate_per_s = 2\nburstiness = 3\nrequests = 5\n"
      "input_tokens = { dist = \"uniform\", min = 10, max = 20 }\n"
      "output_tokens = { dist = \"normal\", mean = 100, stddev = 30 }\n");
  REQUIRE(gamma.errors == "");
  CHECK(gamma.spec.generator.burstiness == 3);
  CHECK(gamma.spec.generator.input_tokens.min == 10);
  CHECK(gamma.spec.generator.output_tokens.stddev == 30);
}

TEST_CASE("workload errors are all reported with path:line:col", "[workload]") {
  Parsed p = Parse(
      "[workload]\n"
      "trace = \"t.csv\"\n"
      "format = \"azur\"\n"
      "rate_scale = 0\n"
      "speed = 2\n");
  CHECK(p.errors ==
        "s.toml:3:10: 'format' in [workload]: unknown value 'azur'; did you mean 'azure'?\n"
        "  format = \"azur\"\n"
        "           ^\n"
        "s.toml:4:14: 'rate_scale' in [workload] must be > 0, not 0\n"
        "  rate_scale = 0\n"
        "               ^\n"
        "s.toml:5:1: unknown key 'speed' in [workload]\n"
        "  speed = 2\n"
        "  ^");
  CHECK(Parse("[workload]\nrate_scale = 1\n").errors ==
        "s.toml:1:1: [workload] needs 'trace' or a [workload.generator] table\n"
        "  [workload]\n"
        "  ^\n"
        "s.toml:2:14: 'rate_scale' in [workload] applies only to a trace\n"
        "  rate_scale = 1\n"
        "               ^");
  CHECK(Parse("[workload]\ntrace = \"t.csv\"\nformat = \"azure\"\ncolumns = { time = \"t\" }\n")
            .errors ==
        "s.toml:4:11: 'columns' in [workload] applies only to format = 'csv' or 'jsonl', not "
        "'azure'\n"
        "  columns = { time = \"t\" }\n"
        "            ^");
}

TEST_CASE("generator errors: missing, inapplicable and misspelt keys", "[workload]") {
  Parsed p = Parse(
      "[workload.generator]\n"
      "arrival = \"offline\"\n"
      "rate_per_s = 20\n"
      "duration_s = 60\n"
      "input_tokens = { dist = \"lognormal\", median = 1000, sigma = 0.8, value = 3 }\n"
      "output_tokens = { dist = \"fixd\", value = 200 }\n");
  CHECK(p.errors ==
        "s.toml:3:14: 'rate_per_s' in [workload.generator] does not apply to arrival = 'offline'\n"
        "  rate_per_s = 20\n"
        "               ^\n"
        "s.toml:4:14: offline requests all arrive at t = 0; give 'requests', not 'duration_s'\n"
        "  duration_s = 60\n"
        "               ^\n"
        "s.toml:5:74: 'value' in input_tokens in [workload.generator] does not apply to dist = "
        "'lognormal'\n"
        "  input_tokens = { dist = \"lognormal\", median = 1000, sigma = 0.8, value = 3 }\n"
        "                                                                           ^\n"
        "s.toml:6:26: 'dist' in output_tokens in [workload.generator]: unknown value 'fixd'; did "
        "you mean 'fixed'?\n"
        "  output_tokens = { dist = \"fixd\", value = 200 }\n"
        "                           ^");
  CHECK(Parse("[workload.generator]\narrival = \"gamma\"\nrate_per_s = 1\nrequests = 3\nduration_s "
              "= 4\n"
              "input_tokens = { dist = \"uniform\", min = 10, max = 5 }\n")
            .errors ==
        "s.toml:1:1: [workload.generator] is missing required key 'burstiness'\n"
        "  [workload.generator]\n"
        "  ^\n"
        "s.toml:5:14: [workload.generator] takes 'requests' or 'duration_s', not both\n"
        "  duration_s = 4\n"
        "               ^\n"
        "s.toml:6:52: 'max' in input_tokens in [workload.generator] must be >= 'min' (10), not 5\n"
        "  input_tokens = { dist = \"uniform\", min = 10, max = 5 }\n"
        "                                                     ^\n"
        "s.toml:1:1: [workload.generator] is missing required key 'output_tokens'\n"
        "  [workload.generator]\n"
        "  ^");
}

TEST_CASE("a misspelt dist or arrival is reported alone, not checked as a guess", "[workload]") {
  CHECK(Parse("[workload.generator]\narrival = \"poison\"\nburstiness = 2\nrequests = 3\n"
              "input_tokens = { dist = \"lognorml\", median = 5, sigma = 1 }\n"
              "output_tokens = { dist = \"fixed\", value = 1 }\n")
            .errors ==
        "s.toml:2:11: 'arrival' in [workload.generator]: unknown value 'poison'; did you mean "
        "'poisson'?\n"
        "  arrival = \"poison\"\n"
        "            ^\n"
        "s.toml:5:25: 'dist' in input_tokens in [workload.generator]: unknown value 'lognorml'; "
        "did you "
        "mean 'lognormal'?\n"
        "  input_tokens = { dist = \"lognorml\", median = 5, sigma = 1 }\n"
        "                          ^");
}

}  // namespace plan
