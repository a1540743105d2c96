#include <fmt/format.h>
#include <algorithm>

#include "catalog/parse.h"
#include "util/input_limits.h"
#include "util/suggest.h"

namespace plan {

const char* CachedTokenConventionName(CachedTokenConvention c) {
  return c == CachedTokenConvention::kAnthropic ? "anthropic" : "openai";
}

const char* LatencyBasisName(LatencyBasis b) {
  switch (b) {
    case LatencyBasis::kPublished:
      return "published";
    case LatencyBasis::kCalibrated:
      return "calibrated";
    case LatencyBasis::kAssumed:
      break;
  }
  return "assumed";
}

int ProfileSpecificity(const std::string& pattern, const std::string& id) {
  if (pattern == id) return 1 << 20;
  if (pattern.empty() || pattern.back() != '*') return -1;
  size_t prefix = pattern.size() - 1;
  if (id.compare(0, prefix, pattern, 0, prefix) != 0) return -1;
  return static_cast<int>(prefix);
}

namespace {

// ApiLatency's fields by bit index; works for const and mutable latencies alike.
template <typename L>
auto& LatencyField(L& l, int i) {
  switch (i) {
    case 0:
      return l.ttft_fixed_s;
    case 1:
      return l.ttft_per_input_token_s;
    case 2:
      return l.ttft_sigma;
    case 3:
      return l.output_tokens_per_s;
    default:
      return l.output_sigma;
  }
}

// The most each latency key may be, in kLatencyKeys order: an hour to the first token, a
// second per input token, sigmas of a lognormal, ten million tokens a second.
constexpr double kLatencyKeyMax[kLatencyKeyCount] = {3600, 1, limits::kMaxLogSigma, 1e7,
                                                     limits::kMaxLogSigma};

// Reads whichever latency keys `t` has (speed > 0, the rest >= 0); returns the bits set.
uint32_t ReadLatencyKeys(TomlTable& t, ApiLatency* l) {
  uint32_t set = 0;
  for (int i = 0; i < kLatencyKeyCount; ++i) {
    bool speed = i == 3;
    if (auto v = t.NumberInRange(kLatencyKeys[i], 0, kLatencyKeyMax[i], speed)) {
      LatencyField(*l, i) = *v;
      set |= 1u << i;
    }
  }
  return set;
}

// `latency_basis`: optional, "assumed" when absent; it qualifies latency figures, so a table
// that sets none may not carry it. "calibrated" (what plan calibrate writes) only where
// `calibrated_ok`: an [[offer_profile]].
LatencyBasis ReadLatencyBasis(TomlTable& t, uint32_t keys_set, bool calibrated_ok) {
  const char* kKey = "latency_basis";
  std::optional<std::string> v = t.String(kKey);
  if (!v) return LatencyBasis::kAssumed;
  std::vector<std::string> allowed = {"published", "assumed"};
  if (calibrated_ok) allowed.push_back("calibrated");
  if (std::find(allowed.begin(), allowed.end(), *v) == allowed.end()) {
    std::string nearest = NearestName(*v, allowed);
    t.Error(kKey,
            fmt::format("'{}' in {} must be \"published\"{} or \"assumed\", not \"{}\"{}", kKey,
                        t.what(), calibrated_ok ? ", \"calibrated\"" : "", *v,
                        nearest.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", nearest)));
    return LatencyBasis::kAssumed;
  }
  if (keys_set == 0)
    t.Error(kKey,
            fmt::format("'{}' in {} qualifies latency figures, but it sets none", kKey, t.what()));
  if (*v == "published") return LatencyBasis::kPublished;
  return *v == "calibrated" ? LatencyBasis::kCalibrated : LatencyBasis::kAssumed;
}

// An error band in percent: above 0, and below a factor of 1,000.
std::optional<double> ReadErrorPct(TomlTable& t, const char* key, bool required) {
  std::optional<double> v = t.NumberInRange(key, 0, 99900, /*exclusive_low=*/true);
  if (!v && required && !t.Has(key))
    t.ErrorHere(fmt::format("{} is missing required key '{}'", t.what(), key));
  return v;
}

std::vector<std::string> ReadRegions(TomlTable& t, std::vector<SourceLoc>* locs) {
  std::vector<std::string> regions = t.StringArray("regions").value_or(std::vector<std::string>{});
  if (const toml::array* a = t.raw().get_as<toml::array>("regions"))
    for (const toml::node& n : *a) locs->push_back(LocOf(n, t.path()));
  return regions;
}

TokenPrices ReadPrices(TomlTable& t, bool require_io) {
  TokenPrices p;
  auto get = [&](const char* key, bool required) {
    return required ? t.RequireNumberInRange(key, 0, limits::kMaxUsdPerMtok)
                    : t.NumberInRange(key, 0, limits::kMaxUsdPerMtok).value_or(0);
  };
  p.input_usd_per_mtok = get("input_usd_per_mtok", require_io);
  p.output_usd_per_mtok = get("output_usd_per_mtok", require_io);
  p.cached_read_usd_per_mtok = get("cached_read_usd_per_mtok", false);
  p.cached_write_usd_per_mtok = get("cached_write_usd_per_mtok", false);
  return p;
}

}  // namespace

ApiOffer ParseOffer(TomlTable& t) {
  ApiOffer o;
  o.loc = t.Loc();
  o.id = ReadEntryId(t, "offer");
  o.provider = t.RequireString("provider");
  o.model = t.RequireString("model");
  if (!o.id.empty() && !o.provider.empty() && o.id.rfind(o.provider + "/", 0) != 0)
    t.Error("id",
            fmt::format("'id' of {} must start with its provider: '{}/...'", t.what(), o.provider));
  o.embedding = t.Choice("kind", {"chat", "embedding"}, "chat") == "embedding";
  o.fine_tuned = t.Bool("fine_tuned").value_or(false);
  if (std::optional<std::string> base = t.String("base")) {
    o.base = *base;
    if (!o.fine_tuned)
      t.Error("base", fmt::format("'base' of {} needs fine_tuned = true", t.what()));
  } else if (o.fine_tuned) {
    t.Error("fine_tuned",
            fmt::format("{} has fine_tuned = true but no 'base' (the model it tunes)", t.what()));
  }
  o.on_device = t.Bool("on_device").value_or(false);
  o.cached_tokens = t.Choice("cached_tokens", {"openai", "anthropic"}, "openai") == "anthropic"
                        ? CachedTokenConvention::kAnthropic
                        : CachedTokenConvention::kOpenAi;
  if (!t.raw().get("cached_tokens"))
    t.ErrorHere(fmt::format("{} is missing required key 'cached_tokens'", t.what()));
  o.max_input_tokens = t.IntInRange("max_input_tokens", 1, limits::kMaxContextTokens).value_or(0);
  o.max_output_tokens = t.IntInRange("max_output_tokens", 1, limits::kMaxContextTokens).value_or(0);
  o.cache_min_tokens = t.IntInRange("cache_min_tokens", 0, limits::kMaxContextTokens).value_or(0);
  o.rpm = t.NumberInRange("rpm", 0, limits::kMaxPerMinute, true).value_or(0);
  o.tpm = t.NumberInRange("tpm", 0, limits::kMaxPerMinute, true).value_or(0);
  o.regions = ReadRegions(t, &o.region_locs);
  o.source = t.RequireString("source");
  o.checked = t.RequireString("checked");
  if (!o.regions.empty()) o.regions_source = o.source;
  if (o.on_device && !o.regions.empty())
    t.Error("regions", fmt::format("{} runs on the users' devices (on_device = true), so it is "
                                   "served from no region",
                                   t.what()));

  if (const toml::table* price = t.Table("price")) {
    TomlTable pt(*price, t.path(), t.diag(), fmt::format("price of {}", t.what()));
    o.prices = ReadPrices(pt, true);
    std::optional<double> bin =
        pt.NumberInRange("batch_input_usd_per_mtok", 0, limits::kMaxUsdPerMtok, true);
    std::optional<double> bout =
        pt.NumberInRange("batch_output_usd_per_mtok", 0, limits::kMaxUsdPerMtok, true);
    if (bin.has_value() != bout.has_value())
      pt.Error(bin ? "batch_input_usd_per_mtok" : "batch_output_usd_per_mtok",
               fmt::format("{} needs both batch_input_usd_per_mtok and batch_output_usd_per_mtok",
                           pt.what()));
    o.batch_input_usd_per_mtok = bin.value_or(0);
    o.batch_output_usd_per_mtok = bout.value_or(0);
    o.training_usd_per_mtok =
        pt.NumberInRange("training_usd_per_mtok", 0, limits::kMaxUsdPerMtok, true).value_or(0);
    if (o.training_usd_per_mtok > 0 && !o.fine_tuned)
      pt.Error("training_usd_per_mtok",
               fmt::format("training_usd_per_mtok of {} needs fine_tuned = true", t.what()));
    pt.Finish();
  } else if (!t.raw().get("price")) {
    t.ErrorHere(fmt::format("{} is missing required table [offer.price]", t.what()));
  }

  if (const toml::table* lc = t.Table("long_context")) {
    TomlTable lt(*lc, t.path(), t.diag(), fmt::format("long_context of {}", t.what()));
    o.long_context.above_tokens =
        lt.RequireIntInRange("above_tokens", 1, limits::kMaxContextTokens);
    o.long_context.prices = ReadPrices(lt, false);
    if (o.long_context.prices.input_usd_per_mtok <= 0)
      lt.ErrorHere(fmt::format("{} needs input_usd_per_mtok > 0", lt.what()));
    lt.Finish();
  }

  if (const toml::table* lat = t.Table("latency")) {
    TomlTable lt(*lat, t.path(), t.diag(), fmt::format("latency of {}", t.what()));
    o.latency_keys_set = ReadLatencyKeys(lt, &o.latency);
    o.latency_basis = ReadLatencyBasis(lt, o.latency_keys_set, /*calibrated_ok=*/false);
    o.latency.source = lt.RequireString("source");
    lt.Finish();
  }
  t.Finish();
  return o;
}

OfferProfile ParseOfferProfile(TomlTable& t) {
  OfferProfile p;
  p.loc = t.Loc();
  p.id = t.RequireString("match");
  t.set_what(p.id.empty() ? "offer_profile entry" : fmt::format("offer_profile '{}'", p.id));
  if (size_t star = p.id.find('*'); star != std::string::npos && star + 1 != p.id.size())
    t.Error("match", fmt::format("'match' of {} may hold one '*', at the end", t.what()));
  p.regions = ReadRegions(t, &p.region_locs);
  p.latency_keys_set = ReadLatencyKeys(t, &p.latency);
  p.latency_basis = ReadLatencyBasis(t, p.latency_keys_set, /*calibrated_ok=*/true);
  // A calibrated profile carries the probe's own band; others take their basis's.
  for (auto [key, field] : {std::pair{"ttft_error_pct", &p.ttft_error_pct},
                            {"output_speed_error_pct", &p.output_speed_error_pct}}) {
    if (p.latency_basis == LatencyBasis::kCalibrated) {
      *field = ReadErrorPct(t, key, /*required=*/true).value_or(0);
    } else if (t.Has(key)) {
      t.Error(key, fmt::format("'{}' in {} belongs to calibrated figures (latency_basis = "
                               "\"calibrated\"); other figures take their basis's "
                               "[[latency_error]] band",
                               key, t.what()));
    }
  }
  // A fraction of the base price.
  p.batch_discount = t.NumberInRange("batch_discount", 0, 1, true).value_or(0);
  p.source = t.RequireString("source");
  p.checked = t.RequireString("checked");
  if (p.regions.empty() && p.latency_keys_set == 0 && p.batch_discount == 0)
    t.ErrorHere(fmt::format("{} sets no regions, latency figure or batch_discount", t.what()));
  t.Finish();
  return p;
}

LatencyError ParseLatencyError(TomlTable& t) {
  LatencyError e;
  e.loc = t.Loc();
  e.id = t.Choice("basis", {"published", "assumed"}, "");
  if (e.id.empty() && !t.Has("basis"))
    t.ErrorHere(fmt::format("{} is missing required key 'basis'", t.what()));
  t.set_what(e.id.empty() ? "latency_error entry" : fmt::format("latency_error '{}'", e.id));
  e.ttft_pct = ReadErrorPct(t, "ttft_pct", /*required=*/true).value_or(0);
  e.output_speed_pct = ReadErrorPct(t, "output_speed_pct", /*required=*/true).value_or(0);
  e.source = t.RequireString("source");
  e.checked = t.RequireString("checked");
  t.Finish();
  return e;
}

void ResolveOffers(std::vector<ApiOffer>* offers, const std::vector<OfferProfile>& profiles,
                   const std::vector<LatencyError>& errors,
                   const std::vector<std::string>& region_ids, Diagnostics* diag) {
  auto band = [&](LatencyBasis b) -> const LatencyError* {
    for (const LatencyError& e : errors)
      if (e.id == LatencyBasisName(b)) return &e;
    return nullptr;
  };
  auto check_regions = [&](const std::vector<std::string>& regions,
                           const std::vector<SourceLoc>& locs, const std::string& what) {
    for (size_t i = 0; i < regions.size(); ++i) {
      if (std::find(region_ids.begin(), region_ids.end(), regions[i]) != region_ids.end()) continue;
      diag->Error(
          i < locs.size() ? locs[i] : SourceLoc{},
          fmt::format("{}: {}", what, UnknownNameMessage("region", regions[i], region_ids)));
    }
  };
  for (const OfferProfile& p : profiles)
    check_regions(p.regions, p.region_locs, fmt::format("offer_profile '{}'", p.id));

  for (ApiOffer& o : *offers) {
    check_regions(o.regions, o.region_locs, fmt::format("offer '{}'", o.id));
    std::vector<std::string> sources;
    if (o.latency_keys_set) sources.push_back(o.latency.source);
    auto best = [&](auto has) {
      const OfferProfile* found = nullptr;
      int found_rank = -1;
      for (const OfferProfile& p : profiles) {
        int rank = ProfileSpecificity(p.id, o.id);
        if (rank > found_rank && has(p)) {
          found = &p;
          found_rank = rank;
        }
      }
      return found;
    };
    // The basis of the figure each key gets: the offer's own, or its winning profile's.
    LatencyBasis basis[kLatencyKeyCount];
    const OfferProfile* from[kLatencyKeyCount] = {};
    for (int i = 0; i < kLatencyKeyCount; ++i) {
      basis[i] = o.latency_basis;
      if (o.latency_keys_set & (1u << i)) continue;
      const OfferProfile* p =
          best([i](const OfferProfile& q) { return q.latency_keys_set & (1u << i); });
      if (!p) {
        diag->Error(o.loc, fmt::format("offer '{}' has no latency figure '{}': set it in "
                                       "[offer.latency] or in an [[offer_profile]] that matches",
                                       o.id, kLatencyKeys[i]));
        continue;
      }
      LatencyField(o.latency, i) = LatencyField(p->latency, i);
      basis[i] = p->latency_basis;
      from[i] = p;
      if (std::find(sources.begin(), sources.end(), p->source) == sources.end())
        sources.push_back(p->source);
    }
    const LatencyBasis ttft = basis[kTtftFixedKey], speed = basis[kOutputSpeedKey];
    o.latency_basis = ttft == LatencyBasis::kCalibrated && speed == LatencyBasis::kCalibrated
                          ? LatencyBasis::kCalibrated
                      : ttft != LatencyBasis::kAssumed && speed != LatencyBasis::kAssumed
                          ? LatencyBasis::kPublished
                          : LatencyBasis::kAssumed;
    // Each figure's band follows its own basis.
    if (ttft == LatencyBasis::kCalibrated && from[kTtftFixedKey]) {
      o.ttft_error_pct = from[kTtftFixedKey]->ttft_error_pct;
    } else if (const LatencyError* e = band(ttft)) {
      o.ttft_error_pct = e->ttft_pct;
    }
    if (speed == LatencyBasis::kCalibrated && from[kOutputSpeedKey]) {
      o.output_speed_error_pct = from[kOutputSpeedKey]->output_speed_error_pct;
    } else if (const LatencyError* e = band(speed)) {
      o.output_speed_error_pct = e->output_speed_pct;
    }
    o.latency.source.clear();
    for (const std::string& s : sources)
      o.latency.source += (o.latency.source.empty() ? "" : "; ") + s;
    if (!o.has_batch()) {
      if (const OfferProfile* p =
              best([](const OfferProfile& q) { return q.batch_discount > 0; })) {
        o.batch_input_usd_per_mtok = o.prices.input_usd_per_mtok * p->batch_discount;
        o.batch_output_usd_per_mtok = o.prices.output_usd_per_mtok * p->batch_discount;
        o.batch_source = p->source;
      }
    }
    if (o.regions.empty() && !o.on_device) {
      if (const OfferProfile* p = best([](const OfferProfile& q) { return !q.regions.empty(); })) {
        o.regions = p->regions;
        o.regions_source = p->source;
      }
    }
  }
}

}  // namespace plan
