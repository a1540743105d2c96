// A filled-in two-candidate report shared by the report tests (made-up figures).
#pragma once

#include "report/report.h"

namespace plan {

inline Report SampleReport() {
  Report report;
  report.plan_version = "0.1.0";  // pinned so rendered text does not move with the release
  report.scenario = "support-chatbot";
  report.seed = 42;
  report.slo.ttft_p99_s = 2.0;
  report.slo.tpot_p99_s = 0.1;

  CandidateRow api;
  api.name = "haiku";
  api.kind = "api";
  api.requests = {1000, 1000, 0};
  api.latency.ttft_s = {0.45, 0.4, 0.7, 1.2, 2.5};
  api.latency.tpot_s = {0.012, 0.011, 0.015, 0.02, 0.05};
  api.latency.e2e_s = {2.1, 2.0, 3.1, 4.5, 9.0};
  api.throughput = {0.5, 500, 100};
  api.slo = {0.998, 0.499, true};
  api.cost = {3.2, 6.4, 4675.2, 5.3333333333333339, 0.0032, 0};
  api.assumptions = {"1000 requests priced per request by anthropic/claude-haiku-4-5"};

  CandidateRow fleet;
  fleet.name = "h100-vllm-fp8";
  fleet.kind = "self_hosted";
  fleet.requests = {1000, 990, 10};
  fleet.latency.ttft_s = {0.3, 0.25, 0.5, 0.9, 1.4};
  fleet.latency.tpot_s = {0.03, 0.028, 0.04, 0.0625, 0.09};
  fleet.latency.e2e_s = {6.0, 5.5, 8.0, 12.25, 20.0};
  fleet.latency.queue_s = {0.01, 0.0, 0.02, 0.1, 0.3};
  fleet.throughput = {0.495, 495, 99};
  fleet.slo = {0.95, 0.475, false};
  fleet.cost = {5.9, 11.8, 8619.9, 9.8333333333333339, 0.0059595959595959596, 0.91};
  fleet.resources = {4, 2, 0.5, 0.8125, 3};
  fleet.assumptions = {"4 x h100-sxm on_demand at $2.95/GPU-h", "energy: 30% of TDP idle"};
  fleet.notes = {"10 requests failed: KV cache exhausted"};

  report.candidates = {api, fleet};
  Recommend(&report);
  return report;
}

}  // namespace plan
