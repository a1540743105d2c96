#include <catch2/catch.hpp>

#include "report/report.h"
#include "sample_report.h"

namespace plan {

TEST_CASE("The terminal table has one row per candidate and marks the recommendation", "[report]") {
  CHECK(RenderReport(SampleReport(), ReportFormat::kTable) ==
        "name           kind         $/month  $/1M tok (in+out)  TTFT p50 (s)  TTFT p99 (s)  TP"
        "OT p50 (ms)  TPOT p99 (ms)  e2e p99 (s)  in SLO  SLO     GPUs  load  error\n"
        "-------------  -----------  -------  -----------------  ------------  ------------  --"
        "-----------  -------------  -----------  ------  ------  ----  ----  -----\n"
        "haiku *        api           $4,675              $5.33         0.400          1.20    "
        "       11.0           20.0         4.50   99.8%  met        -     -      -\n"
        "h100-vllm-fp8  self_hosted   $8,620              $9.83         0.250         0.900    "
        "       28.0           62.5         12.2   95.0%  failed     4     -      -\n"
        "\n"
        "* haiku is recommended: the cheapest candidate meeting the SLO, $3.20 for this workloa"
        "d ($4,675/month) (1 of 2 meet TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests)"
        "\n");
}

TEST_CASE("The terminal table prints warnings and no recommendation when none meets the SLO",
          "[report]") {
  Report report = SampleReport();
  report.candidates.resize(1);
  report.candidates[0].slo.met = false;
  report.warnings.clear();
  Recommend(&report);
  CHECK(RenderReport(report, ReportFormat::kTable) ==
        "name   kind  $/month  $/1M tok (in+out)  TTFT p50 (s)  TTFT p99 (s)  TPOT p50 (ms)  TP"
        "OT p99 (ms)  e2e p99 (s)  in SLO  SLO     GPUs  load  error\n"
        "-----  ----  -------  -----------------  ------------  ------------  -------------  --"
        "-----------  -----------  ------  ------  ----  ----  -----\n"
        "haiku  api    $4,675              $5.33         0.400          1.20           11.0    "
        "       20.0         4.50   99.8%  missed     -     -      -\n"
        "warning: no candidate meets the SLO (TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed req"
        "uests); nothing is recommended\n");
}

TEST_CASE("The load column is the offered rate over the roofline capacity", "[report]") {
  Report report = SampleReport();
  // 0.5 req/s offered against a capacity of 2 req/s; the API offer has no capacity ("-").
  report.candidates[1].load = {.arrival_span_s = 2000,
                               .offered_requests_per_s = 0.5,
                               .capacity_requests_per_s = 2,
                               .capacity_limit = "KV cache"};
  const std::string table = RenderReport(report, ReportFormat::kTable);
  CHECK(table.find("99.8%  met        -      -      -\n") != std::string::npos);
  CHECK(table.find("95.0%  failed     4  0.250      -\n") != std::string::npos);
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[1].load == report.candidates[1].load);
  CHECK(RenderReport(report, ReportFormat::kJson).find("\"utilization\": 0.25") !=
        std::string::npos);
}

TEST_CASE("The Markdown table escapes what GitHub would read as markup", "[report]") {
  CHECK(RenderReport(SampleReport(), ReportFormat::kMd) ==
        "| name | kind | \\$/month | \\$/1M tok (in+out) | TTFT p50 (s) | TTFT p99 (s) | TPOT p50"
        " (ms) | TPOT p99 (ms) | e2e p99 (s) | in SLO | SLO | GPUs | load | error |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | "
        "---: |\n"
        "| haiku \\* | api | \\$4,675 | \\$5.33 | 0.400 | 1.20 | 11.0 | 20.0 | 4.50 | 99.8% | met"
        " | - | - | - |\n"
        "| h100-vllm-fp8 | self_hosted | \\$8,620 | \\$9.83 | 0.250 | 0.900 | 28.0 | 62.5 | 12.2 "
        "| 95.0% | failed | 4 | - | - |\n"
        "\n"
        "\\* haiku is recommended: the cheapest candidate meeting the SLO, \\$3.20 for this workl"
        "oad (\\$4,675/month) (1 of 2 meet TTFT p99 <= 2 s, TPOT p99 <= 0.1 s, no failed requests"
        ")\n");

  Report report = SampleReport();
  report.candidates.resize(1);
  report.candidates[0].name = "a|b";
  report.recommendation.clear();
  report.warnings = {"x"};
  const std::string md = RenderReport(report, ReportFormat::kMd);
  CHECK(md.find("| a\\|b | api |") != std::string::npos);
  const std::string tail = " |\n\n- **warning:** x\n";  // a blank line ends the table
  CHECK(md.substr(md.size() - tail.size()) == tail);
}

