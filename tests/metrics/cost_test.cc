#include <catch2/catch.hpp>

#include "metrics/cost.h"

namespace plan {
namespace {

// Test data, not catalog facts.
GpuSpec TestGpu() {
  GpuSpec gpu;
  gpu.id = "h100-sxm";
  gpu.tdp_w = 700;
  gpu.price.on_demand_usd_per_hour = 2.95;
  gpu.price.reserved_1y_usd_per_hour = 2.10;
  gpu.price.seller = "Nebius";
  gpu.price.source = "https://example.com/prices";
  return gpu;
}

// Products of decimal prices are rounded in the last bit.
constexpr double kRounding = 1e-12;

}  // namespace

TEST_CASE("A fleet pays for every GPU-hour of the span, idle time included", "[metrics]") {
  const GpuSpec gpu = TestGpu();
  CostUsage usage;
  usage.span_s = 1800;
  usage.completed_requests = 1000;
  usage.tokens = 600000;
  FleetCostInput fleet;
  fleet.gpu = &gpu;
  fleet.gpus = 4;
  fleet.gpu_utilization = 0.5;

  auto cost = PriceCandidate(usage, {fleet});
  REQUIRE(cost.ok());
  CHECK(cost->total_usd == Approx(5.90).epsilon(kRounding));         // 4 x $2.95/h x 0.5 h
  CHECK(cost->usd_per_hour == Approx(11.80).epsilon(kRounding));     // 4 x $2.95
  CHECK(cost->usd_per_month == Approx(8619.90).epsilon(kRounding));  // 4 x 2.95 x 730.5 h
  CHECK(cost->usd_per_million_tokens ==
        Approx(9.8333333333333333).epsilon(kRounding));               // 5.90 / 0.6
  CHECK(cost->usd_per_request == Approx(0.0059).epsilon(kRounding));  // 5.90 / 1000
  // 4 GPUs x 700 W x (0.3 + 0.7 x 0.5) x 0.5 h / 1000 = 0.91 kWh
  CHECK(cost->energy_kwh == Approx(0.91).epsilon(kRounding));
  CHECK(cost->assumptions ==
        std::vector<std::string>{
            "4 x h100-sxm on_demand at $2.95/GPU-h from Nebius (https://example.com/prices)",
            "the fleet is paid for the whole 1800 s span, idle time included; $/month = $11.80/h x "
            "730.5 h (running all month)",
            "energy: 700 W per GPU busy (TDP), 210 W idle (30% of TDP, an assumption), linear in "
            "utilization 0.500"});
}

TEST_CASE("API charges are summed and extrapolated to a month at the trace's rate", "[metrics]") {
  CostUsage usage;
  usage.span_s = 3600;
  usage.completed_requests = 500;
  usage.tokens = 1000000;
  usage.request_cost_usd = 12.5;
  usage.priced_requests = 500;
  usage.request_pricing = "anthropic/claude-haiku-4-5";

  auto cost = PriceCandidate(usage, {});
  REQUIRE(cost.ok());
  CHECK(cost->total_usd == 12.5);
  CHECK(cost->usd_per_hour == 12.5);                                 // $12.5 over one hour
  CHECK(cost->usd_per_month == Approx(9131.25).epsilon(kRounding));  // 12.5 / 3600 s x 2,629,800 s
  CHECK(cost->usd_per_million_tokens == 12.5);                       // 12.5 / 1e6 tokens x 1e6
  CHECK(cost->usd_per_request == 0.025);                             // 12.5 / 500
  CHECK(cost->energy_kwh == 0.0);
  CHECK(cost->assumptions ==
        std::vector<std::string>{
            "500 requests priced per request by anthropic/claude-haiku-4-5: $12.50 over the 3600 s "
            "span; $/month keeps the trace's rate for 730.5 h; the provider's energy is not "
            "counted"});
}

TEST_CASE("A hybrid adds its fleet and its per-request charges", "[metrics]") {
  const GpuSpec gpu = TestGpu();
  CostUsage usage;
  usage.span_s = 3600;
  usage.completed_requests = 100;
  usage.tokens = 200000;
  usage.request_cost_usd = 2.0;
  usage.priced_requests = 20;
  FleetCostInput fleet;
  fleet.gpu = &gpu;
  fleet.pricing = PriceModel::kReserved1y;
  fleet.gpus = 2;

  auto cost = PriceCandidate(usage, {fleet});
  REQUIRE(cost.ok());
  CHECK(cost->total_usd == Approx(6.2).epsilon(kRounding));  // 2 x 2.10 x 1 h + 2.0
  CHECK(cost->usd_per_hour == Approx(6.2).epsilon(kRounding));
  CHECK(cost->usd_per_month == Approx(4529.1).epsilon(kRounding));         // 6.2 x 730.5 h
  CHECK(cost->usd_per_million_tokens == Approx(31.0).epsilon(kRounding));  // 6.2 / 0.2
  CHECK(cost->usd_per_request == Approx(0.062).epsilon(kRounding));
  CHECK(cost->energy_kwh == Approx(0.42).epsilon(kRounding));  // 2 x 700 W x 0.3 x 1 h / 1000
  CHECK(cost->assumptions.size() == 4);
}

TEST_CASE("A GPU without a price under the chosen model cannot be priced", "[metrics]") {
  const GpuSpec gpu = TestGpu();
  FleetCostInput fleet;
  fleet.gpu = &gpu;
  fleet.pricing = PriceModel::kSpot;
  fleet.gpus = 1;
  auto cost = PriceCandidate(CostUsage{}, {fleet});
  REQUIRE_FALSE(cost.ok());
  CHECK(cost.status().code() == StatusCode::kInvalidInput);
  CHECK(cost.status().message() ==
        "gpu 'h100-sxm' has no spot price in the catalog (priced: on_demand, reserved_1y)");
}

TEST_CASE("Price models parse by name and suggest the nearest", "[metrics]") {
  CHECK(ParsePriceModel("reserved_3y").value() == PriceModel::kReserved3y);
  auto bad = ParsePriceModel("on-demand");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().message() == "unknown pricing 'on-demand'; did you mean 'on_demand'?");
}

}  // namespace plan
