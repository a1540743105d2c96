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

// vLLM passes both the hidden states and the residual from one pipeline stage to the next.
inline constexpr double kPipelineTensorsPerToken = 2;

}  // namespace plan::perf
