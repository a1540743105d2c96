// Published measurements as rows the simulator can be held to: catalog/evidence/*.csv
// (throughput, latency, llamacpp, allreduce) read into one typed shape. Columns and their
// meaning: catalog/evidence/README.md.
#pragma once

#include <string>
#include <vector>

#include "util/source_loc.h"
#include "util/status.h"

namespace plan {

struct EvidenceRow {
  SourceLoc loc;          // the row's value, for messages
  std::string set;        // the file's stem: throughput | latency | llamacpp | allreduce
  std::string source_id;  // the publication (README "Sources")
  std::string engine;     // catalog ids; "" where the catalog has no such entity
  std::string family;
  std::string gpu;
  std::string gpu_name;  // as published
  std::string model;
  std::string quant;
  int gpus = 1;  // devices used
  int tp = 1;
  int pp = 1;
  double isl = 0;  // prompt tokens per request; 0 when not a number (a dataset's lengths)
  double osl = 0;  // output tokens per request; likewise
  double concurrency = 0;
  std::string mode;       // offline-static-batch | offline-all-at-once | online-concurrency | ...
  std::string metric;     // e.g. batch_e2e_s, ttft_ms, output_tok_per_s_total, tok_per_s
  std::string statistic;  // mean | median | p99 | "" (throughput rows)
  double value = 0;
  std::string notes;
  int prompt_batch = 0;  // llama-bench -b (argonne rows) / 512 (llamacpp.csv pp tests)
  // allreduce.csv
  int nodes = 1;
  double message_bytes = 0;
  std::string algorithm;  // NCCL, vLLM_custom_graph/..., TRTLLM/...
};

// Reads the four files of `dir` (REQUIRES: they exist with the README's columns); any
// malformed value fails with path:line:col.
Result<std::vector<EvidenceRow>> LoadEvidence(const std::string& dir);

// The pair key "engine/family" plan fidelity groups rows by.
inline std::string PairKey(const std::string& engine, const std::string& family) {
  return engine + "/" + family;
}

}  // namespace plan
