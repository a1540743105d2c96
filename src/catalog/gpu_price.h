// What a GPU costs by the hour, under each way of renting it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace plan {

struct GpuPrice {
  // USD per device-hour; 0 = not offered under that model.
  double on_demand_usd_per_hour = 0;
  double spot_usd_per_hour = 0;
  double reserved_1y_usd_per_hour = 0;
  double reserved_3y_usd_per_hour = 0;
  std::string seller;
  std::string source;
  bool operator==(const GpuPrice&) const = default;
};

enum class PriceModel { kOnDemand, kSpot, kReserved1y, kReserved3y };

const std::vector<std::string>& PriceModelNames();  // in enum order: "on_demand", "spot", ...
const char* PriceModelName(PriceModel model);
// Unknown names get "did you mean".
Result<PriceModel> ParsePriceModel(std::string_view name);
// USD per device-hour under `model`; 0 when the seller does not offer it.
double GpuUsdPerHour(const GpuPrice& price, PriceModel model);
// The price models `price` offers, comma-separated ("none" when none).
std::string PricedModels(const GpuPrice& price);

}  // namespace plan
