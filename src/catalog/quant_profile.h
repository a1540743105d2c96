// A quantization scheme: how many bytes a weight costs and which units compute with it.
#pragma once

#include <string>

#include "catalog/dtype.h"
#include "util/source_loc.h"

namespace plan {

struct QuantProfile {
  std::string id;
  std::string name;
  double weight_bits = 16;             // effective bits per weight, scales and zero-points included
  Dtype compute_dtype = Dtype::kBf16;  // the tensor-core peak GEMMs run at
  Dtype kv_dtype = Dtype::kBf16;       // KV-cache element format
  Dtype activation_dtype = Dtype::kBf16;
  std::string quality;  // one line on accuracy cost
  std::string source;
  std::string checked;
  SourceLoc loc;

  double weight_bytes_per_param() const { return weight_bits / 8.0; }
  bool operator==(const QuantProfile&) const = default;
};

}  // namespace plan
