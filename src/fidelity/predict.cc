#include "fidelity/predict.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "catalog/resolve_engine.h"
#include "perf/allreduce.h"
#include "perf/perf.h"
#include "probe/calibrate_roofline.h"

namespace plan {

namespace {

// lambda-vllm-benchmark sends the same 10 ShareGPT prompts in every run: 1,369 prompt tokens
// in all and about 2,000-2,200 generated (README, "lambda-vllm-benchmark"); vLLM 0.6 streamed
// them in chunks of its 10 multi-step scheduler steps.
constexpr double kLambdaPrompts = 10;
constexpr double kLambdaPromptTokens = 1369.0 / 10;
constexpr double kLambdaOutputTokens = 210;
constexpr double kLambdaStepsPerChunk = 10;
// llama-bench prompt processing runs micro-batches of -ub tokens (default 512).
constexpr int64_t kLlamaBenchMicroBatch = 512;
// Fixed-point passes for a closed loop's arrival rate (it depends on the e2e it predicts).
constexpr int kClosedLoopPasses = 4;

bool IsServingMetricMapped(const EvidenceRow& r) {
  const std::string& m = r.metric;
  if (r.mode == "offline-static-batch")
    return m == "batch_e2e_s" || m == "batch_e2e_ms" || m == "ttft_ms" ||
           m == "output_tok_per_s_per_gpu" || (m == "output_tok_per_s_as_labelled" && r.gpus == 1);
  if (r.mode == "offline-all-at-once")
    return m == "output_tok_per_s_total" || m == "output_tok_per_s_per_gpu";
  if (r.mode == "online-concurrency")
    return m == "ttft_ms" || m == "itl_ms" || m == "tpot_ms" || m == "output_tok_per_s_total" ||
           m == "requests_per_s" || m == "output_tok_per_s_per_request";
  if (r.mode == "online-all-at-once")
    return r.source_id == "lambda-vllm-benchmark" && r.statistic == "median" &&
           (m == "ttft_ms" || m == "tpot_ms" || m == "itl_ms");
  if (r.mode == "single-request")
    return m == "decode_tok_per_s" || m == "ttft_ms" || m == "tpot_ms";
  if (r.mode == "llama-bench")
    return m == "batch_e2e_s" || ((m.rfind("pp", 0) == 0 || m.rfind("tg", 0) == 0) &&
                                  m.find("eval") == std::string::npos);
  return false;
}

// Seconds to prefill `prompt` tokens of one sequence in micro-batches of `chunk`.
double ChunkedPrefillS(const StepModel& sm, int64_t prompt, int64_t chunk) {
  double s = 0;
  for (int64_t done = 0; done < prompt;) {
    const int64_t c = std::min(chunk, prompt - done);
    BatchShape b;
    b.prefill_seqs = 1;
    b.prefill_tokens = c;
    b.prefill_context_tokens = done;
    b.prefill_attention_pairs = double(c) * double(done) + c * (c + 1.0) / 2.0;
    s += sm.StepTimeS(b);
    done += c;
  }
  return s;
}

// `n` decode steps of `seqs` sequences from context `context` on.
double DecodeStepsS(const StepModel& sm, int64_t seqs, int64_t context, int64_t n) {
  double s = 0;
  for (int64_t i = 0; i < n; ++i) s += sm.StepTimeS(DecodeBatch(seqs, context + i));
  return s;
}

// A static batch: B prompts prefilled whole (as many per step as the token budget holds), then
// OSL - 1 decode steps (the prefill gives the first token).
double StaticBatchS(const StepModel& sm, int64_t batch, int64_t isl, int64_t osl) {
  const int64_t budget = sm.deployment().engine->max_batched_tokens;
  const int64_t per_step = std::max<int64_t>(1, budget / std::max<int64_t>(1, isl));
  double s = 0;
  for (int64_t done = 0; done < batch; done += per_step)
    s += sm.StepTimeS(PrefillBatch(std::min(per_step, batch - done), isl));
  return s + DecodeStepsS(sm, batch, isl, std::max<int64_t>(0, osl - 1));
}

// Output tokens/s of a saturated engine running all requests at once (bench/trtllm_calibration
// documents the steady state): N in flight, limited by the KV cache (a guaranteed-no-evict
// engine reserves ISL + OSL per sequence, others hold ISL + OSL/2 on average), max_num_seqs and
// the token budget; each step decodes N at context ISL + OSL/2 and prefills N x ISL/OSL.
double SteadyOfflineTokensPerS(const StepModel& sm, double isl, double osl) {
  const EngineProfile& e = *sm.deployment().engine;
  const bool reserve = e.capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict;
  const double held = reserve ? isl + osl : isl + osl / 2;
  double n = double(sm.memory().kv_capacity_tokens) / held;
  n = std::floor(std::min({n, double(e.max_num_seqs), e.max_batched_tokens / (1 + isl / osl)}));
  if (n < 1) return 0;
  BatchShape b = DecodeBatch(int64_t(n), int64_t(isl + osl / 2));
  b.prefill_tokens = std::llround(n * isl / osl);
  b.prefill_seqs = std::max<int64_t>(1, std::llround(n / osl));
  b.prefill_attention_pairs = n / osl * isl * (isl + 1) / 2;
  return n / sm.StepTimeS(b);
}

double PerSecondOrMs(const std::string& metric, double seconds) {
  return metric.size() > 3 && metric.compare(metric.size() - 3, 3, "_ms") == 0 ? seconds * 1e3
                                                                               : seconds;
}

}  // namespace

const GpuSpec* Predictor::FindGpu(const std::string& id) const {
  auto it = gpus_.find(id);
  return it != gpus_.end() ? &it->second : catalog_.FindGpu(id);
}

bool IsCustomAllReduce(const EvidenceRow& row) {
  return row.algorithm.find("graph") != std::string::npos || row.algorithm.rfind("TRTLLM", 0) == 0;
}

std::string Predictor::SkipReason(const EvidenceRow& row) const {
  const GpuSpec* gpu = FindGpu(row.gpu);
  if (row.gpu.empty() || !gpu) return "gpu not in the catalog (" + row.gpu_name + ")";
  if (row.set == "allreduce") {
    if (row.mode != "all_reduce") return "not an all-reduce (" + row.mode + ")";
    if (row.nodes > 1) return "crosses nodes: plan refuses tensor parallelism beyond a node";
    if (row.algorithm.find("eager") != std::string::npos)
      return "eager launch: decode steps replay the kernel from a CUDA graph";
    if (row.gpus > gpu->gpus_per_node) return "more GPUs than one node holds";
    const int max = gpu->interconnect.custom_max_gpus;
    if (IsCustomAllReduce(row) && max > 0 && row.gpus > max)
      return fmt::format("engines fall back to NCCL beyond {} GPUs on this link", max);
    return "";
  }
  if (row.engine.empty() || !catalog_.FindEngine(row.engine)) return "engine not in the catalog";
  if (row.model.empty() || !catalog_.FindModel(row.model)) return "model not in the catalog";
  if (row.quant.empty() || !catalog_.FindQuant(row.quant)) return "quant not in the catalog";
  if (row.set == "throughput" && row.source_id == "argonne-llm-inference-bench")
    return "the same run as latency.csv's batch_e2e_s row";
  if (!IsServingMetricMapped(row))
    return fmt::format("{} {} ({}) is not mapped onto the model", row.mode, row.metric,
                       row.statistic.empty() ? "-" : row.statistic);
  if (row.statistic == "p99") return "a p99 needs the simulator's distribution";
  const Efficiency& eff = catalog_.FindEngine(row.engine)->EfficiencyFor(gpu->family);
  if (eff.family == gpu->family && !eff.evidence_sources.empty() &&
      std::find(eff.evidence_sources.begin(), eff.evidence_sources.end(), row.source_id) ==
          eff.evidence_sources.end())
    return "another generation of the engine: not among the pair's evidence_sources";
  const bool lambda = row.source_id == "lambda-vllm-benchmark";
  if (!lambda && (row.isl <= 0 || row.osl <= 0) && row.mode != "llama-bench")
    return "lengths given as a dataset, not tokens";
  if (row.mode == "llama-bench" && row.metric == "batch_e2e_s" && row.prompt_batch <= 0)
    return "llama-bench prompt batch not stated";
  const EngineProfile resolved = ResolveEngine(*catalog_.FindEngine(row.engine), *gpu, "").engine;
  Deployment d{
      catalog_.FindModel(row.model), gpu, catalog_.FindQuant(row.quant), &resolved, row.tp, row.pp};
  Result<StepModel> sm = StepModel::Create(d);
  if (!sm.ok()) return "plan refuses the configuration: " + sm.status().message();
  if (!sm->memory().fits) return "does not fit in memory under plan's memory model";
  if (row.mode == "offline-static-batch" || row.mode == "llama-bench") {
    const double tokens = std::max(1.0, row.concurrency) * (row.isl + row.osl);
    if (row.mode != "llama-bench" && tokens > double(sm->memory().kv_capacity_tokens))
      return "the batch's KV cache exceeds plan's KV capacity (the engine would preempt)";
  }
  return "";
}

Result<double> Predictor::Predict(const EvidenceRow& row, const EngineProfile& engine) const {
  const GpuSpec* gpu = FindGpu(row.gpu);
  const EngineProfile resolved = ResolveEngine(engine, *gpu, "").engine;
  Result<StepModel> made =
      StepModel::Create({catalog_.FindModel(row.model), gpu, catalog_.FindQuant(row.quant),
                         &resolved, row.tp, row.pp});
  if (!made.ok()) return made.status();
  const StepModel& sm = *made;
  const std::string& m = row.metric;
  const int64_t isl = std::llround(row.isl), osl = std::llround(row.osl);
  const int64_t batch = std::max<int64_t>(1, std::llround(row.concurrency));

  if (row.mode == "offline-static-batch") {
    if (m == "ttft_ms") return sm.StepTimeS(PrefillBatch(batch, isl)) * 1e3;
    const double s = StaticBatchS(sm, batch, isl, osl);
    if (m == "batch_e2e_s" || m == "batch_e2e_ms") return PerSecondOrMs(m, s);
    return double(batch * osl) / s / (m == "output_tok_per_s_per_gpu" ? row.gpus : 1);
  }
  if (row.mode == "offline-all-at-once") {
    const double total = SteadyOfflineTokensPerS(sm, row.isl, row.osl);
    return m == "output_tok_per_s_per_gpu" ? total / row.gpus : total;
  }
  if (row.mode == "online-all-at-once") {  // the lambda burst
    const int64_t prompt = std::llround(kLambdaPromptTokens);
    const int64_t seqs = std::llround(kLambdaPrompts);
    const double decode_s =
        sm.StepTimeS(DecodeBatch(seqs, prompt + std::llround(kLambdaOutputTokens / 2)));
    if (m == "ttft_ms") return sm.StepTimeS(PrefillBatch(seqs, prompt)) * 1e3;
    if (m == "tpot_ms") return decode_s * 1e3;
    return decode_s * kLambdaStepsPerChunk * 1e3;  // itl_ms
  }
  if (row.mode == "online-concurrency") {
    // Clients beyond what the engine runs at once (max_num_seqs, or the KV cache: a
    // guaranteed-no-evict engine reserves ISL + OSL per sequence) wait in its queue.
    const EngineProfile& e = resolved;
    const bool reserve = e.capacity_policy == EngineProfile::CapacityPolicy::kGuaranteedNoEvict;
    const double held = reserve ? row.isl + row.osl : row.isl + row.osl / 2;
    const double running =
        std::max(1.0, std::min({row.concurrency, double(e.max_num_seqs),
                                std::floor(double(sm.memory().kv_capacity_tokens) / held)}));
    LevelObservation level;
    level.in_flight = running;
    level.input_tokens = row.isl;
    level.output_tokens = row.osl;
    LevelPrediction p;
    for (int pass = 0; pass < kClosedLoopPasses; ++pass) {
      Result<LevelPrediction> next = PredictLevel(sm.deployment(), level);
      if (!next.ok()) return next.status();
      p = *next;
      const double e2e = p.ttft_s + (row.osl - 1) * p.tpot_s;
      level.other_arrivals_per_s = (running - 1) / e2e;
    }
    // Closed loop (Little's law): C clients at throughput running / e2e each wait
    // (C / running - 1) x e2e for a place before their prefill.
    const double served_e2e = p.ttft_s + (row.osl - 1) * p.tpot_s;
    const double wait_s = (row.concurrency / running - 1) * served_e2e;
    const double e2e = served_e2e + wait_s;
    if (m == "ttft_ms") return (p.ttft_s + wait_s) * 1e3;
    if (m == "itl_ms" || m == "tpot_ms") return p.tpot_s * 1e3;
    if (m == "output_tok_per_s_per_request") return 1 / p.tpot_s;
    if (m == "requests_per_s") return row.concurrency / e2e;
    return row.concurrency * row.osl / e2e;  // output_tok_per_s_total
  }
  if (row.mode == "single-request") {
    const int64_t context = isl + osl / 2;
    if (m == "ttft_ms") return sm.StepTimeS(PrefillBatch(1, isl)) * 1e3;
    const double decode_s = sm.StepTimeS(DecodeBatch(1, context));
    return m == "tpot_ms" ? decode_s * 1e3 : 1 / decode_s;
  }
  // llama-bench
  if (m == "batch_e2e_s")
    return ChunkedPrefillS(sm, isl, row.prompt_batch) + DecodeStepsS(sm, 1, isl, osl);
  const int64_t n = std::atoll(m.c_str() + 2);
  if (m[0] == 'p') return double(n) / ChunkedPrefillS(sm, n, kLlamaBenchMicroBatch);
  return double(n) / DecodeStepsS(sm, 1, 0, n);
}

double Predictor::PredictAllReduceUs(const EvidenceRow& row, const GpuSpec& gpu) const {
  return AllReduceTimeS(gpu, IsCustomAllReduce(row), row.gpus, row.message_bytes) * 1e6;
}

}  // namespace plan
