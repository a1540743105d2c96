#include <catch2/catch.hpp>

#include "probe/json_locate.h"
#include "probe/probe_json.h"

namespace plan {
namespace {

ProbeResult Sample() {
  ProbeResult p;
  p.plan_version = "0.1.0";
  p.date = "2026-12-01T09:30:00Z";
  p.url = "http://gpu-box:8000/v1/chat/completions";
  p.endpoint = "chat";
  p.model = "m";
  p.settings.concurrency = {1, 4};
  p.settings.requests_per_level = 2;
  p.settings.prompt_tokens = "uniform:10:20";
  p.levels.resize(2);
  p.levels[0].concurrency = 1;
  p.levels[0].wall_s = 1.5;
  p.levels[1].concurrency = 4;
  p.levels[1].wall_s = 0.5;
  ProbeRow ok;
  ok.ok = true;
  ok.status = 200;
  ok.input_tokens = 12;
  ok.output_tokens = 3;
  ok.ttft_s = 0.05;
  ok.tpot_s = 0.011;
  ok.e2e_s = 0.072;
  ok.itl_s = {0.01, 0.012};
  ProbeRow failed;
  failed.level = 1;
  failed.status = 500;
  failed.error = "HTTP 500: boom";
  p.rows = {ok, failed};
  for (int i = 0; i < 2; ++i) SummarizeLevel(p.rows, i, p.levels[i].wall_s, &p.levels[i]);
  return p;
}

}  // namespace

TEST_CASE("A probe file reads back to what was written", "[probe]") {
  const ProbeResult p = Sample();
  const std::string text = WriteProbeJson(p);
  Result<ProbeResult> back = ReadProbeJson(text, "p.json");
  REQUIRE(back.ok());
  CHECK(WriteProbeJson(*back).substr(0, 200) == text.substr(0, 200));
  REQUIRE(back->rows.size() == 2);
  CHECK(back->rows[0].itl_s == std::vector<double>{0.01, 0.012});
  CHECK(back->rows[1].error == "HTTP 500: boom");
  CHECK(back->levels[0].ttft_s.mean == 0.05);       // re-derived from the rows
  CHECK(back->levels[0].output_tokens_per_s == 2);  // 3 tokens / 1.5 s
  CHECK(back->levels[1].failed == 1);
  // One line per row.
  CHECK(text.find("\n    {\"level\":0,\"index\":0,\"start_s\":0.0,\"status\":200,\"ok\":true,") !=
        std::string::npos);
}

TEST_CASE("A bad probe file is reported at path:line:col", "[probe]") {
  std::string text = WriteProbeJson(Sample());
  SECTION("not JSON") {
    CHECK(ReadProbeJson("{\n  \"schema\": plan\n}", "p.json").status().message() ==
          "p.json:2:13: not valid JSON: syntax error while parsing value - invalid literal; last "
          "read: '\"schema\": p'");
  }
  SECTION("a wrong type inside a row") {
    const std::string from = "\"ttft_s\":0.05,";
    text.replace(text.find(from), from.size(), "\"ttft_s\":\"fast\",");
    Result<ProbeResult> r = ReadProbeJson(text, "p.json");
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidInput);
    // Rows start on line 118 (the header and two pretty-printed levels come first); the
    // first row's "ttft_s" value is its 188th character.
    const std::string row =
        R"(    {"level":0,"index":0,"start_s":0.0,"status":200,"ok":true,"error":"",)"
        R"("prompt_tokens_requested":0,"input_tokens":12,"output_tokens":3,"usage_reported":false,)"
        R"("output_chunks":0,"ttft_s":"fast","tpot_s":0.011,"e2e_s":0.072,"itl_s":[0.01,0.012],)"
        R"("retries":0,"retry_wait_s":0.0,"malformed_lines":0},)";
    CHECK(row.find("\"fast\"") == 187);
    CHECK(r.status().message() ==
          "p.json:119:188: 'ttft_s' must be a non-negative number, not \"fast\"\n  " + row +
              "\n  " + std::string(187, ' ') + "^");
  }
  SECTION("another schema") {
    text.replace(text.find("plan.probe/v1"), 13, "plan.probe/v9");
    CHECK(ReadProbeJson(text, "p.json").status().message() ==
          "p.json:2:13: unsupported schema 'plan.probe/v9' (this plan reads plan.probe/v1)\n"
          "    \"schema\": \"plan.probe/v9\",\n"
          "              ^");
  }
}

TEST_CASE("JSON pointers locate values by line and column", "[probe]") {
  const std::string text = "{\n  \"a\": [1, {\"b\": \"x\\\"y\"}, 3],\n  \"c\": {}\n}";
  CHECK(LocateJsonPointer(text, "f", "/a").ToString() == "f:2:8");
  CHECK(LocateJsonPointer(text, "f", "/a/1/b").ToString() == "f:2:18");
  CHECK(LocateJsonPointer(text, "f", "/a/2").ToString() == "f:2:27");
  CHECK(LocateJsonPointer(text, "f", "/c").ToString() == "f:3:8");
  CHECK(LocateJsonPointer(text, "f", "/c/missing").ToString() == "f:3:8");  // the deepest found
  CHECK(LocateJsonPointer(text, "f", "").ToString() == "f:1:1");
}

}  // namespace plan
