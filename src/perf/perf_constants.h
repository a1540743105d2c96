// Every modelling constant of the roofline in one place, each with its reason. Efficiencies and
// overheads are NOT here: they are catalog data (EngineProfile::EfficiencyFor) that calibration
// fits.
#pragma once

namespace plan::perf {

// Embedding table and LM head are stored at 16 bits whatever the quantization: vLLM, SGLang and
// TensorRT-LLM FP8/INT8 checkpoints and GPTQ/AWQ int4 ones leave them unquantized (e.g.
// Llama-3.1-8B FP8 is ~9.1 GB, not 8.0). GGUF does quantize them, so GGUF weights are overstated.
inline constexpr double kEmbeddingBitsPerParam = 16;

// Hidden states, GEMM outputs, the residual stream and the tensor-parallel all-reduce stay 16-bit
// even when GEMM inputs are 8-bit (W8A8 quantizes activations inside the GEMM); wider activation
// dtypes (fp32 on CPUs) are used as they are.
inline constexpr double kMinActivationBytes = 2;

// Kernel launches per occurrence, as vLLM's model code issues them. Each costs the engine's
// kernel_overhead_s (small with CUDA graphs). Sampling is part of step_overhead_s.
inline constexpr int kQkvLaunches = 2;        // fused QKV GEMM; rotary embedding + KV-cache write
inline constexpr int kAttentionLaunches = 1;  // one FlashAttention-style kernel
inline constexpr int kOProjLaunches = 1;
inline constexpr int kMlpLaunches = 3;     // merged gate/up (or fc1) GEMM, activation, down GEMM
inline constexpr int kRouterLaunches = 2;  // router GEMM, top-k
inline constexpr int kExpertLaunches = 4;  // token sort/align, gate/up grouped GEMM, act, down
inline constexpr int kNormsPerLayer = 2;   // fused residual-add + RMSNorm before attention and MLP
inline constexpr int kEmbeddingLaunches = 1;
inline constexpr int kLmHeadLaunches = 2;  // final norm, LM-head GEMM

// A fused residual-add + RMSNorm reads the input and the residual and writes both back.
inline constexpr double kNormActivationPasses = 4;
inline constexpr double kNormFlopsPerElement = 4;  // add, square, accumulate, scale

// Peak activations of a forward (MemoryPlan, the engines' start-up profiling): per token, three
// hidden-size tensors (the layer input, the residual, the output being written) and three
// MLP-width ones (the merged gate/up output, 2 widths, and the activation's output, 1). For
// Llama 3.1 8B that is (3 x 4096 + 3 x 14336) x 2 B = 110,592 B per token; vLLM's own profile of
// that model at 20,000 and 29,000 tokens grew by 0.92 GiB per 9,000 tokens = 109,800 B per token
// (github.com/vllm-project/vllm/issues/10517, RTX 3090 logs, 2024-12-02).
inline constexpr double kActivationHiddenCopies = 3;
inline constexpr double kActivationMlpWidths = 3;
// The sampler's share of that profile: one row per sequence (max_num_seqs rows, vLLM's
// profile_run), vocab wide, in the LM head's 16-bit output (2 B), the sampler's fp32 copy (4 B)
// and one fp32 temporary (4 B). vLLM's profiling sampler run skips top-k/top-p and logprobs
// (NOTE(woosuk) in the V1 GPU model runner's _dummy_sampler_run), so no sort buffers.
inline constexpr double kSamplerBytesPerLogit = 10;

// vLLM passes both the hidden states and the residual from one pipeline stage to the next.
inline constexpr double kPipelineTensorsPerToken = 2;

}  // namespace plan::perf
