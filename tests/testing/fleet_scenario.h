// A scenario the break-even suites share (tests/decide and tests/cli): a constant 1 request/s
// of fixed 100-token prompts and 10-token answers, a loose SLO, and one candidate, "fleet": one
// H100 at $2 per GPU-hour ($1,461 a month), which meets the SLO at every volume they sweep.
#pragma once

namespace plan::test {

constexpr const char* kFleetScenario = R"(
name = "api-vs-fleet"
seed = 7

[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = 200
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }

[slo]
ttft_p99_s = 10.0

[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
price_usd_per_gpu_hour = 2.0
)";

}  // namespace plan::test
