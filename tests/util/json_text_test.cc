// Untrusted JSON: every failure is a path:line:col error value, never an exception that
// aborts plan or a recursion that overflows the stack.
#include <catch2/catch.hpp>

#include "catalog/litellm_import.h"
#include "probe/openai_stream.h"
#include "probe/probe_json.h"
#include "report/report.h"
#include "util/json_text.h"

namespace plan {

using nlohmann::json;

namespace {

std::string ParseError(const std::string& text) {
  Result<json> j = ParseJson(text, "x.json");
  REQUIRE_FALSE(j.ok());
  CHECK(j.status().code() == StatusCode::kInvalidInput);
  return j.status().message();
}

// `depth` nested arrays around nothing, built without recursion.
std::string DeepArrays(size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("A number beyond a double is an error at its position", "[util]") {
  // nlohmann throws out_of_range (406) for it, which aborted plan report and plan calibrate.
  CHECK(ParseError("{\n  \"seed\": 1e400}") ==
        "x.json:2:11: not valid JSON: number '1e400' is beyond the range of a double");
  CHECK(ParseError("[-2" + std::string(400, '0') + "]")
            .rfind("x.json:1:2: not valid JSON: number '-2000000000", 0) == 0);
  // Tiny numbers round to zero, as the JSON text promises nothing more.
  CHECK(ParseJson("[1e-400, 1e308]", "x.json").ok());
}

TEST_CASE("Nesting deeper than 128 levels is refused before parsing", "[util]") {
  CHECK(ParseJson(DeepArrays(128), "x.json").ok());
  CHECK(ParseError(DeepArrays(129)) ==
        "x.json:1:129: not valid JSON: nested deeper than 128 levels");
  CHECK(ParseError(DeepArrays(100000)) ==
        "x.json:1:129: not valid JSON: nested deeper than 128 levels");
  // Brackets inside strings do not count.
  CHECK(ParseJson("{\"a\": \"" + std::string(1000, '[') + "\"}", "x.json").ok());
}

TEST_CASE("Syntax errors and invalid UTF-8 keep the library's reason", "[util]") {
  CHECK(ParseError("{\"a\": tru}") ==
        "x.json:1:10: not valid JSON: syntax error while parsing value - invalid literal; last "
        "read: '\"a\": tru}'");
  CHECK(ParseError("[\"\xFF\"]")
            .rfind("x.json:1:3: not valid JSON: syntax error while parsing "
                   "value - invalid string: ill-formed UTF-8 byte",
                   0) == 0);
  CHECK(ParseError("").rfind("x.json:1:1: not valid JSON: syntax error while parsing value", 0) ==
        0);
}

TEST_CASE("JsonExcerpt quotes a bounded prefix without recursing", "[util]") {
  CHECK(JsonExcerpt(json::parse(R"({"a":[1,"x",null],"b":{}})")) == R"({"a":[1,"x",null],"b":{}})");
  CHECK(JsonExcerpt(json::parse(R"("a long string value")"), 10) == "\"a long st...");
  // A million levels: dump() would overflow the stack; the excerpt stops at its bound.
  json deep = json::array();
  for (int i = 0; i < 1'000'000; ++i) deep = json::array({std::move(deep)});
  CHECK(JsonExcerpt(deep, 12) == "[[[[[[[[[[[[...");
}

TEST_CASE("A server's deeply nested error event is malformed data, not a crash", "[probe]") {
  // A server streaming data: {"error":[[[[... crashed plan probe (dump() overflowed the stack).
  SseEvent e;
  e.data = "{\"error\":" + DeepArrays(100000) + "}";
  CompletionStream stream;
  CHECK(stream.OnEvent(e) == CompletionStream::Kind::kMalformed);
  CHECK_FALSE(ErrorMessageOf(e.data).has_value());
  // Shallow enough to parse: the error value is quoted as a bounded excerpt.
  e.data = "{\"error\":" + DeepArrays(100) + "}";
  CHECK(stream.OnEvent(e) == CompletionStream::Kind::kError);
  CHECK(*stream.error() == DeepArrays(100));
  e.data = "{\"error\":[\"" + std::string(1000, 'x') + "\"]}";
  CHECK(stream.OnEvent(e) == CompletionStream::Kind::kError);
  CHECK(*stream.error() == "[\"" + std::string(298, 'x') + "...");
}

TEST_CASE("Report and probe readers refuse counts that would wrap", "[report]") {
  const std::string base = R"({"schema": "plan.report/v1", "plan_version": "0", "scenario": "s",
"seed": 18446744073709551615, "candidates": [], "recommendation": null})";
  Result<Report> r = ReadReportJson(base, "r.json");
  REQUIRE(r.ok());
  CHECK(r->seed == 18446744073709551615u);
  std::string bad = base;
  bad.replace(bad.find("18446744073709551615"), 20, "18446744073709551616");
  // 2^64 parses as a double; it is refused, not wrapped to 0.
  CHECK(ReadReportJson(bad, "r.json").status().message() ==
        "r.json: /seed: expected a non-negative integer, got 1.8446744073709552e+19");
}

TEST_CASE("A probe file with 1e400 is an error, not an abort", "[probe]") {
  Result<ProbeResult> p = ReadProbeJson("{\"schema\": \"plan.probe/v1\", \"x\": 1e400}", "p.json");
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().message() ==
        "p.json:1:34: not valid JSON: number '1e400' is beyond the range of a double");
}

TEST_CASE("LiteLLM fields of the wrong type are skipped or reported, never thrown", "[providers]") {
  // json::value("last_updated", "") threw type_error on a number.
  Result<LitellmImportResult> r = ImportLitellm(R"({"last_updated": 20250101})", "l.json", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "l.json: no 'last_updated' date at the top level; each entry's `checked` date comes from "
        "it");
  r = ImportLitellm(R"({"last_updated": "2025-01-01",
  "a": {"mode": 7, "litellm_provider": ["x"]},
  "b\u0001\"": {"mode": "chat", "litellm_provider": "openai", "input_cost_per_token": 1e-6,
        "output_cost_per_token": 2e-6, "max_input_tokens": 1e300,
        "input_cost_per_token_above_99999999999999999999k_tokens": 1}})",
                    "l.json", {});
  REQUIRE(r.ok());
  CHECK(r->offers == 1);
  // The control character is escaped, the absurd token limit and tier left out.
  CHECK(r->toml.find("id = \"openai/b\\u0001\\\"\"") != std::string::npos);
  CHECK(r->toml.find("max_input_tokens") == std::string::npos);
  CHECK(r->toml.find("long_context") == std::string::npos);
}

}  // namespace plan
