// A serving engine: scheduling defaults and efficiency factors per GPU family.
#pragma once

#include <string>
#include <vector>

#include "util/source_loc.h"

namespace plan {

// How close to the roofline an engine gets on one GPU family. Fitted; see engines.toml.
struct Efficiency {
  std::string family;              // "default" applies where no family matches
  double compute = 0.5;            // fraction of peak FLOP/s a GEMM reaches
  double memory = 0.8;             // fraction of peak HBM bandwidth a streaming kernel reaches
  double link = 0.7;               // fraction of link bandwidth an all-reduce reaches
  double kernel_overhead_s = 0;    // per kernel launch (CUDA graphs make this small)
  double step_overhead_s = 0;      // per engine iteration: scheduling, sampling, host work
  double allreduce_latency_s = 0;  // per all-reduce, on top of its bandwidth term
  std::string evidence;            // what the figures were fitted to
  SourceLoc loc;
  SourceLoc family_loc;  // the `family` value, for unknown-family errors
};

struct EngineProfile {
  std::string id;
  std::string name;
  bool chunked_prefill = true;
  bool prefix_caching = true;
  // Admission: kMaxUtilization (vLLM, SGLang) admits while blocks for the next chunk are free and
  // preempts when decodes run out; kGuaranteedNoEvict (TensorRT-LLM's default capacity
  // scheduler) admits only when the whole sequence, prompt and maximum output, can be reserved.
  enum class CapacityPolicy { kMaxUtilization, kGuaranteedNoEvict };
  CapacityPolicy capacity_policy = CapacityPolicy::kMaxUtilization;
  int max_num_seqs = 256;
  int max_batched_tokens = 8192;
  int block_size_tokens = 16;
  double gpu_memory_utilization = 0.9;
  // Memory kept back per GPU for activations, CUDA graphs and the allocator.
  double activation_reserve_bytes = 0;
  std::vector<Efficiency> efficiency;
  std::string source;
  std::string checked;
  SourceLoc loc;

  // The entry for `family`, else "default". REQUIRES: a "default" entry exists (validated).
  const Efficiency& EfficiencyFor(const std::string& family) const;
};

}  // namespace plan
