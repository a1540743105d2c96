// Chooses the replica for each request. Deterministic: ties go to the lowest index.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "sim/lora_slots.h"
#include "workload/request.h"

namespace plan {

enum class RoutePolicy { kRoundRobin, kLeastOutstanding, kPrefixAffinity, kSessionAffinity };

const std::vector<std::string>& RoutePolicyNames();     // in enum order
RoutePolicy ParseRoutePolicy(const std::string& name);  // REQUIRES: one of RoutePolicyNames()
const char* RoutePolicyName(RoutePolicy p);

class Router {
 public:
  // `by_adapter` enabled: request r goes to replica AdapterFor(by_adapter, r.id, r.label) (one
  // per dedicated fine-tune), whatever the policy; REQUIRES then one replica per adapter.
  explicit Router(RoutePolicy policy, LoraConfig by_adapter = {})
      : policy_(policy), by_adapter_(std::move(by_adapter)) {}

  // `outstanding[i]` is replica i's waiting + running count; `eligible[i]` says whether it
  // takes new requests (ready and not draining); `cached[i]` (prefix affinity only) is how many
  // of the request's leading prefix blocks replica i holds. REQUIRES: one eligible replica.
  int32_t Choose(const Request& r, const std::vector<int32_t>& outstanding,
                 const std::vector<char>& eligible, const std::vector<int32_t>& cached);

  // Affinity gives way to balance when the preferred replica has more than this many
  // outstanding requests above the least loaded one: a hot prefix must not melt one replica.
  // Prefix affinity routes like a KV-cache-aware router (SGLang's router, llm-d, Dynamo): to
  // the replica already holding the longest prefix of the prompt, within that slack.
  static constexpr int32_t kAffinitySlack = 8;

 private:
  int32_t LeastOutstanding(const std::vector<int32_t>& outstanding,
                           const std::vector<char>& eligible) const;
  int32_t Affine(uint64_t key, const std::vector<int32_t>& outstanding,
                 const std::vector<char>& eligible);

  RoutePolicy policy_;
  LoraConfig by_adapter_;
  uint64_t next_ = 0;
  std::unordered_map<uint64_t, int32_t> sticky_;  // session or prefix -> replica
};

}  // namespace plan
