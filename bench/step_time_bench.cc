// ns per StepModel::StepTimeS call, the simulator's inner loop. Prints the median of several runs
// for a dense and an MoE model. Usage: step_time_bench [calls_per_run] [runs]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "perf/perf.h"

namespace {

using plan::BatchShape;

// Shapes from the models' config.json files (Llama-3.1-8B, DeepSeek-V3); the GPU and engine
// figures only need to be plausible: the bench times the arithmetic, not the answer.
plan::ModelSpec DenseModel() {
  plan::ModelSpec m;
  m.id = "bench-dense";
  m.layers = 32, m.hidden = 4096, m.heads = 32, m.kv_heads = 8, m.head_dim = 128;
  m.intermediate = 14336, m.vocab = 128256, m.context_tokens = 131072;
  return m;
}

plan::ModelSpec MoeModel() {
  plan::ModelSpec m;
  m.id = "bench-moe";
  m.layers = 61, m.hidden = 7168, m.heads = 128, m.kv_heads = 128, m.head_dim = 128;
  m.intermediate = 18432, m.vocab = 129280, m.context_tokens = 163840;
  m.attention = plan::AttentionKind::kMla;
  m.q_lora_rank = 1536, m.kv_lora_rank = 512, m.qk_nope_head_dim = 128, m.qk_rope_head_dim = 64;
  m.v_head_dim = 128;
  m.experts = 256, m.experts_per_token = 8, m.shared_experts = 1, m.moe_intermediate = 2048;
  m.dense_layers = 3;
  return m;
}

// 64 different shapes, cycled, so the compiler cannot hoist the call out of the loop.
std::vector<BatchShape> Shapes() {
  std::vector<BatchShape> out;
  for (int i = 0; i < 64; ++i) {
    BatchShape b;
    b.decode_seqs = 1 + i * 3;
    b.decode_context_tokens = b.decode_seqs * (500 + 37 * i);
    if (i % 4 == 0) {
      b.prefill_seqs = 1;
      b.prefill_tokens = 256 + 16 * i;
      b.prefill_context_tokens = 128 * i;
      b.prefill_attention_pairs = double(b.prefill_tokens) * b.prefill_context_tokens +
                                  double(b.prefill_tokens) * (b.prefill_tokens + 1) / 2;
    }
    out.push_back(b);
  }
  return out;
}

double MedianNsPerCall(const plan::StepModel& sm, long calls, int runs) {
  const std::vector<BatchShape> shapes = Shapes();
  std::vector<double> ns_per_call;
  volatile double sink = 0;  // keeps every call's result alive
  for (int r = 0; r < runs; ++r) {
    double acc = 0;
    auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < calls; ++i) acc += sm.StepTimeS(shapes[i & 63]);
    auto stop = std::chrono::steady_clock::now();
    sink = sink + acc;
    ns_per_call.push_back(std::chrono::duration<double, std::nano>(stop - start).count() / calls);
  }
  std::sort(ns_per_call.begin(), ns_per_call.end());
  return ns_per_call[ns_per_call.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const long calls = argc > 1 ? std::atol(argv[1]) : 2'000'000;
  const int runs = argc > 2 ? std::atoi(argv[2]) : 7;

  plan::GpuSpec gpu;
  gpu.id = "bench-gpu";
  gpu.family = "hopper";
  gpu.memory_bytes = 80.0 * 1073741824.0;
  gpu.memory_bandwidth_bytes_per_s = 3.35e12;
  gpu.link_bandwidth_bytes_per_s = 450e9;
  gpu.peak_flops_per_s[static_cast<int>(plan::Dtype::kBf16)] = 989e12;
  gpu.peak_flops_per_s[static_cast<int>(plan::Dtype::kFp8)] = 1979e12;
  plan::QuantProfile quant;
  quant.id = "fp8", quant.weight_bits = 8, quant.compute_dtype = plan::Dtype::kFp8;
  quant.kv_dtype = plan::Dtype::kFp8, quant.activation_dtype = plan::Dtype::kFp8;
  plan::EngineProfile engine;
  engine.id = "bench-engine";
  plan::Efficiency eff;
  eff.family = "default";
  eff.compute = 0.6, eff.memory = 0.8, eff.kernel_overhead_s = 2e-6, eff.step_overhead_s = 1e-4;
  engine.efficiency.push_back(eff);
  // The all-reduce figures live with the GPU's link since issue 10 (catalog/interconnect.h).
  gpu.gpus_per_node = 8;
  gpu.interconnect.efficiency = 0.7;
  gpu.interconnect.custom_latency_s = gpu.interconnect.nccl_latency_s = 1e-5;

  const plan::ModelSpec dense = DenseModel(), moe = MoeModel();
  struct Case {
    const char* name;
    const plan::ModelSpec* model;
    int tp;
  };
  for (const Case& c : {Case{"dense (Llama-3.1-8B shape, tp=1)", &dense, 1},
                        Case{"MoE + MLA (DeepSeek-V3 shape, tp=8)", &moe, 8}}) {
    plan::Result<plan::StepModel> sm =
        plan::StepModel::Create({c.model, &gpu, &quant, &engine, c.tp, 1});
    if (!sm.ok()) {
      std::fprintf(stderr, "%s\n", sm.status().message().c_str());
      return 1;
    }
    std::printf("%-40s %6.1f ns per StepTimeS call (median of %d runs x %ld calls)\n", c.name,
                MedianNsPerCall(*sm, calls, runs), runs, calls);
  }
  return 0;
}
