#include <fmt/format.h>

#include <algorithm>

#include "catalog/parse.h"
#include "util/input_limits.h"

namespace plan {

namespace {
// 0 when missing or out of range (already reported): the checks between fields skip it.
int RequireCount(TomlTable& t, const char* key, int64_t max) {
  if (!t.raw().get(key)) {
    t.RequireIntInRange(key, 1, max);  // reports it missing
    return 0;
  }
  return static_cast<int>(t.IntInRange(key, 1, max).value_or(0));
}
int OptionalCount(TomlTable& t, const char* key, int64_t max) {
  return static_cast<int>(t.IntInRange(key, 0, max).value_or(0));
}
}  // namespace

ModelSpec ParseModel(TomlTable& t) {
  ModelSpec m;
  m.loc = t.Loc();
  m.id = ReadEntryId(t, "model");
  m.name = t.String("name").value_or(m.id);
  m.published_params = t.RequireNumberInRange("params_b", 0, limits::kMaxParamsB, true) * 1e9;
  m.layers = RequireCount(t, "layers", limits::kMaxLayers);
  m.hidden = RequireCount(t, "hidden", limits::kMaxHidden);
  m.heads = RequireCount(t, "heads", limits::kMaxHeads);
  m.kv_heads = static_cast<int>(t.IntInRange("kv_heads", 1, limits::kMaxHeads).value_or(m.heads));
  m.head_dim = static_cast<int>(t.IntInRange("head_dim", 1, limits::kMaxHeadDim)
                                    .value_or(m.heads > 0 ? std::max(1, m.hidden / m.heads) : 1));
  m.intermediate = OptionalCount(t, "intermediate", limits::kMaxIntermediate);
  m.vocab = RequireCount(t, "vocab", limits::kMaxVocab);
  m.context_tokens = t.RequireIntInRange("context_tokens", 1, limits::kMaxContextTokens);
  m.tied_embeddings = t.Bool("tied_embeddings").value_or(false);
  m.gated_mlp = t.Choice("mlp", {"gated", "plain"}, "gated") == "gated";
  m.attention = t.Choice("attention", {"gqa", "mla"}, "gqa") == "mla" ? AttentionKind::kMla
                                                                      : AttentionKind::kGqa;
  m.q_lora_rank = OptionalCount(t, "q_lora_rank", limits::kMaxHidden);
  m.kv_lora_rank = OptionalCount(t, "kv_lora_rank", limits::kMaxHidden);
  m.qk_nope_head_dim = OptionalCount(t, "qk_nope_head_dim", limits::kMaxHeadDim);
  m.qk_rope_head_dim = OptionalCount(t, "qk_rope_head_dim", limits::kMaxHeadDim);
  m.v_head_dim = OptionalCount(t, "v_head_dim", limits::kMaxHeadDim);
  m.experts = OptionalCount(t, "experts", limits::kMaxExperts);
  m.experts_per_token = OptionalCount(t, "experts_per_token", limits::kMaxExperts);
  m.shared_experts = OptionalCount(t, "shared_experts", limits::kMaxExperts);
  m.moe_intermediate = OptionalCount(t, "moe_intermediate", limits::kMaxIntermediate);
  m.dense_layers = OptionalCount(t, "dense_layers", limits::kMaxLayers);
  m.sliding_window = OptionalCount(t, "sliding_window", limits::kMaxContextTokens);
  m.global_every = OptionalCount(t, "global_every", limits::kMaxLayers);
  m.source = t.RequireString("source");
  m.checked = t.RequireString("checked");

  if (m.heads > 0 && m.kv_heads > 0 && m.heads % m.kv_heads != 0)
    t.Error("kv_heads", fmt::format("{}: heads ({}) must be a multiple of kv_heads ({})", t.what(),
                                    m.heads, m.kv_heads));
  if (m.attention == AttentionKind::kMla && (m.kv_lora_rank == 0 || m.qk_rope_head_dim == 0 ||
                                             m.qk_nope_head_dim == 0 || m.v_head_dim == 0))
    t.Error("attention",
            fmt::format("{}: attention = \"mla\" needs kv_lora_rank, qk_nope_head_dim, "
                        "qk_rope_head_dim and v_head_dim",
                        t.what()));
  if (m.experts > 0) {
    if (m.experts_per_token < 1 || m.experts_per_token > m.experts)
      t.Error("experts_per_token", fmt::format("{}: experts_per_token must be between 1 and "
                                               "experts ({})",
                                               t.what(), m.experts));
    if (m.moe_intermediate == 0)
      t.Error("experts", fmt::format("{}: a mixture of experts needs moe_intermediate", t.what()));
    if (m.dense_layers >= m.layers && m.layers > 0)
      t.Error("dense_layers", fmt::format("{}: dense_layers must be below layers", t.what()));
  }
  if ((m.experts == 0 || m.dense_layers > 0) && m.intermediate == 0)
    t.Error("intermediate", fmt::format("{}: a dense MLP needs intermediate", t.what()));
  if ((m.sliding_window > 0) != (m.global_every > 0))
    t.Error(m.sliding_window > 0 ? "sliding_window" : "global_every",
            fmt::format("{}: sliding_window and global_every go together", t.what()));
  t.Finish();
  return m;
}

}  // namespace plan
