#include "perf/lora_shape.h"

namespace plan {

namespace {

// Calls f(d_in, d_out) for every targeted matrix of one layer.
template <class F>
void ForEachMatrix(const ModelSpec& m, const LoraShape& s, F f) {
  const double h = m.hidden;
  const double q = static_cast<double>(m.heads) * m.head_dim;
  const double kv = static_cast<double>(m.kv_heads) * m.head_dim;
  if (s.attention) {
    f(h, q);   // q_proj
    f(h, kv);  // k_proj
    f(h, kv);  // v_proj
    f(q, h);   // o_proj
  }
  if (s.mlp) {
    const double i = m.intermediate;
    if (m.gated_mlp) f(h, i);  // gate_proj
    f(h, i);                   // up_proj
    f(i, h);                   // down_proj
  }
}

}  // namespace

double LoraParamsPerLayer(const ModelSpec& m, const LoraShape& s) {
  double sum = 0;
  ForEachMatrix(m, s, [&](double in, double out) { sum += s.rank * (in + out); });
  return sum;
}

double LoraActivationWidthPerLayer(const ModelSpec& m, const LoraShape& s) {
  double sum = 0;
  ForEachMatrix(m, s, [&](double in, double out) { sum += in + out; });
  return sum;
}

int LoraMatricesPerLayer(const ModelSpec& m, const LoraShape& s) {
  int n = 0;
  ForEachMatrix(m, s, [&](double, double) { ++n; });
  return n;
}

double LoraAdapterBytes(const ModelSpec& m, const LoraShape& s) {
  return LoraParamsPerLayer(m, s) * m.layers * kLoraWeightBytes;
}

}  // namespace plan
