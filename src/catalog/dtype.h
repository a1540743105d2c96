// Numeric formats of weights, activations and the KV cache.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace plan {

enum class Dtype { kFp32 = 0, kBf16, kFp16, kFp8, kInt8, kFp4, kInt4 };
inline constexpr int kDtypeCount = 7;

template <typename T>
using DtypeTable = std::array<T, kDtypeCount>;

const char* DtypeName(Dtype d);
std::optional<Dtype> ParseDtype(std::string_view name);
// Storage size of one element.
double DtypeBytes(Dtype d);

}  // namespace plan
