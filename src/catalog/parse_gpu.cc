#include <fmt/format.h>

#include "catalog/parse.h"
#include "util/input_limits.h"
#include "util/units.h"

namespace plan {

const char* DeviceKindName(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kDatacenter:
      return "datacenter";
    case DeviceKind::kConsumer:
      return "consumer";
    case DeviceKind::kEdge:
      return "edge";
    case DeviceKind::kCpu:
      return "cpu";
  }
  return "datacenter";
}

std::string ReadEntryId(TomlTable& t, const char* kind) {
  std::string id = t.RequireString("id");
  t.set_what(id.empty() ? fmt::format("{} entry", kind) : fmt::format("{} '{}'", kind, id));
  return id;
}

GpuSpec ParseGpu(TomlTable& t) {
  GpuSpec g;
  g.loc = t.Loc();
  g.id = ReadEntryId(t, "gpu");
  g.name = t.String("name").value_or(g.id);
  g.vendor = t.String("vendor").value_or("");
  g.family = t.RequireString("family");
  std::string kind = t.Choice("kind", {"datacenter", "consumer", "edge", "cpu"}, "datacenter");
  g.kind = kind == "consumer" ? DeviceKind::kConsumer
           : kind == "edge"   ? DeviceKind::kEdge
           : kind == "cpu"    ? DeviceKind::kCpu
                              : DeviceKind::kDatacenter;
  g.memory_bytes =
      t.RequireNumberInRange("memory_gib", 0, limits::kMaxMemoryGib, true) * kBytesPerGiB;
  g.memory_bandwidth_bytes_per_s =
      t.RequireNumberInRange("memory_bandwidth_gb_per_s", 0, limits::kMaxBandwidthGbPerS, true) *
      kBytesPerGB;
  g.link_bandwidth_bytes_per_s =
      t.NumberInRange("link_gb_per_s", 0, limits::kMaxBandwidthGbPerS).value_or(0) * kBytesPerGB;
  g.gpus_per_node =
      static_cast<int>(t.IntInRange("gpus_per_node", 1, limits::kMaxParallel).value_or(1));
  if (const toml::table* ic = t.Table("interconnect")) {
    TomlTable it(*ic, t.path(), t.diag(), fmt::format("interconnect of {}", t.what()));
    g.interconnect = ParseInterconnect(it);
  } else if (g.gpus_per_node > 1) {
    t.ErrorHere(fmt::format("{} has gpus_per_node = {} and needs an [gpu.interconnect] table",
                            t.what(), g.gpus_per_node));
  }
  g.tdp_w = t.NumberInRange("tdp_w", 0, limits::kMaxPowerW).value_or(0);
  g.sustained_fraction =
      t.NumberInRange("sustained_fraction", 0, 1, /*min_exclusive=*/true).value_or(1);
  g.source = t.RequireString("source");
  g.checked = t.RequireString("checked");

  g.peak_flops_per_s.fill(0);
  const toml::table* tflops = t.Table("tflops");  // wrong type: reported here, once
  if (tflops) {
    TomlTable tt(*tflops, t.path(), t.diag(), fmt::format("tflops of {}", t.what()));
    for (int i = 0; i < kDtypeCount; ++i) {
      const char* name = DtypeName(static_cast<Dtype>(i));
      g.peak_flops_per_s[i] =
          tt.NumberInRange(name, 0, limits::kMaxTflops).value_or(0) * kFlopsPerTflop;
    }
    tt.Finish();
  } else if (!t.raw().get("tflops")) {
    t.ErrorHere(fmt::format("{} is missing required key 'tflops'", t.what()));
  }
  if (g.peak_flops_per_s[static_cast<int>(Dtype::kBf16)] <= 0 &&
      g.peak_flops_per_s[static_cast<int>(Dtype::kFp16)] <= 0 &&
      g.peak_flops_per_s[static_cast<int>(Dtype::kFp32)] <= 0 && tflops) {
    t.Error("tflops",
            fmt::format("{} needs a peak for at least one of fp32, bf16, fp16", t.what()));
  }

  if (const toml::table* price = t.Table("price")) {
    TomlTable pt(*price, t.path(), t.diag(), fmt::format("price of {}", t.what()));
    g.price.on_demand_usd_per_hour =
        pt.NumberInRange("on_demand_usd_per_hour", 0, limits::kMaxUsdPerHour).value_or(0);
    g.price.spot_usd_per_hour =
        pt.NumberInRange("spot_usd_per_hour", 0, limits::kMaxUsdPerHour).value_or(0);
    g.price.reserved_1y_usd_per_hour =
        pt.NumberInRange("reserved_1y_usd_per_hour", 0, limits::kMaxUsdPerHour).value_or(0);
    g.price.reserved_3y_usd_per_hour =
        pt.NumberInRange("reserved_3y_usd_per_hour", 0, limits::kMaxUsdPerHour).value_or(0);
    g.price.seller = pt.String("seller").value_or("");
    g.price.source = pt.RequireString("source");
    pt.Finish();
  }
  t.Finish();
  return g;
}

}  // namespace plan
