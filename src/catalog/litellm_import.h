// `plan catalog import litellm`: LiteLLM's community price list
// (model_prices_and_context_window.json, USD per token) turned into [[offer]] catalog entries
// (USD per million tokens), each citing the file and its last_updated date. Only "chat"
// and "embedding" entries are imported (an embedding entry needs only an input price). Latency
// figures and regions are not in that list: they come from
// [[offer_profile]] entries kept by hand (catalog/offer_profiles.toml), so a re-import never
// overwrites them.
#pragma once

#include <string>
#include <vector>

#include "util/status.h"

namespace plan {

struct LitellmImportOptions {
  // LiteLLM keys to import; '*' matches any run of characters. Empty = every chat or embedding
  // entry.
  // A key without '*' must exist and be a chat or embedding entry.
  std::vector<std::string> include;
  // Provider ids as plan names them ("anthropic", "vertex", "together", ...); empty = all.
  std::vector<std::string> providers;
  std::string source_name;  // how each entry's `source` names the file (default: its base name)
  std::string command;      // the command line, recorded in the header comment
};

struct LitellmImportResult {
  std::string toml;
  int offers = 0;
};

// REQUIRES: `path` names the file `json_text` was read from (for messages).
Result<LitellmImportResult> ImportLitellm(const std::string& json_text, const std::string& path,
                                          const LitellmImportOptions& options);

// Plan's provider id for a LiteLLM `litellm_provider` ("together_ai" -> "together").
std::string PlanProviderId(const std::string& litellm_provider);

}  // namespace plan
