// `plan catalog list`: one kind of catalog entry or every kind, as a table or as JSON, narrowed
// by --provider, --model and --gpu.
#pragma once

#include <string>

#include "catalog/catalog.h"
#include "util/status.h"

namespace plan {

struct CatalogListOptions {
  std::string kind;  // gpus | models | quant | engines | regions | offers; "" = every kind
  // Filters, "" = none. --provider: an offer's provider id, exactly. --model: words of a model
  // id (models) or of the name an offer's API takes (offers), in order, each whole or as a
  // word's start, without case ("llama-3.1-8b" finds "meta-llama/Meta-Llama-3.1-8B-Instruct").
  // --gpu: words of a GPU id, the same way ("h100" finds h100-sxm and h100-pcie).
  std::string provider;
  std::string model;
  std::string gpu;
};

// The kinds each filter applies to, for help and errors.
inline constexpr const char* kProviderFilterKinds = "offers";
inline constexpr const char* kModelFilterKinds = "models or offers";
inline constexpr const char* kGpuFilterKinds = "gpus";

// The listing in `format` ("table" or "json"). JSON is one object with an array per kind listed
// ({"offers": [{"id": ..., ...}]}); figures carry their unit in the key, and a figure the
// catalog does not have is null. A filter on a kind it does not apply to (or with no kind), or
// a value no entry of the kind matches, is Status::Invalid; the latter names the nearest values.
Result<std::string> RenderCatalogList(const Catalog& c, const CatalogListOptions& opt,
                                      const std::string& format);

}  // namespace plan