TEST_CASE("CSV has dotted column names, one row per candidate and RFC 4180 quoting", "[report]") {
  CHECK(RenderReport(SampleReport(), ReportFormat::kCsv) ==
        "name,kind,requests.total,requests.completed,requests.failed,latency.ttft_s.mean,latency."
        "ttft_s.p50,latency.ttft_s.p90,latency.ttft_s.p99,latency.ttft_s.max,latency.tpot_s.mean,"
        "latency.tpot_s.p50,latency.tpot_s.p90,latency.tpot_s.p99,latency.tpot_s.max,latency.e2e_"
        "s.mean,latency.e2e_s.p50,latency.e2e_s.p90,latency.e2e_s.p99,latency.e2e_s.max,latency.q"
        "ueue_s.mean,latency.queue_s.p50,latency.queue_s.p90,latency.queue_s.p99,latency.queue_s."
        "max,throughput.requests_per_s,throughput.input_tokens_per_s,throughput.output_tokens_per"
        "_s,slo.attainment,slo.goodput_requests_per_s,slo.met,cost.total_usd,cost.usd_per_hour,co"
        "st.usd_per_month,cost.usd_per_million_tokens,cost.usd_per_request,cost.energy_kwh,resour"
        "ces.gpus,resources.replicas,resources.gpu_utilization,resources.kv_cache_peak_fraction,r"
        "esources.preemptions,resources.prefix_cache_hit_fraction,load.arrival_span_s,load.backlo"
        "g,load.drain_s,load.overloaded,load.offered_requests_per_s,load.capacity_requests_per_s,"
        "load.capacity_limit,load.utilization,headroom.offered_requests_per_s,headroom.meets_requ"
        "ests_per_s,headroom.misses_requests_per_s,interruptions.count,interruptions.requests_res"
        "tarted,interruptions.recomputed_prefill_tokens,interruptions.recomputed_decode_tokens,in"
        "terruptions.recomputed_cost_usd,lora.adapters,lora.loads,lora.disk_loads,fidelity.basis,"
        "fidelity.error_pct,fidelity.bounds.total_usd.low,fidelity.bounds.total_usd.high,fidelity"
        ".bounds.usd_per_month.low,fidelity.bounds.usd_per_month.high,fidelity.bounds.usd_per_mil"
        "lion_tokens.low,fidelity.bounds.usd_per_million_tokens.high,fidelity.bounds.output_token"
        "s_per_s.low,fidelity.bounds.output_tokens_per_s.high,fidelity.bounds.ttft_p50_s.low,fide"
        "lity.bounds.ttft_p50_s.high,fidelity.bounds.ttft_p99_s.low,fidelity.bounds.ttft_p99_s.hi"
        "gh,fidelity.bounds.tpot_p50_s.low,fidelity.bounds.tpot_p50_s.high,fidelity.bounds.tpot_p"
        "99_s.low,fidelity.bounds.tpot_p99_s.high,fidelity.bounds.e2e_p50_s.low,fidelity.bounds.e"
        "2e_p50_s.high,fidelity.bounds.e2e_p99_s.low,fidelity.bounds.e2e_p99_s.high,fidelity.boun"
        "ds.slo_attainment.low,fidelity.bounds.slo_attainment.high,fidelity.bounds.slo_met_fast,f"
        "idelity.bounds.slo_met_slow,excluded,recommended\r\n"
        "haiku,api,1000,1000,0,0.45,0.4,0.7,1.2,2.5,0.012,0.011,0.015,0.02,0.05,2.1,2.0,3.1,4.5,9"
        ".0,0.0,0.0,0.0,0.0,0.0,0.5,500.0,100.0,0.998,0.499,true,3.2,6.4,4675.2,5.333333333333334"
        ",0.0032,0.0,0,0,0.0,0.0,0,0.0,0.0,0,0.0,false,0.0,0.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
        ",,,,,,true\r\n"
        "h100-vllm-fp8,self_hosted,1000,990,10,0.3,0.25,0.5,0.9,1.4,0.03,0.028,0.04,0.0625,0.09,6"
        ".0,5.5,8.0,12.25,20.0,0.01,0.0,0.02,0.1,0.3,0.495,495.0,99.0,0.95,0.475,false,5.9,11.8,8"
        "619.9,9.833333333333334,0.00595959595959596,0.91,4,2,0.5,0.8125,3,0.0,0.0,0,0.0,false,0."
        "0,0.0,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,false\r\n");

  Report report = SampleReport();
  report.candidates.resize(1);
  report.candidates[0].name = "gpt, \"mini\"";
  const std::string csv = RenderReport(report, ReportFormat::kCsv);
  CHECK(csv.find("\r\n\"gpt, \"\"mini\"\"\",api,1000,") != std::string::npos);
}

TEST_CASE("JSON keeps the contract's key order", "[report]") {
  const std::string json = RenderReport(SampleReport(), ReportFormat::kJson);
  const std::string head =
      "{\n"
      "  \"schema\": \"plan.report/v1\",\n"
      "  \"plan_version\": \"0.1.0\",\n"
      "  \"scenario\": \"support-chatbot\",\n"
      "  \"seed\": 42,\n"
      "  \"slo\": {\n"
      "    \"ttft_p99_s\": 2.0,\n"
      "    \"tpot_p99_s\": 0.1\n"
      "  },\n";
  CHECK(json.substr(0, head.size()) == head);
  std::vector<size_t> at;
  for (const char* key :
       {"\"name\"", "\"kind\"", "\"requests\"", "\"latency\"", "\"throughput\"",
        "\"slo\": {\n        \"attainment\"", "\"cost\"", "\"resources\"", "\"assumptions\"",
        "\"notes\"", "\"recommendation\": \"haiku\"", "\"warnings\": []"}) {
    at.push_back(json.find(key));
    INFO(key);
    CHECK(at.back() != std::string::npos);
  }
  CHECK(std::is_sorted(at.begin(), at.end()));
  CHECK(json.back() == '\n');
}

TEST_CASE("Report formats parse by name and suggest the nearest", "[report]") {
  CHECK(ParseReportFormat("md").value() == ReportFormat::kMd);
  CHECK(ParseReportFormat("table").value() == ReportFormat::kTable);
  auto bad = ParseReportFormat("jsn");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::kInvalidInput);
  CHECK(bad.status().message() == "unknown report format 'jsn'; did you mean 'json'?");
}

}  // namespace plan
