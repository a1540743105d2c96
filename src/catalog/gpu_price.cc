#include "catalog/gpu_price.h"

#include "util/suggest.h"

namespace plan {

const std::vector<std::string>& PriceModelNames() {
  static const std::vector<std::string> names = {"on_demand", "spot", "reserved_1y", "reserved_3y"};
  return names;
}

const char* PriceModelName(PriceModel model) {
  return PriceModelNames()[static_cast<size_t>(model)].c_str();
}

Result<PriceModel> ParsePriceModel(std::string_view name) {
  const std::vector<std::string>& names = PriceModelNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<PriceModel>(i);
  return Status::Invalid(UnknownNameMessage("pricing", name, names));
}

double GpuUsdPerHour(const GpuPrice& price, PriceModel model) {
  switch (model) {
    case PriceModel::kOnDemand:
      return price.on_demand_usd_per_hour;
    case PriceModel::kSpot:
      return price.spot_usd_per_hour;
    case PriceModel::kReserved1y:
      return price.reserved_1y_usd_per_hour;
    case PriceModel::kReserved3y:
      return price.reserved_3y_usd_per_hour;
  }
  return 0;
}

std::string PricedModels(const GpuPrice& price) {
  std::string out;
  for (size_t i = 0; i < PriceModelNames().size(); ++i) {
    if (GpuUsdPerHour(price, static_cast<PriceModel>(i)) <= 0) continue;
    if (!out.empty()) out += ", ";
    out += PriceModelNames()[i];
  }
  return out.empty() ? "none" : out;
}

}  // namespace plan
