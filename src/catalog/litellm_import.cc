#include "catalog/litellm_import.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>

#include "catalog/api_offer.h"
#include "util/input_limits.h"
#include "util/json_text.h"
#include "util/suggest.h"
#include "util/text_check.h"

namespace plan {

namespace {

using Json = nlohmann::json;

struct ProviderRule {
  const char* litellm;
  const char* plan;
  CachedTokenConvention convention;
};

// How each API reports cached tokens: Anthropic's Messages API and Bedrock's Converse API
// report input tokens without the cache reads and writes; OpenAI's, Gemini's and the
// OpenAI-compatible hosts' prompt token counts include them.
constexpr CachedTokenConvention kOpenAi = CachedTokenConvention::kOpenAi;
constexpr CachedTokenConvention kAnthropic = CachedTokenConvention::kAnthropic;
constexpr ProviderRule kProviders[] = {
    {"anthropic", "anthropic", kAnthropic},
    {"openai", "openai", kOpenAi},
    {"gemini", "gemini", kOpenAi},
    {"vertex_ai-language-models", "vertex", kOpenAi},
    {"vertex_ai-anthropic_models", "vertex", kAnthropic},
    {"bedrock", "bedrock", kAnthropic},
    {"bedrock_converse", "bedrock", kAnthropic},
    {"azure", "azure", kOpenAi},
    {"azure_ai", "azure-ai", kOpenAi},
    {"together_ai", "together", kOpenAi},
    {"fireworks_ai", "fireworks", kOpenAi},
    {"fireworks_ai-embedding-models", "fireworks", kOpenAi},
    {"deepinfra", "deepinfra", kOpenAi},
    {"replicate", "replicate", kOpenAi},
    {"groq", "groq", kOpenAi},
    {"cerebras", "cerebras", kOpenAi},
    {"sambanova", "sambanova", kOpenAi},
    {"openrouter", "openrouter", kOpenAi},
};

const ProviderRule* FindRule(const std::string& litellm) {
  for (const ProviderRule& r : kProviders)
    if (litellm == r.litellm) return &r;
  return nullptr;
}

bool GlobMatch(const std::string& pattern, const std::string& s) {
  size_t p = 0, i = 0, star = std::string::npos, mark = 0;
  while (i < s.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = i;
    } else if (p < pattern.size() && pattern[p] == s[i]) {
      ++p;
      ++i;
    } else if (star != std::string::npos) {
      p = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

// "YYYY-MM-DD", alone or followed by a time ("T18:23:43.215560+00:00", "T18:23:43Z"), as
// LiteLLM's copies write it.
bool IsIsoDateTime(std::string_view s) {
  if (s.size() < 10) return false;
  for (size_t i = 0; i < 10; ++i)
    if ((i == 4 || i == 7) ? s[i] != '-' : !(s[i] >= '0' && s[i] <= '9')) return false;
  if (s.size() == 10) return true;
  if (s[10] != 'T' && s[10] != ' ') return false;
  return s.find_first_not_of("0123456789:.+-Z", 11) == std::string_view::npos;
}

// `s` safe in a TOML comment: every control character but a tab (a newline included) shown
// as '?'.
std::string CommentSafe(const std::string& s) { return Excerpt(s, s.size()); }

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// A TOML basic string; control characters are escaped, so any key LiteLLM has stays valid TOML.
std::string TomlString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04X}", static_cast<unsigned>(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// USD per token -> USD per million tokens, printed as a TOML float without binary noise
// (1e-07 x 1e6 = 0.09999999999999999 prints as 0.1).
std::string PerMillion(double usd_per_token) {
  std::string s = fmt::format("{:.10g}", usd_per_token * 1e6);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// An integral value as an integer, anything else as a float.
std::string Number(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{}", static_cast<int64_t>(v));
  return fmt::format("{:.10g}", v);
}

// A string member, or "" when it is absent or not a string (json::value would throw).
std::string StringField(const Json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<double> NumberField(const Json& entry, const std::string& key) {
  auto it = entry.find(key);
  if (it == entry.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

struct Converted {
  std::string id;
  std::string key;
  std::string text;
};

// The [[offer]] entry for one chat or embedding entry.
Converted Convert(const std::string& key, const Json& e, const std::string& source_name,
                  const std::string& last_updated) {
  const std::string litellm = StringField(e, "litellm_provider");
  const ProviderRule* rule = FindRule(litellm);
  const std::string provider = PlanProviderId(litellm);
  std::string model = key;
  for (const std::string& prefix :
       {litellm + "/", std::string("vertex_ai/"), std::string("fireworks_ai/")})
    if (model.rfind(prefix, 0) == 0) model = model.substr(prefix.size());
  std::string short_name = model;
  const std::string fireworks = "accounts/fireworks/models/";
  if (short_name.rfind(fireworks, 0) == 0) short_name = short_name.substr(fireworks.size());

  Converted c;
  c.key = key;
  c.id = provider + "/" + short_name;
  std::string& t = c.text;
  t += "[[offer]]\n";
  t += fmt::format("id = {}\nprovider = {}\nmodel = {}\n", TomlString(c.id), TomlString(provider),
                   TomlString(model));
  // An embedding model is priced per input token and returns no output tokens.
  if (StringField(e, "mode") == "embedding") t += "kind = \"embedding\"\n";
  // LiteLLM's "ft:<base>" keys price OpenAI's fine-tunes of <base>.
  if (model.rfind("ft:", 0) == 0)
    t += fmt::format("fine_tuned = true\nbase = {}\n", TomlString(model.substr(3)));
  t += fmt::format("cached_tokens = \"{}\"\n",
                   CachedTokenConventionName(rule ? rule->convention : kOpenAi));
  for (auto [from, to] : {std::pair{"max_input_tokens", "max_input_tokens"},
                          {"max_output_tokens", "max_output_tokens"},
                          {"prompt_cache_min_tokens", "cache_min_tokens"}}) {
    // Within the catalog's range (a larger figure is no real limit, and is left out).
    if (auto v = NumberField(e, from); v && *v >= 1 && *v <= limits::kMaxContextTokens)
      t += fmt::format("{} = {}\n", to, static_cast<int64_t>(*v));
  }
  for (const char* limit : {"rpm", "tpm"})
    if (auto v = NumberField(e, limit); v && *v > 0)
      t += fmt::format("{} = {}\n", limit, Number(*v));
  std::string source = fmt::format(
      "LiteLLM model_prices_and_context_window.json ({}, "
      "last_updated {}), key '{}'",
      source_name, last_updated, key);
  if (auto cited = e.find("source"); cited != e.end() && cited->is_string())
    source += fmt::format("; LiteLLM cites {}", cited->get<std::string>());
  t += fmt::format("source = {}\nchecked = \"{}\"\n", TomlString(source),
                   last_updated.substr(0, 10));
  if (e.contains("tiered_pricing"))
    t += "# LiteLLM's tiered_pricing for this entry is not imported\n";

  t += "[offer.price]\n";
  for (auto [from, to] : {std::pair{"input_cost_per_token", "input_usd_per_mtok"},
                          {"output_cost_per_token", "output_usd_per_mtok"},
                          {"cache_read_input_token_cost", "cached_read_usd_per_mtok"},
                          {"cache_creation_input_token_cost", "cached_write_usd_per_mtok"}}) {
    const bool always = std::string(to).rfind("cached_", 0) != 0;  // input and output
    std::optional<double> v = NumberField(e, from);
    if (v || always) t += fmt::format("{} = {}\n", to, PerMillion(v.value_or(0)));
  }
  std::optional<double> bin = NumberField(e, "input_cost_per_token_batches");
  std::optional<double> bout = NumberField(e, "output_cost_per_token_batches");
  if (bin && bout && *bin > 0 && *bout > 0)
    t += fmt::format("batch_input_usd_per_mtok = {}\nbatch_output_usd_per_mtok = {}\n",
                     PerMillion(*bin), PerMillion(*bout));

  // Long-context tiers: "<price>_above_<N>k_tokens". The lowest threshold is imported.
  static const std::regex kTier(R"(^input_cost_per_token_above_(\d+)k_tokens$)");
  std::set<int64_t> thresholds_k;
  for (auto it = e.begin(); it != e.end(); ++it) {
    std::smatch m;
    if (!std::regex_match(it.key(), m, kTier) || !it->is_number()) continue;
    const std::string digits = m[1].str();
    int64_t k = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), k);
    if (ec == std::errc() && k >= 1 && k <= limits::kMaxContextTokens / 1000)
      thresholds_k.insert(k);
  }
  if (!thresholds_k.empty()) {
    int64_t k = *thresholds_k.begin();
    t += fmt::format("[offer.long_context]\nabove_tokens = {}\n", k * 1000);
    for (auto [from, to] : {std::pair{"input_cost_per_token", "input_usd_per_mtok"},
                            {"output_cost_per_token", "output_usd_per_mtok"},
                            {"cache_read_input_token_cost", "cached_read_usd_per_mtok"},
                            {"cache_creation_input_token_cost", "cached_write_usd_per_mtok"}}) {
      if (auto v = NumberField(e, fmt::format("{}_above_{}k_tokens", from, k)))
        t += fmt::format("{} = {}\n", to, PerMillion(*v));
    }
    for (auto it = std::next(thresholds_k.begin()); it != thresholds_k.end(); ++it)
      t += fmt::format("# LiteLLM also prices prompts above {}k tokens; not imported\n", *it);
  }
  return c;
}

}  // namespace

std::string PlanProviderId(const std::string& litellm_provider) {
  if (const ProviderRule* r = FindRule(litellm_provider)) return r->plan;
  if (litellm_provider.rfind("vertex_ai", 0) == 0) return "vertex";
  std::string id = litellm_provider;
  std::replace(id.begin(), id.end(), '_', '-');
  return id;
}

Result<LitellmImportResult> ImportLitellm(const std::string& json_text, const std::string& path,
                                          const LitellmImportOptions& options) {
  Result<Json> parsed = ParseJson(json_text, path);
  if (!parsed.ok()) return parsed.status();
  const Json& doc = *parsed;
  if (!doc.is_object())
    return Status::Invalid(fmt::format("{}: expected a JSON object of model entries", path));
  const std::string last_updated = StringField(doc, "last_updated");
  if (last_updated.empty())
    return Status::Invalid(fmt::format(
        "{}: no 'last_updated' date at the top level; each entry's `checked` date comes from it",
        path));
  // It is written into the header comment and every entry's `source` and `checked`.
  if (!IsIsoDateTime(last_updated))
    return Status::Invalid(
        fmt::format("{}: 'last_updated' must be a date like 2025-11-01 or a date-time like "
                    "2025-11-01T18:23:43Z, not '{}'",
                    path, Excerpt(last_updated, 40)));

  // Chat models, and embedding models (priced per input token; they return no output).
  auto is_offer = [](const Json& e) {
    const std::string mode = StringField(e, "mode");
    return mode == "chat" || mode == "embedding";
  };
  std::vector<std::string> offer_keys, all_keys;
  std::set<std::string> provider_ids;
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    if (!it->is_object() || it.key() == "sample_spec") continue;
    all_keys.push_back(it.key());
    if (!is_offer(*it)) continue;
    offer_keys.push_back(it.key());
    provider_ids.insert(PlanProviderId(StringField(*it, "litellm_provider")));
  }
  std::vector<std::string> known_providers(provider_ids.begin(), provider_ids.end());
  for (const std::string& p : options.providers)
    if (!provider_ids.count(p))
      return Status::Invalid(
          fmt::format("--providers: {}", UnknownNameMessage("provider", p, known_providers)));

  std::set<std::string> chosen;
  for (const std::string& pattern : options.include) {
    if (pattern.find('*') == std::string::npos) {
      auto it = doc.find(pattern);
      if (it == doc.end() || !it->is_object())
        return Status::Invalid(
            fmt::format("--include: {}", UnknownNameMessage("LiteLLM key", pattern, all_keys)));
      if (!is_offer(*it))
        return Status::Invalid(
            fmt::format("--include: LiteLLM key '{}' has mode '{}'; only chat and "
                        "embedding entries are offers",
                        pattern, StringField(*it, "mode")));
      chosen.insert(pattern);
      continue;
    }
    size_t before = chosen.size();
    for (const std::string& k : offer_keys)
      if (GlobMatch(pattern, k)) chosen.insert(k);
    if (chosen.size() == before)
      return Status::Invalid(
          fmt::format("--include: '{}' matches no chat or embedding entry", pattern));
  }
  if (options.include.empty()) chosen.insert(offer_keys.begin(), offer_keys.end());

  std::string source_name =
      CommentSafe(options.source_name.empty() ? BaseName(path) : options.source_name);
  std::map<std::string, Converted> by_id;
  for (const std::string& key : chosen) {
    const Json& e = doc[key];
    if (!options.providers.empty() &&
        std::find(options.providers.begin(), options.providers.end(),
                  PlanProviderId(StringField(e, "litellm_provider"))) == options.providers.end())
      continue;
    const bool embedding = StringField(e, "mode") == "embedding";
    if (!NumberField(e, "input_cost_per_token") ||
        (!embedding && !NumberField(e, "output_cost_per_token")))
      continue;  // priced per second, per character or per image: not a per-token offer
    Converted c = Convert(key, e, source_name, last_updated);
    auto [it, inserted] = by_id.emplace(c.id, c);
    if (!inserted)
      return Status::Invalid(
          fmt::format("LiteLLM keys '{}' and '{}' both become offer '{}'; "
                      "include only one",
                      it->second.key, key, c.id));
  }

  LitellmImportResult result;
  std::string& out = result.toml;
  out += fmt::format(
      "# API offers generated by `plan catalog import litellm` from LiteLLM's price list\n"
      "# ({}, last_updated {}).\n"
      "# Prices are USD per million tokens.\n"
      "# Do not edit by hand: re-run the import. Latency figures and regions are kept by hand\n"
      "# in offer_profiles.toml. Schema: src/catalog/parse_offer.cc.\n",
      source_name, last_updated);
  if (!options.command.empty()) out += fmt::format("#\n#   {}\n", CommentSafe(options.command));
  for (const auto& [id, c] : by_id) out += "\n" + c.text;
  result.offers = static_cast<int>(by_id.size());
  return result;
}

}  // namespace plan
