#include "scenario/multi_region_spec.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>
#include <cmath>

#include "catalog/catalog.h"
#include "util/input_limits.h"
#include "util/suggest.h"
#include "util/toml_reader.h"

namespace plan {

const char* RegionRoutingName(RegionRouting r) {
  switch (r) {
    case RegionRouting::kNearest:
      return "nearest";
    case RegionRouting::kLowestLatency:
      return "lowest_latency";
    case RegionRouting::kFailover:
      return "failover";
  }
  return "";
}

namespace {

SourceLoc KeyLocOf(const toml::key& key, const std::string& path) {
  const auto& begin = key.source().begin;
  return {path, static_cast<int>(begin.line), static_cast<int>(begin.column)};
}

// Checks a region id at `loc`; false (with the error) when the catalog does not know it.
bool KnownRegion(TomlTable& t, const SourceLoc& loc, const std::string& id,
                 const Catalog& catalog) {
  if (catalog.FindRegion(id)) return true;
  t.diag()->Error(loc, fmt::format("candidate '{}': {}", t.what(),
                                   UnknownNameMessage("region", id, catalog.RegionIds())));
  return false;
}

bool ParseUsers(TomlTable& t, const Catalog& catalog, MultiRegionSpec* m) {
  const toml::node* users = t.raw().get("users");
  t.Known({"users"});
  if (!users) {
    t.ErrorHere(fmt::format("candidate '{}' is missing required key 'users'", t.what()));
    return false;
  }
  bool ok = true;
  if (const toml::array* list = users->as_array()) {
    m->users_from_trace = true;
    for (const toml::node& n : *list) {
      if (!n.is_string()) {
        t.diag()->Error(LocOf(n, t.path()), fmt::format("'users' in {} must hold region ids, "
                                                        "not {}",
                                                        t.what(), TomlTypeName(n)));
        ok = false;
        continue;
      }
      std::string id = *n.value<std::string>();
      ok &= KnownRegion(t, LocOf(n, t.path()), id, catalog);
      m->users.push_back({id, 0});
    }
  } else if (const toml::table* shares = users->as_table()) {
    double sum = 0;
    for (const auto& [key, value] : *shares) {
      std::string id(key.str());
      ok &= KnownRegion(t, KeyLocOf(key, t.path()), id, catalog);
      std::optional<double> share = value.value<double>();
      if (!share || !value.is_number() || !(*share >= 0 && *share <= 1)) {
        t.diag()->Error(LocOf(value, t.path()),
                        fmt::format("the share of users in '{}' ({}) must be a number from 0 to 1",
                                    id, t.what()));
        ok = false;
        continue;
      }
      m->users.push_back({id, *share});
      sum += *share;
    }
    if (ok && !(std::abs(sum - 1) <= 1e-9)) {
      t.Error("users",
              fmt::format("the user shares of candidate '{}' sum to {:g}, not 1", t.what(), sum));
      ok = false;
    }
  } else {
    t.Error("users", fmt::format("'users' in {} must be a table of shares ({{ \"us-east\" = 0.6, "
                                 "... }}) or a list of regions the trace's region column indexes, "
                                 "not {}",
                                 t.what(), TomlTypeName(*users)));
    return false;
  }
  if (m->users.empty()) {
    t.Error("users", fmt::format("'users' in {} names no region", t.what()));
    return false;
  }
  return ok;
}

bool ParseDeployments(TomlTable& t, const Catalog& catalog, MultiRegionSpec* m) {
  bool ok = true;
  for (const toml::table* dt : t.TableArray("deployments")) {
    TomlTable d(*dt, t.path(), t.diag(), fmt::format("a deployment of candidate '{}'", t.what()));
    DeploymentSpec dep;
    dep.region = d.RequireString("region");
    dep.region_loc = d.KeyLoc("region");
    dep.target = ReadTargetRef(d, "target");
    d.Finish();
    d.set_what(t.what());
    if (!dep.region.empty())
      ok &= KnownRegion(d, dep.region_loc, dep.region, catalog);
    else
      ok = false;
    m->deployments.push_back(std::move(dep));
  }
  if (m->deployments.empty() && !t.raw().get("deployments"))
    t.ErrorHere(fmt::format("candidate '{}' is missing required key 'deployments'", t.what()));
  return ok && !m->deployments.empty();
}

bool ParseResidency(TomlTable& t, const Catalog& catalog, MultiRegionSpec* m) {
  const toml::node* r = t.raw().get("residency");
  t.Known({"residency"});
  if (!r) return true;
  bool ok = true;
  if (r->is_string()) {
    if (*r->value<std::string>() == "jurisdiction") {
      m->residency_by_jurisdiction = true;
      return true;
    }
    t.Error("residency", fmt::format("'residency' in {} must be \"jurisdiction\" or a table of "
                                     "allowed regions per user region, not \"{}\"",
                                     t.what(), *r->value<std::string>()));
    return false;
  }
  const toml::table* table = r->as_table();
  if (!table) {
    t.Error("residency",
            fmt::format("'residency' in {} must be \"jurisdiction\" or a table, not {}", t.what(),
                        TomlTypeName(*r)));
    return false;
  }
  for (const auto& [key, value] : *table) {
    std::string user(key.str());
    ok &= KnownRegion(t, KeyLocOf(key, t.path()), user, catalog);
    std::vector<std::string> allowed;
    const toml::array* list = value.as_array();
    if (!list) {
      t.diag()->Error(
          LocOf(value, t.path()),
          fmt::format("residency of users in '{}' ({}) must be a list of regions", user, t.what()));
      ok = false;
      continue;
    }
    for (const toml::node& n : *list) {
      std::optional<std::string> id = n.value<std::string>();
      if (!id || !n.is_string()) {
        t.diag()->Error(LocOf(n, t.path()), fmt::format("residency of users in '{}' ({}) must "
                                                        "hold region ids, not {}",
                                                        user, t.what(), TomlTypeName(n)));
        ok = false;
        continue;
      }
      ok &= KnownRegion(t, LocOf(n, t.path()), *id, catalog);
      allowed.push_back(*id);
    }
    m->residency.push_back({user, std::move(allowed), KeyLocOf(key, t.path())});
  }
  return ok;
}

bool Allowed(const MultiRegionSpec& m, const Catalog& catalog, const std::string& user,
             const std::string& deployment) {
  if (m.residency_by_jurisdiction)
    return catalog.FindRegion(user)->jurisdiction == catalog.FindRegion(deployment)->jurisdiction;
  for (const MultiRegionSpec::Residency& r : m.residency)
    if (r.user == user)
      return std::find(r.allowed.begin(), r.allowed.end(), deployment) != r.allowed.end();
  return true;
}

void ResolveRtts(TomlTable& t, const Catalog& catalog, MultiRegionSpec* m) {
  m->rtt_s.assign(m->users.size(), std::vector<double>(m->deployments.size(), -1));
  for (size_t d = 0; d < m->deployments.size(); ++d) {
    const DeploymentSpec& dep = m->deployments[d];
    for (size_t u = 0; u < m->users.size(); ++u) {
      const std::string& user = m->users[u].region;
      if (!Allowed(*m, catalog, user, dep.region)) continue;
      double rtt = catalog.RttS(user, dep.region);
      if (rtt < 0) {
        t.diag()->Error(dep.region_loc,
                        fmt::format("candidate '{}': no round-trip time in the catalog between "
                                    "users in '{}' and the deployment in '{}' (add an [[rtt]] "
                                    "row in a catalog overlay)",
                                    t.what(), user, dep.region));
        continue;
      }
      m->rtt_s[u][d] = rtt;
    }
  }
}

}  // namespace

MultiRegionSpec ParseMultiRegionSpec(TomlTable& t, const Catalog& catalog) {
  MultiRegionSpec m;
  bool ok = ParseUsers(t, catalog, &m);
  ok &= ParseDeployments(t, catalog, &m);
  ok &= ParseResidency(t, catalog, &m);
  std::string routing = t.Choice("routing", {"nearest", "lowest_latency", "failover"}, "nearest");
  m.routing = routing == "lowest_latency" ? RegionRouting::kLowestLatency
              : routing == "failover"     ? RegionRouting::kFailover
                                          : RegionRouting::kNearest;
  m.health_check_s =
      t.NumberInRange("health_check_s", 0, limits::kMaxSeconds).value_or(m.health_check_s);
  std::vector<std::string> users;
  for (const UserRegionSpec& u : m.users) users.push_back(u.region);
  for (const MultiRegionSpec::Residency& r : m.residency) {
    if (std::find(users.begin(), users.end(), r.user) != users.end()) continue;
    if (!catalog.FindRegion(r.user)) continue;  // reported as unknown already
    t.diag()->Error(r.loc, fmt::format("candidate '{}': residency names users in '{}', who are "
                                       "not among 'users' ({})",
                                       t.what(), r.user, fmt::join(users, ", ")));
    ok = false;
  }
  if (ok) ResolveRtts(t, catalog, &m);
  return m;
}

std::string ResidencyDescription(const MultiRegionSpec& m, const Catalog& catalog) {
  if (m.residency_by_jurisdiction) {
    std::string zones;
    for (const UserRegionSpec& u : m.users)
      zones += fmt::format("{}{} users only in '{}' regions", zones.empty() ? "" : "; ", u.region,
                           catalog.FindRegion(u.region)->jurisdiction);
    return "residency by jurisdiction: " + zones;
  }
  std::string out;
  for (const MultiRegionSpec::Residency& r : m.residency) {
    std::string list;
    for (const std::string& a : r.allowed) list += (list.empty() ? "" : ", ") + a;
    out += fmt::format("{}{} users only in {}", out.empty() ? "" : "; ", r.user,
                       list.empty() ? "no region" : list);
  }
  return out.empty() ? "" : "residency: " + out;
}

}  // namespace plan
