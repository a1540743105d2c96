// A self-hosted candidate run as serverless GPU containers (Modal, RunPod serverless, Beam,
// Replicate; sim/fleet.h): a table
//   [candidate.serverless]
//   usd_per_gpu_s = 0.001097   # the vendor's per-second GPU price
//   max_containers = 4         # the cap on containers up at once
//   concurrency = 32           # requests one container serves at once (its max_num_seqs)
//   idle_timeout_s = 60        # keep-warm window: idle this long, a container stops
//   min_billed_s = 0           # paid at least this long per container start
//   container_start_s = 2      # container scheduled and booted
//   load_gb_per_s = 2          # weights loaded at this rate (GB = 1e9 bytes)
//   warmup_s = 10              # engine warm-up (graph capture, first compile) before serving
// The fleet starts at zero containers; a cold start is container_start_s + the model's weight
// bytes / load_gb_per_s + warmup_s. Published figures: scenarios/serverless-bursty.toml.
#pragma once

#include <cstdint>
#include <optional>

namespace plan {

class TomlTable;

struct ServerlessSpec {
  bool enabled = false;  // a table was given
  double usd_per_gpu_s = 0;
  int32_t max_containers = 1;
  std::optional<int32_t> concurrency;
  double idle_timeout_s = 0;
  double min_billed_s = 0;
  double container_start_s = 0;
  double load_gb_per_s = 1;
  double warmup_s = 0;
};

// Reads `serverless` from the self-hosted candidate table `t`, if there; errors point at the
// offending key (a negative timeout, a zero load bandwidth) or at what it cannot combine with
// (replicas, autoscale, interruptions, price_usd_per_gpu_hour, max_num_seqs).
ServerlessSpec ParseServerlessSpec(TomlTable& t);

}  // namespace plan
