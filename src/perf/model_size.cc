#include "perf/model_size.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "catalog/dtype.h"
#include "perf/perf_constants.h"

namespace plan {

namespace {
double LayerCommon(const ModelSpec& m) {
  return AttentionParameterCount(m) + double(perf::kNormsPerLayer) * m.hidden;
}
double DenseMlpLayers(const ModelSpec& m) { return m.is_moe() ? m.dense_layers : m.layers; }
double RouterParameterCount(const ModelSpec& m) { return double(m.hidden) * m.experts; }
}  // namespace

double EmbeddingParameterCount(const ModelSpec& m) {
  return double(m.vocab) * m.hidden * (m.tied_embeddings ? 1 : 2);
}

double AttentionParameterCount(const ModelSpec& m) {
  const double h = m.hidden, heads = m.heads;
  if (m.attention == AttentionKind::kGqa) {
    const double q = heads * m.head_dim, kv = 2.0 * m.kv_heads * m.head_dim;
    return h * q + h * kv + q * h;
  }
  const double qk_head = m.qk_nope_head_dim + m.qk_rope_head_dim;
  // Query: low-rank (down, RMSNorm, up) when q_lora_rank is set, else one full projection.
  const double q = m.q_lora_rank > 0
                       ? h * m.q_lora_rank + m.q_lora_rank + double(m.q_lora_rank) * heads * qk_head
                       : h * heads * qk_head;
  const double kv_down = h * (m.kv_lora_rank + m.qk_rope_head_dim) + m.kv_lora_rank;  // + norm
  const double kv_up = double(m.kv_lora_rank) * heads * (m.qk_nope_head_dim + m.v_head_dim);
  const double o = heads * m.v_head_dim * h;
  return q + kv_down + kv_up + o;
}

double DenseMlpParameterCount(const ModelSpec& m) {
  return (m.gated_mlp ? 3.0 : 2.0) * m.hidden * m.intermediate;
}

double ExpertParameterCount(const ModelSpec& m) {
  return (m.gated_mlp ? 3.0 : 2.0) * m.hidden * m.moe_intermediate;
}

double ParameterCount(const ModelSpec& m) {
  double total = EmbeddingParameterCount(m) + m.layers * LayerCommon(m) + m.hidden;  // final norm
  total += DenseMlpLayers(m) * DenseMlpParameterCount(m);
  total += m.moe_layers() * (RouterParameterCount(m) +
                             double(m.experts + m.shared_experts) * ExpertParameterCount(m));
  return total;
}

double ActiveParameterCount(const ModelSpec& m) {
  double total = EmbeddingParameterCount(m) + m.layers * LayerCommon(m) + m.hidden;
  total += DenseMlpLayers(m) * DenseMlpParameterCount(m);
  total +=
      m.moe_layers() * (RouterParameterCount(m) +
                        double(m.experts_per_token + m.shared_experts) * ExpertParameterCount(m));
  return total;
}

double WeightBytes(const ModelSpec& m, const QuantProfile& q) {
  const double embedding = EmbeddingParameterCount(m);
  return (ParameterCount(m) - embedding) * q.weight_bytes_per_param() +
         embedding * perf::kEmbeddingBitsPerParam / 8.0;
}

int KvHeadsPerGpu(const ModelSpec& m, int tp) {
  assert(m.attention == AttentionKind::kGqa && tp >= 1);
  return std::max(1, m.kv_heads / tp);
}

double KvBytesPerTokenPerLayerPerGpu(const ModelSpec& m, const QuantProfile& q, int tp) {
  const double element_bytes = DtypeBytes(q.kv_dtype);
  if (m.attention == AttentionKind::kMla)
    return double(m.kv_lora_rank + m.qk_rope_head_dim) * element_bytes;
  return 2.0 * KvHeadsPerGpu(m, tp) * m.head_dim * element_bytes;
}

double ExpectedDistinctExperts(double experts, double experts_per_token, double tokens) {
  if (tokens <= 0 || experts <= 0) return 0;
  if (experts_per_token >= experts) return experts;
  return experts * (1.0 - std::pow(1.0 - experts_per_token / experts, tokens));
}

}  // namespace plan
