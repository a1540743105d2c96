#include "metrics/cost.h"

#include <fmt/format.h>

#include "util/suggest.h"
#include "util/units.h"

namespace plan {

namespace {
constexpr double kHoursPerMonth = kSecondsPerMonth / kSecondsPerHour;

double Ratio(double amount, double per) { return per > 0 ? amount / per : 0.0; }

}  // namespace

Result<FleetPrice> PriceFleet(const FleetCostInput& f, double span_s) {
  FleetPrice c;
  const double span_h = span_s / kSecondsPerHour;
  const GpuSpec& gpu = *f.gpu;
  const double usd_per_gpu_hour = GpuUsdPerHour(gpu.price, f.pricing);
  if (usd_per_gpu_hour <= 0) {
    return Status::Invalid(fmt::format("gpu '{}' has no {} price in the catalog (priced: {})",
                                       gpu.id, PriceModelName(f.pricing), PricedModels(gpu.price)));
  }
  const bool scaled = f.gpu_seconds > 0 && span_s > 0;
  const double paid_gpus = scaled ? f.gpu_seconds / span_s : f.gpus;
  c.usd_per_hour = paid_gpus * usd_per_gpu_hour;
  c.total_usd = c.usd_per_hour * span_h;
  c.usd_per_month = c.usd_per_hour * kHoursPerMonth;

  std::string price =
      scaled ? fmt::format(
                   "{:.2f} x {} on average (autoscaled: {:.2f} GPU-hours held) {} at ${}/GPU-h",
                   paid_gpus, gpu.id, f.gpu_seconds / kSecondsPerHour, PriceModelName(f.pricing),
                   usd_per_gpu_hour)
             : fmt::format("{} x {} {} at ${}/GPU-h", f.gpus, gpu.id, PriceModelName(f.pricing),
                           usd_per_gpu_hour);
  if (!gpu.price.seller.empty()) price += " from " + gpu.price.seller;
  if (!gpu.price.source.empty()) price += " (" + gpu.price.source + ")";
  c.assumptions.push_back(price);
  c.assumptions.push_back(fmt::format(
      "the fleet is paid for the whole {:.6g} s span, idle time included; $/month = ${:.2f}/h x "
      "{} h (running all month)",
      span_s, c.usd_per_hour, kHoursPerMonth));

  if (gpu.tdp_w <= 0) {
    c.assumptions.push_back(
        fmt::format("energy: {} has no TDP in the catalog; not counted", gpu.id));
    return c;
  }
  // Linear in utilisation between the idle draw and TDP.
  const double draw_fraction =
      kIdlePowerFractionOfTdp + (1 - kIdlePowerFractionOfTdp) * f.gpu_utilization;
  c.energy_kwh = paid_gpus * gpu.tdp_w * draw_fraction * span_h / 1000.0;
  c.assumptions.push_back(fmt::format(
      "energy: {:.0f} W per GPU busy (TDP), {:.0f} W idle ({:.0f}% of TDP, an assumption), "
      "linear in "
      "utilization {:.3f}",
      gpu.tdp_w, gpu.tdp_w * kIdlePowerFractionOfTdp, kIdlePowerFractionOfTdp * 100,
      f.gpu_utilization));
  return c;
}

Result<CostSummary> PriceCandidate(const CostUsage& usage,
                                   const std::vector<FleetCostInput>& fleets) {
  std::vector<FleetPrice> priced;
  for (const FleetCostInput& f : fleets) {
    Result<FleetPrice> p = PriceFleet(f, usage.span_s);
    if (!p.ok()) return p.status();
    priced.push_back(std::move(p).value());
  }
  return CandidateCost(usage, priced);
}

CostSummary CandidateCost(const CostUsage& usage, const std::vector<FleetPrice>& fleets) {
  CostSummary c;
  const double span_h = usage.span_s / kSecondsPerHour;
  for (const FleetPrice& f : fleets) {
    c.usd_per_hour += f.usd_per_hour;
    c.total_usd += f.total_usd;
    c.usd_per_month += f.usd_per_month;
    c.energy_kwh += f.energy_kwh;
    c.assumptions.insert(c.assumptions.end(), f.assumptions.begin(), f.assumptions.end());
  }

  if (usage.request_cost_usd > 0 || usage.priced_requests > 0) {
    c.total_usd += usage.request_cost_usd;
    c.usd_per_hour += Ratio(usage.request_cost_usd, span_h);
    c.usd_per_month += Ratio(usage.request_cost_usd, usage.span_s) * kSecondsPerMonth;
    c.assumptions.push_back(fmt::format(
        "{} requests priced per request by {}: ${:.2f} over the {:.6g} s span; $/month keeps the "
        "trace's rate for {} h; the provider's energy is not counted",
        usage.priced_requests, usage.request_pricing.empty() ? "the API" : usage.request_pricing,
        usage.request_cost_usd, usage.span_s, kHoursPerMonth));
  }

  c.usd_per_million_tokens = Ratio(c.total_usd, static_cast<double>(usage.tokens)) * 1e6;
  c.usd_per_request = Ratio(c.total_usd, static_cast<double>(usage.completed_requests));
  return c;
}

}  // namespace plan
