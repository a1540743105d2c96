// A serving engine: scheduling defaults, memory rule and efficiency factors per GPU family.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "catalog/engine_version.h"
#include "util/source_loc.h"

namespace plan {

// How close to the roofline an engine gets on one GPU family, and how well that is known.
// Fitted to catalog/evidence/ (plan fidelity --fit); see engines.toml.
struct Efficiency {
  std::string family;            // "default" applies where no family matches
  double compute = 0.5;          // fraction of peak FLOP/s a GEMM reaches
  double memory = 0.8;           // fraction of peak HBM bandwidth a streaming kernel reaches
  double kernel_overhead_s = 0;  // per kernel in a step replayed from a CUDA graph
  // Per kernel in a step run eagerly (too many tokens for the engine's CUDA graphs): host launch
  // and framework time the GPU waits for. 0 = the same as kernel_overhead_s.
  double eager_kernel_overhead_s = 0;
  double step_overhead_s = 0;  // per engine iteration: scheduling, sampling, host work
  // Fidelity (issue 10): what the figures rest on. basis "fitted": fitted to `evidence_rows`
  // rows selected by `evidence_set`; "uncalibrated": borrowed from `borrowed_from` (another
  // engine/family pair) with a widened error. error_rms_log and error_worst (a ratio >= 1) are
  // the fit's error over its rows; error_pct is the half-width, in percent, of the band reports
  // apply to a prediction from this row.
  std::string basis = "uncalibrated";
  std::string evidence_set;
  int evidence_rows = 0;
  double error_rms_log = 0;
  double error_worst = 1;
  double error_pct = 0;
  std::string borrowed_from;
  std::string evidence;  // prose: what the figures were fitted to, or why they are borrowed
  // When set, only rows of these publications (evidence source_id) count for the pair: the
  // others measured another generation of the engine (TensorRT-LLM's engine builder before
  // its PyTorch backend) and are skipped with that reason.
  std::vector<std::string> evidence_sources;
  SourceLoc loc;
  SourceLoc family_loc;  // the `family` value, for unknown-family errors
  bool operator==(const Efficiency&) const = default;
};

// How the engine sizes its KV cache at start-up (catalog/evidence/engine_defaults.csv).
enum class KvRule {
  // vLLM, TGI, MLC: memory x utilisation - weights - the peak activation of one
  // max_batched_tokens forward (with the sampler's logits) - runtime reserve.
  kProfiledPeak,
  // SGLang: memory x mem_fraction_static(tp) - weights; activations live outside the fraction.
  kStaticFraction,
  // TensorRT-LLM: utilisation x (memory - weights - activations - runtime reserve).
  kFreeFraction,
  // llama.cpp: the context the server is started with (the model's, by default), if it fits.
  kContext,
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
  KvRule kv_rule = KvRule::kProfiledPeak;
  // Memory outside the profiled activations: CUDA context, NCCL and library workspaces, CUDA
  // graphs (per GPU).
  double runtime_reserve_bytes = 0;
  // kStaticFraction: the fraction of memory for weights + KV by tensor-parallel degree (the
  // largest tp not above the deployment's applies; gpu_memory_utilization below the first).
  std::vector<std::pair<int, double>> static_fraction_by_tp;
  // All-reduce: "custom" (one-shot/two-shot P2P kernels for small messages, NCCL above) or
  // "nccl" only.
  bool custom_allreduce = true;
  // CUDA graphs: steps of at most this many tokens replay a graph (kernel_overhead_s per
  // kernel); when graph_decode_only, only steps without a prefill chunk do. 0 = never.
  int cuda_graph_max_tokens = 0;
  bool graph_decode_only = false;
  // The weight formats (quant ids) the engine loads; empty: any. A candidate naming another is
  // an input error. quants_loc: where the list sits, for the catalog's cross-check.
  std::vector<std::string> quants;
  SourceLoc quants_loc;
  // The engine's own context cap (an on-device model exported for 2,048 tokens); 0 = the
  // model's window. A prompt past the smaller of the two is rejected, as over the model's.
  int64_t max_context_tokens = 0;
  std::vector<EngineVersion> versions;  // release rule sets, oldest first; may be empty
  std::vector<Efficiency> efficiency;
  std::string source;
  std::string checked;
  SourceLoc loc;

  // The entry for `family`, else "default". REQUIRES: a "default" entry exists (validated).
  const Efficiency& EfficiencyFor(const std::string& family) const;
  // The release `id`, or nullptr.
  const EngineVersion* FindVersion(const std::string& id) const;
  // The newest release the catalog knows, or nullptr when it knows none.
  const EngineVersion* NewestVersion() const;
  std::vector<std::string> VersionIds() const;
  // Whether the engine loads weights in `quant` (any, where quants is empty).
  bool Loads(const std::string& quant) const;
  bool operator==(const EngineProfile&) const = default;
};

const char* KvRuleName(KvRule rule);

}  // namespace plan
