// A candidate of kind "multi_region": users in regions, deployments in regions, a routing
// rule, and data-residency rules the simulation enforces.
//   users        { "us-east" = 0.6, "eu-west" = 0.4 }: shares, each request's region drawn;
//                or ["us-east", "eu-west"]: the trace's region column indexes this list.
//   deployments  [{ region = "us-east", target = "fleet-a" }, ...]: a candidate or an offer
//                per region; the user-to-deployment round trip comes from catalog/regions.toml.
//   routing      nearest | lowest_latency | failover (region_router.h says how each decides).
//   residency    { "eu-west" = ["eu-west", "eu-central"] }: where those users may be served
//                (users not listed: anywhere); or "jurisdiction": only in their own.
#pragma once

#include <string>
#include <vector>

#include "scenario/target_ref.h"
#include "util/source_loc.h"

namespace plan {

class Catalog;
class TomlTable;

enum class RegionRouting { kNearest, kLowestLatency, kFailover };
const char* RegionRoutingName(RegionRouting r);

// How long a deployment is skipped after it failed a request (failover routing): a health
// check's period, as DNS/GSLB failover uses; a planning default.
inline constexpr double kDefaultHealthCheckS = 10;

struct UserRegionSpec {
  std::string region;
  double share = 0;  // unused when users come from the trace
};

struct DeploymentSpec {
  std::string region;
  TargetRef target;
  SourceLoc region_loc;
};

struct MultiRegionSpec {
  std::vector<UserRegionSpec> users;
  bool users_from_trace = false;
  std::vector<DeploymentSpec> deployments;
  RegionRouting routing = RegionRouting::kNearest;
  bool residency_by_jurisdiction = false;
  // User region -> the deployment regions allowed to serve it; users not listed: any.
  struct Residency {
    std::string user;
    std::vector<std::string> allowed;
    SourceLoc loc;
  };
  std::vector<Residency> residency;
  double health_check_s = kDefaultHealthCheckS;
  // From the catalog: rtt_s[user][deployment] for an allowed pair, -1 for a forbidden one.
  std::vector<std::vector<double>> rtt_s;
};

// Reads the multi_region keys of candidate table `t`, checks every region against the
// catalog and resolves the round trips (the caller reads name and kind and calls Finish).
MultiRegionSpec ParseMultiRegionSpec(TomlTable& t, const Catalog& catalog);

// "eu-west users only in eu-west, eu-central; ..." or the jurisdiction rule; "" when none.
std::string ResidencyDescription(const MultiRegionSpec& m, const Catalog& catalog);

}  // namespace plan
