// Roofline steady-state estimate of TensorRT-LLM's published offline throughput
// (github.com/NVIDIA/TensorRT-LLM docs/source/performance/perf-overview.md @00f37686, as tabulated
// in ../shared/data/calibration/README.md table 1a: trtllm-bench, PyTorch backend, "Total Output
// Throughput"), and a grid fit of the engine efficiencies that best reproduce it.
//
// Steady state of an offline run at infinite request rate: N sequences in flight, N limited by the
// KV cache (GUARANTEED_NO_EVICT reserves ISL + OSL tokens per request), by trtllm-bench's batch cap
// (4096) and token cap (32768 per step). Each step decodes N tokens at the average context
// ISL + OSL/2 and, on average, prefills N x ISL/OSL prompt tokens of newly admitted requests
// (prefill piggybacks on decode steps). Output tokens/s = N / step time.
//
// Usage: trtllm_calibration [--kv-bf16] [compute memory step_overhead_us kernel_overhead_us]
//   without the four figures it fits compute, memory and step overhead (kernel overhead 0).
//   The KV cache is fp8 (ModelOpt FP8 checkpoints) unless --kv-bf16.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "perf/perf.h"

namespace {

using plan::Dtype;

plan::ModelSpec Llama(const char* id, int layers, int hidden, int heads, int intermediate) {
  // Llama 3.x config.json: 8 KV heads, head_dim 128, vocab 128256, untied, SwiGLU.
  plan::ModelSpec m;
  m.id = id, m.layers = layers, m.hidden = hidden, m.heads = heads, m.kv_heads = 8,
  m.head_dim = 128;
  m.intermediate = intermediate, m.vocab = 128256, m.context_tokens = 131072;
  return m;
}

plan::GpuSpec Hopper(const char* id, double memory_gib, double bandwidth_bytes_per_s) {
  // H100 SXM / H200 SXM dense peaks, bandwidth and NVLink from the calibration README, table 2.
  plan::GpuSpec g;
  g.id = id, g.family = "hopper", g.memory_bytes = memory_gib * 1073741824.0;
  g.memory_bandwidth_bytes_per_s = bandwidth_bytes_per_s;
  g.link_bandwidth_bytes_per_s = 450e9;  // NVLink 4: 900 GB/s both directions
  g.gpus_per_node = 8;
  g.interconnect.custom_latency_s = 5e-6, g.interconnect.nccl_latency_s = 8e-6;
  g.peak_flops_per_s[static_cast<int>(Dtype::kBf16)] = 989.4e12;
  g.peak_flops_per_s[static_cast<int>(Dtype::kFp8)] = 1978.9e12;
  return g;
}

struct Row {
  const plan::ModelSpec* model;
  const plan::GpuSpec* gpu;
  int tp;
  int isl, osl;
  double published_tokens_per_s;
};

struct Fit {
  double compute, memory, step_overhead_s, kernel_overhead_s;
};

double Estimate(const Row& r, const Fit& f, Dtype kv_dtype, int64_t* in_flight = nullptr) {
  plan::QuantProfile q;
  q.id = "fp8", q.weight_bits = 8, q.compute_dtype = Dtype::kFp8, q.kv_dtype = kv_dtype;
  q.activation_dtype = Dtype::kFp8;
  plan::EngineProfile e;
  e.id = "tensorrt-llm", e.gpu_memory_utilization = 0.9, e.block_size_tokens = 32;
  e.kv_rule = plan::KvRule::kFreeFraction, e.runtime_reserve_bytes = 0.35 * 1073741824.0;
  e.max_batched_tokens = 8192, e.max_num_seqs = 2048;
  plan::Efficiency eff;
  eff.family = "default", eff.compute = f.compute, eff.memory = f.memory;
  eff.kernel_overhead_s = f.kernel_overhead_s, eff.step_overhead_s = f.step_overhead_s;
  e.efficiency.push_back(eff);
  plan::Result<plan::StepModel> sm = plan::StepModel::Create({r.model, r.gpu, &q, &e, r.tp, 1});
  if (!sm.ok()) return 0;
  const double ratio = double(r.isl) / r.osl;
  double n = double(sm->memory().kv_capacity_tokens) / (r.isl + r.osl);
  n = std::floor(std::min({n, 4096.0, 32768.0 / (1 + ratio)}));
  if (in_flight) *in_flight = int64_t(n);
  if (n < 1) return 0;
  plan::BatchShape b;
  b.decode_seqs = int64_t(n);
  b.decode_context_tokens = int64_t(n * (r.isl + r.osl / 2.0));
  b.prefill_tokens = int64_t(std::llround(n * ratio));
  b.prefill_seqs = std::max<int64_t>(1, std::llround(n / r.osl));
  b.prefill_attention_pairs = n / r.osl * r.isl * (r.isl + 1.0) / 2.0;
  return n / sm->StepTimeS(b);
}

double LogError(const std::vector<Row>& rows, const Fit& f, Dtype kv) {
  double sum = 0;
  for (const Row& r : rows) {
    double est = Estimate(r, f, kv);
    if (est <= 0) return 1e9;
    sum += std::pow(std::log(est / r.published_tokens_per_s), 2);
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  const plan::ModelSpec l8 = Llama("llama-3.1-8b", 32, 4096, 32, 14336);
  const plan::ModelSpec l70 = Llama("llama-3.3-70b", 80, 8192, 64, 28672);
  const plan::GpuSpec h100 = Hopper("h100-sxm", 80, 3.35e12),
                      h200 = Hopper("h200-sxm", 141e9 / 1073741824.0, 4.8e12);
  const int isl_osl[10][2] = {{128, 128},   {128, 2048}, {128, 4096},  {500, 2000}, {1000, 1000},
                              {1000, 2000}, {2048, 128}, {2048, 2048}, {5000, 500}, {20000, 2000}};
  // Calibration README table 1a, in the order above.
  const double l8_h200[] = {27911, 26221, 18027, 20770, 17744, 16828, 3538, 12194, 3902, 1804};
  const double l8_h100[] = {28312, 22714, 14325, 17660, 15220, 13899, 3450, 9305, 3459, 1351};
  const double l70_h200_tp1[] = {3803, 4336, 2872, 3666, 2909, 2994, 442, 2003, 566, 283};
  const double l70_h100_tp2[] = {6378, 6651, 4199, 5222, 4205, 4146, 762, 3082, 898, 437};
  std::vector<Row> rows;
  for (int i = 0; i < 10; ++i) {
    rows.push_back({&l8, &h100, 1, isl_osl[i][0], isl_osl[i][1], l8_h100[i]});
    rows.push_back({&l8, &h200, 1, isl_osl[i][0], isl_osl[i][1], l8_h200[i]});
    rows.push_back({&l70, &h100, 2, isl_osl[i][0], isl_osl[i][1], l70_h100_tp2[i]});
    rows.push_back({&l70, &h200, 1, isl_osl[i][0], isl_osl[i][1], l70_h200_tp1[i]});
  }
  Dtype kv = Dtype::kFp8;
  if (argc > 1 && std::string(argv[1]) == "--kv-bf16") kv = Dtype::kBf16, --argc, ++argv;
  Fit best{0.5, 0.8, 0, 0};
  if (argc > 4) {
    best = {std::atof(argv[1]), std::atof(argv[2]), std::atof(argv[3]) * 1e-6,
            std::atof(argv[4]) * 1e-6};
  } else {
    double best_err = 1e18;
    for (double c = 0.20; c <= 0.95; c += 0.01)
      for (double m = 0.50; m <= 0.951; m += 0.01)
        for (double s_us = 0; s_us <= 3000; s_us += 100) {
          Fit f{c, m, s_us * 1e-6, 0};
          double err = LogError(rows, f, kv);
          if (err < best_err) best_err = err, best = f;
        }
  }
  std::printf(
      "efficiency: compute %.2f, memory %.2f, step overhead %.0f us, kernel overhead %.1f us, "
      "KV %s; rms log error %.3f\n\n",
      best.compute, best.memory, best.step_overhead_s * 1e6, best.kernel_overhead_s * 1e6,
      plan::DtypeName(kv), std::sqrt(LogError(rows, best, kv) / rows.size()));
  std::printf("%-14s %-9s %3s %11s %6s %10s %10s %7s\n", "model", "gpu", "tp", "ISL/OSL", "N",
              "published", "roofline", "ratio");
  for (const Row& r : rows) {
    int64_t n = 0;
    const double est = Estimate(r, best, kv, &n);
    std::printf("%-14s %-9s %3d %5d/%-5d %6lld %10.0f %10.0f %7.2f\n", r.model->id.c_str(),
                r.gpu->id.c_str(), r.tp, r.isl, r.osl, static_cast<long long>(n),
                r.published_tokens_per_s, est, est / r.published_tokens_per_s);
  }
  return 0;
}
