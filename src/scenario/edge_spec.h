// A candidate of kind "edge": a small quantized model on a user's own device (an Apple
// M-series laptop, a workstation CPU), llama.cpp-style, answering one request at a time. No
// network and no per-call price; the device may be amortised by the hour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace plan {

class Catalog;
class TomlTable;

struct EdgeSpec {
  std::string device;  // a catalog gpu of kind edge, consumer or cpu
  std::string model;
  std::string quant = "q4_k_m";
  std::string engine = "llama.cpp";
  int32_t devices = 1;  // identical devices sharing the traffic, one request each at a time
  std::optional<double> device_usd_per_hour;  // unset: owned, nothing to pay per hour
  // thermal = "sustained": the device runs at its catalog sustained_fraction of peak speed
  // (a phone throttled after a minute of load); "peak" (the default): at full speed.
  bool sustained = false;
};

// Reads the edge keys of candidate table `t` and checks the ids against the catalog (the
// caller reads name and kind and calls Finish).
EdgeSpec ParseEdgeSpec(TomlTable& t, const Catalog& catalog);

}  // namespace plan
