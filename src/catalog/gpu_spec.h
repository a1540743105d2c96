// A GPU (or edge device / CPU) as the catalog describes it. Figures are per device.
#pragma once

#include <string>

#include "catalog/dtype.h"
#include "catalog/gpu_price.h"
#include "catalog/interconnect.h"
#include "util/source_loc.h"

namespace plan {

// kConsumer: a desktop/workstation card (GeForce, ...), rented by the hour from some clouds or
// run on-device; not part of a search's default datacenter GPUs.
enum class DeviceKind { kDatacenter, kConsumer, kEdge, kCpu };

struct GpuSpec {
  std::string id;
  std::string name;
  std::string vendor;
  std::string family;  // efficiency lookup key: "hopper", "ampere", "apple-m", ...
  DeviceKind kind = DeviceKind::kDatacenter;
  double memory_bytes = 0;
  double memory_bandwidth_bytes_per_s = 0;
  // Dense (no 2:4 sparsity) peak per dtype; 0 = no native support for that dtype.
  DtypeTable<double> peak_flops_per_s{};
  // Scale-up interconnect (NVLink / Infinity Fabric / PCIe), one direction, per device.
  double link_bandwidth_bytes_per_s = 0;
  // GPUs sharing that link in one server: tensor parallelism beyond it would cross the
  // inter-node network, which plan refuses (StepModel::Create).
  int gpus_per_node = 1;
  Interconnect interconnect;  // all-reduce model of the scale-up link; see catalog/interconnect.h
  double tdp_w = 0;
  // The share of peak speed a passively cooled device (a phone) holds once thermal throttling
  // sets in after about a minute of continuous load; 1 = none known.
  double sustained_fraction = 1;
  GpuPrice price;
  std::string source;
  std::string checked;  // date the figures were read, YYYY-MM-DD
  SourceLoc loc;        // where the entry was defined
  bool operator==(const GpuSpec&) const = default;
};

const char* DeviceKindName(DeviceKind kind);

}  // namespace plan
