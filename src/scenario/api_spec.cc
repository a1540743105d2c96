#include "scenario/api_spec.h"

#include <fmt/format.h>
#include <algorithm>

#include "util/input_limits.h"
#include "util/suggest.h"

namespace plan {

namespace {

std::string Candidate(const TomlTable& t) { return fmt::format("candidate '{}'", t.what()); }

// An unknown offer's message: the nearest offer of the same provider first (a typo in the
// model name), then the nearest of all.
std::string UnknownOffer(const std::string& id, const Catalog& catalog) {
  size_t slash = id.find('/');
  if (slash != std::string::npos) {
    std::string prefix = id.substr(0, slash + 1);
    std::vector<std::string> same;
    for (const std::string& o : catalog.OfferIds())
      if (o.rfind(prefix, 0) == 0) same.push_back(o);
    const std::vector<std::string> nearest = NearestNames(id, same);
    if (!nearest.empty())
      return fmt::format("unknown offer '{}'; did you mean {}?", id, QuotedChoices(nearest));
  }
  return UnknownNameMessage("offer", id, catalog.OfferIds());
}

// The round trip from the users' region to the nearest region serving `offer`.
void ResolveRtt(TomlTable& t, const Catalog& catalog, const ApiOffer& offer, ApiSpec* s) {
  if (offer.regions.empty()) {
    t.Error("region", fmt::format("{}: offer '{}' names no region in the catalog, so the round "
                                  "trip from '{}' is unknown",
                                  Candidate(t), offer.id, s->region));
    return;
  }
  double best = -1;
  for (const std::string& r : offer.regions) {
    double rtt = catalog.RttS(s->region, r);
    if (rtt >= 0 && (best < 0 || rtt < best)) {
      best = rtt;
      s->served_from = r;
    }
  }
  if (best < 0) {
    std::string regions;
    for (const std::string& r : offer.regions) regions += (regions.empty() ? "" : ", ") + r;
    t.Error("region", fmt::format("{}: no round-trip time in the catalog from '{}' to any region "
                                  "of offer '{}' ({})",
                                  Candidate(t), s->region, offer.id, regions));
    return;
  }
  s->rtt_s = best;
}

std::vector<OutageSpec> ParseOutages(TomlTable& t) {
  std::vector<OutageSpec> out;
  for (const toml::table* ot : t.TableArray("outages")) {
    TomlTable o(*ot, t.path(), t.diag(), fmt::format("an outage of {}", Candidate(t)));
    OutageSpec w;
    w.start_s = o.RequireNumberInRange("start_s", 0, limits::kMaxSeconds);
    w.end_s = o.RequireNumberInRange("end_s", 0, limits::kMaxSeconds);
    if (o.raw().get("start_s") && o.raw().get("end_s") && w.end_s <= w.start_s)
      o.Error("end_s", fmt::format("'end_s' in {} must be after start_s ({}), not {}", o.what(),
                                   w.start_s, w.end_s));
    o.Finish();
    out.push_back(w);
  }
  return out;
}

}  // namespace

ApiSpec ParseApiSpec(TomlTable& t, const Catalog& catalog) {
  ApiSpec s;
  s.offer = t.RequireString("offer");
  const ApiOffer* offer = s.offer.empty() ? nullptr : catalog.FindOffer(s.offer);
  if (!s.offer.empty() && !offer)
    t.Error("offer", fmt::format("{}: {}", Candidate(t), UnknownOffer(s.offer, catalog)));
  s.region = t.String("region").value_or("");
  if (!s.region.empty() && !catalog.FindRegion(s.region)) {
    t.Error("region", fmt::format("{}: {}", Candidate(t),
                                  UnknownNameMessage("region", s.region, catalog.RegionIds())));
  } else if (!s.region.empty() && offer && !offer->on_device) {
    ResolveRtt(t, catalog, *offer, &s);
  }

  s.batch = t.Bool("batch").value_or(false);
  if (s.batch && offer && !offer->has_batch())
    t.Error("batch", fmt::format("{}: offer '{}' has no batch price in the catalog", Candidate(t),
                                 offer->id));
  s.batch_turnaround_s =
      t.NumberInRange("batch_turnaround_s", 0, limits::kMaxSeconds).value_or(s.batch_turnaround_s);
  s.cached_fraction = t.NumberInRange("cached_fraction", 0, 1);
  s.prompt_caching = t.Bool("prompt_caching").value_or(true);
  s.cache_ttl_s =
      t.NumberInRange("cache_ttl_s", 0, limits::kMaxSeconds, true).value_or(s.cache_ttl_s);
  s.outages = ParseOutages(t);
  s.availability = t.NumberInRange("availability", 0, 1).value_or(1.0);
  s.max_retries = static_cast<int32_t>(
      t.IntInRange("max_retries", 0, limits::kMaxRetries).value_or(s.max_retries));
  s.retry_backoff_s =
      t.NumberInRange("retry_backoff_s", 0, limits::kMaxSeconds).value_or(s.retry_backoff_s);
  s.retry_backoff_max_s = t.NumberInRange("retry_backoff_max_s", 0, limits::kMaxSeconds)
                              .value_or(std::max(s.retry_backoff_max_s, s.retry_backoff_s));
  s.rpm = t.NumberInRange("rpm", 0, limits::kMaxPerMinute, true);
  s.tpm = t.NumberInRange("tpm", 0, limits::kMaxPerMinute, true);
  return s;
}

}  // namespace plan
