// Shared by the libFuzzer harnesses: the input as text, the embedded catalog loaded once, and
// a check that a bad input came back as an error value with a message (never as a crash).
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "util/status.h"

namespace plan::fuzz {

inline std::string Text(const uint8_t* data, size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

inline const Catalog& EmbeddedCatalog() {
  static const Catalog* catalog = [] {
    Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources()});
    if (!c.ok()) std::abort();
    return new Catalog(std::move(c).value());
  }();
  return *catalog;
}

// Every error reaching a user has a message; an empty one is a bug the fuzzer should report.
inline void CheckError(const Status& s) {
  if (!s.ok() && s.message().empty()) std::abort();
}

}  // namespace plan::fuzz
