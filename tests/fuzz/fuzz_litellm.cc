// LiteLLM's price list (`plan catalog import litellm`), and the catalog file it writes: that
// must always be valid TOML, whatever the price list held.
#include "catalog/litellm_import.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plan;
  Result<LitellmImportResult> r = ImportLitellm(fuzz::Text(data, size), "fuzz.json", {});
  if (!r.ok()) {
    fuzz::CheckError(r.status());
    return 0;
  }
  Result<Catalog> c = LoadCatalog({{{"offers.toml", r->toml}}});
  if (!c.ok() && c.status().message().find("TOML syntax error") != std::string::npos) std::abort();
  return 0;
}
