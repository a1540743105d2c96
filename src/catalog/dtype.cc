#include "catalog/dtype.h"

namespace plan {

namespace {
constexpr const char* kNames[kDtypeCount] = {"fp32", "bf16", "fp16", "fp8", "int8", "fp4", "int4"};
constexpr double kBytes[kDtypeCount] = {4, 2, 2, 1, 1, 0.5, 0.5};
}  // namespace

const char* DtypeName(Dtype d) { return kNames[static_cast<int>(d)]; }

std::optional<Dtype> ParseDtype(std::string_view name) {
  for (int i = 0; i < kDtypeCount; ++i)
    if (name == kNames[i]) return static_cast<Dtype>(i);
  return std::nullopt;
}

double DtypeBytes(Dtype d) { return kBytes[static_cast<int>(d)]; }

}  // namespace plan
