#include "scenario/edge_spec.h"

#include <fmt/format.h>

#include "catalog/catalog.h"
#include "scenario/catalog_id.h"
#include "util/input_limits.h"
#include "util/suggest.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

std::vector<std::string> EdgeDeviceIds(const Catalog& catalog) {
  std::vector<std::string> ids;
  for (const GpuSpec& g : catalog.gpus())
    if (g.kind != DeviceKind::kDatacenter) ids.push_back(g.id);
  return ids;
}

}  // namespace

EdgeSpec ParseEdgeSpec(TomlTable& t, const Catalog& catalog) {
  EdgeSpec e;
  e.device = t.RequireString("device");
  e.model = t.RequireString("model");
  e.quant = t.String("quant").value_or(e.quant);
  e.engine = t.String("engine").value_or(e.engine);
  const std::vector<std::string> devices = EdgeDeviceIds(catalog);
  if (const GpuSpec* g = e.device.empty() ? nullptr : catalog.FindGpu(e.device)) {
    if (g->kind == DeviceKind::kDatacenter) {
      std::string listed;
      for (const std::string& d : devices) listed += (listed.empty() ? "" : ", ") + d;
      t.Error("device", fmt::format("candidate '{}': '{}' is a datacenter GPU; kind = \"edge\" "
                                    "takes an edge, consumer or cpu device ({}); use kind = "
                                    "\"self_hosted\" "
                                    "for a GPU server",
                                    t.what(), e.device, listed));
    }
  } else {
    CheckCatalogId(t, "device", e.device, "edge device", devices);
  }
  CheckCatalogId(t, "model", e.model, "model", catalog.ModelIds());
  CheckCatalogId(t, "quant", e.quant, "quant", catalog.QuantIds());
  CheckCatalogId(t, "engine", e.engine, "engine", catalog.EngineIds());
  CheckEngineLoads(t, catalog, e.engine, e.quant);
  e.devices = static_cast<int32_t>(t.IntInRange("devices", 1, limits::kMaxReplicas).value_or(1));
  e.device_usd_per_hour = t.NumberInRange("device_usd_per_hour", 0, limits::kMaxUsdPerHour);
  e.sustained = t.Choice("thermal", {"peak", "sustained"}, "peak") == "sustained";
  return e;
}

}  // namespace plan
