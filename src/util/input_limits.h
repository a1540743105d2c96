// The range of every number a catalog or scenario may hold, in one place. Each bound is far
// beyond any real model, device or deployment (the largest published figure is named), yet
// small enough that the products sizing memory, FLOPs and time stay exact in a double and far
// below int64's range, and that no count wraps when narrowed to 32 bits.
#pragma once

#include <cstdint>

namespace plan::limits {

// Model architecture (largest published: Llama 3.1 405B has 126 layers, hidden 16384,
// 128 heads; Gemma 3 a 262144-token vocabulary; DeepSeek-V3 256 experts; Llama 4 Scout a
// 10M-token context).
inline constexpr int64_t kMaxLayers = 10'000;
inline constexpr int64_t kMaxHidden = int64_t{1} << 20;
inline constexpr int64_t kMaxHeads = int64_t{1} << 16;
inline constexpr int64_t kMaxHeadDim = int64_t{1} << 16;
inline constexpr int64_t kMaxIntermediate = int64_t{1} << 24;
inline constexpr int64_t kMaxVocab = int64_t{1} << 24;
inline constexpr int64_t kMaxExperts = int64_t{1} << 16;
inline constexpr int64_t kMaxContextTokens = int64_t{1} << 30;
inline constexpr double kMaxParamsB = 1e5;  // 100 trillion parameters
// A token count in a request or a length distribution: requests are int32 tokens.
inline constexpr int64_t kMaxTokens = INT32_MAX;

// Devices (largest: 288 GiB HBM, 8 TB/s; a wafer-scale chip has 21 PB/s of on-chip SRAM
// bandwidth and 125 PFLOPS).
inline constexpr double kMaxMemoryGib = 1 << 20;  // 1 PiB
inline constexpr double kMaxBandwidthGbPerS = 1e8;
inline constexpr double kMaxTflops = 1e7;
inline constexpr double kMaxPowerW = 1e6;
inline constexpr double kMaxWeightBits = 64;

// Engines (vLLM's default max_num_seqs is 256, TensorRT-LLM's up to 2048).
inline constexpr int64_t kMaxNumSeqs = int64_t{1} << 16;
inline constexpr int64_t kMaxBatchedTokens = int64_t{1} << 24;
inline constexpr int64_t kMaxBlockTokens = int64_t{1} << 16;
inline constexpr double kMaxOverheadUs = 1e7;  // 10 s per kernel or step

// Money: per hour of one device, per million tokens, per request.
inline constexpr double kMaxUsdPerHour = 1e6;
inline constexpr double kMaxUsdPerMtok = 1e6;
inline constexpr double kMaxUsdPerRequest = 1e6;
// Rate limits of an API offer (requests or tokens per minute).
inline constexpr double kMaxPerMinute = 1e12;

// Deployments. A fleet of 10,000 replicas is beyond the largest public serving fleets, and
// the simulator routes each request over every replica.
inline constexpr int64_t kMaxParallel = 1024;  // tp, pp

// An evidence record beside a fitted figure.
inline constexpr int64_t kMaxEvidenceRows = 10'000'000;
inline constexpr double kMaxRmsLogError = 10;  // a factor of e^10 either way
inline constexpr double kMaxErrorRatio = 1e6;
inline constexpr double kMaxErrorPct = 1e6;
inline constexpr int64_t kMaxReplicas = 10'000;
inline constexpr int64_t kMaxRetries = 100;
// Configurations one `plan search` may enumerate.
inline constexpr int64_t kMaxSearchConfigs = 100'000;

// Time: any duration, deadline or period, in seconds. 50 years keeps a simulated time plus
// four such durations inside int64 nanoseconds (292 years), so no event time overflows.
inline constexpr double kMaxSeconds = 50 * 365.25 * 86400;
// The slowest arrival rate and the fastest (one request in 11.6 days; a million a second).
inline constexpr double kMinRatePerS = 1e-6;
inline constexpr double kMaxRatePerS = 1e6;
inline constexpr double kMaxRateScale = 1e6;
// Requests one workload may hold (generated or cut from a trace): a 27-million-row trace
// fits; a typo such as requests = 2147483648 is refused instead of running for days.
inline constexpr int64_t kMaxRequests = 100'000'000;
// Generator shape parameters.
inline constexpr double kMinBurstiness = 0.01;
inline constexpr double kMaxBurstiness = 100;
inline constexpr double kMaxPeakToTrough = 1e6;
inline constexpr double kMaxLogSigma = 10;

}  // namespace plan::limits
