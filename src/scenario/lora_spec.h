// Many LoRA adapters served on one self-hosted base model (vLLM --enable-lora --max-loras
// --max-lora-rank --max-cpu-loras; sim/lora_slots.h): a table
//   [candidate.lora]
//   adapters = 50              # fine-tunes of the base, one per customer
//   rank = 16                  # the largest rank (vLLM's --max-lora-rank sizes every slot)
//   target_modules = "attention"  # q, k, v, o; "all" adds the MLP's gate, up, down
//   max_loras = 4              # adapters on the GPU at once = distinct adapters per batch
//   max_cpu_loras = 50         # adapters kept in host memory (default: all of them)
//   load_gb_per_s = 10         # host -> GPU copy of an adapter (GB = 1e9 bytes)
//   disk_gb_per_s = 2          # disk -> host, needed when max_cpu_loras < adapters
//   popularity = { dist = "zipf", exponent = 1.1 }   # or "uniform"
//   adapter_from = "label"     # the trace's label column names each request's adapter
//                              # (0-based); unlabelled or out-of-range requests draw from
//                              # the popularity (default "popularity": every request draws)
// Each request uses one adapter drawn (seeded) from the popularity; the slots take
// max_loras x the adapter's bytes per GPU from the KV cache.
//
// serving = "dedicated" is the alternative a team weighs against that: each fine-tune merged
// into its own full model on its own replica (`adapters` replicas, no LoRA kernels or slots),
// each replica serving only its adapter's requests. It takes adapters and popularity only.
#pragma once

#include <cstdint>

#include "util/source_loc.h"

namespace plan {

class TomlTable;

struct LoraSpec {
  bool enabled = false;    // a table was given
  bool dedicated = false;  // serving = "dedicated": one merged replica per adapter
  int32_t adapters = 1;
  int32_t rank = 8;
  bool mlp = false;  // target_modules = "all"
  int32_t max_loras = 1;
  int32_t max_cpu_loras = 1;
  double load_gb_per_s = 1;
  double disk_gb_per_s = 0;  // 0 = never read from disk (every adapter on the host)
  double zipf_exponent = 0;  // 0 = uniform
  bool from_label = false;   // adapter_from = "label": the trace's label column names it
  SourceLoc max_loras_loc;   // where a "does not fit" error points
};

// Reads `lora` from the self-hosted candidate table `t`, if there; errors point at the
// offending key: rank 0, max_loras above adapters, max_cpu_loras below max_loras, a zero
// bandwidth, disk_gb_per_s missing when adapters must come from disk, an unknown popularity.
LoraSpec ParseLoraSpec(TomlTable& t);

}  // namespace plan
