#include "sim/router.h"

#include <cassert>

namespace plan {

const std::vector<std::string>& RoutePolicyNames() {
  static const std::vector<std::string> names = {"round_robin", "least_outstanding",
                                                 "prefix_affinity", "session_affinity"};
  return names;
}

RoutePolicy ParseRoutePolicy(const std::string& name) {
  const auto& names = RoutePolicyNames();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<RoutePolicy>(i);
  assert(false && "validated by the scenario loader");
  return RoutePolicy::kLeastOutstanding;
}

const char* RoutePolicyName(RoutePolicy p) {
  return RoutePolicyNames()[static_cast<size_t>(p)].c_str();
}

int32_t Router::LeastOutstanding(const std::vector<int32_t>& outstanding,
                                 const std::vector<char>& eligible) const {
  int32_t best = -1;
  for (size_t i = 0; i < outstanding.size(); ++i) {
    if (!eligible[i]) continue;
    if (best < 0 || outstanding[i] < outstanding[best]) best = static_cast<int32_t>(i);
  }
  assert(best >= 0);
  return best;
}

int32_t Router::Affine(uint64_t key, const std::vector<int32_t>& outstanding,
                       const std::vector<char>& eligible) {
  int32_t least = LeastOutstanding(outstanding, eligible);
  auto it = sticky_.find(key);
  if (it != sticky_.end() && eligible[it->second] &&
      outstanding[it->second] <= outstanding[least] + kAffinitySlack)
    return it->second;
  sticky_[key] = least;
  return least;
}

int32_t Router::Choose(const Request& r, const std::vector<int32_t>& outstanding,
                       const std::vector<char>& eligible, const std::vector<int32_t>& cached) {
  if (by_adapter_.enabled) {
    const int32_t i = AdapterFor(by_adapter_, r.id, r.label);
    assert(static_cast<size_t>(i) < eligible.size() && eligible[i]);
    return i;
  }
  switch (policy_) {
    case RoutePolicy::kRoundRobin: {
      size_t n = outstanding.size();
      for (size_t tries = 0; tries < n; ++tries) {
        size_t i = next_++ % n;
        if (eligible[i]) return static_cast<int32_t>(i);
      }
      assert(false && "no eligible replica");
      return 0;
    }
    case RoutePolicy::kLeastOutstanding:
      return LeastOutstanding(outstanding, eligible);
    case RoutePolicy::kPrefixAffinity: {
      int32_t least = LeastOutstanding(outstanding, eligible);
      int32_t best = least;
      for (size_t i = 0; i < cached.size(); ++i) {
        if (!eligible[i] || outstanding[i] > outstanding[least] + kAffinitySlack) continue;
        if (cached[i] > cached[best] ||
            (cached[i] == cached[best] && outstanding[i] < outstanding[best]))
          best = static_cast<int32_t>(i);
      }
      return best;
    }
    case RoutePolicy::kSessionAffinity:
      if (r.session != 0) return Affine(r.session, outstanding, eligible);
      return LeastOutstanding(outstanding, eligible);
  }
  return 0;
}

}  // namespace plan
