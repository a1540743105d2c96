#include <fmt/format.h>

#include "catalog/parse.h"

namespace plan {

namespace {
int RequireCount(TomlTable& t, const char* key) {
  return static_cast<int>(t.RequireIntAtLeast(key, 1));
}
int OptionalCount(TomlTable& t, const char* key) {
  return static_cast<int>(t.IntAtLeast(key, 0).value_or(0));
}
}  // namespace

ModelSpec ParseModel(TomlTable& t) {
  ModelSpec m;
  m.loc = t.Loc();
  m.id = ReadEntryId(t, "model");
  m.name = t.String("name").value_or(m.id);
  m.published_params = t.RequireNumberAtLeast("params_b", 0, true) * 1e9;
  m.layers = RequireCount(t, "layers");
  m.hidden = RequireCount(t, "hidden");
  m.heads = RequireCount(t, "heads");
  m.kv_heads = static_cast<int>(t.IntAtLeast("kv_heads", 1).value_or(m.heads));
  m.head_dim =
      static_cast<int>(t.IntAtLeast("head_dim", 1).value_or(m.heads ? m.hidden / m.heads : 0));
  m.intermediate = OptionalCount(t, "intermediate");
  m.vocab = RequireCount(t, "vocab");
  m.context_tokens = t.RequireIntAtLeast("context_tokens", 1);
  m.tied_embeddings = t.Bool("tied_embeddings").value_or(false);
  m.gated_mlp = t.Choice("mlp", {"gated", "plain"}, "gated") == "gated";
  m.attention = t.Choice("attention", {"gqa", "mla"}, "gqa") == "mla" ? AttentionKind::kMla
                                                                      : AttentionKind::kGqa;
  m.q_lora_rank = OptionalCount(t, "q_lora_rank");
  m.kv_lora_rank = OptionalCount(t, "kv_lora_rank");
  m.qk_nope_head_dim = OptionalCount(t, "qk_nope_head_dim");
  m.qk_rope_head_dim = OptionalCount(t, "qk_rope_head_dim");
  m.v_head_dim = OptionalCount(t, "v_head_dim");
  m.experts = OptionalCount(t, "experts");
  m.experts_per_token = OptionalCount(t, "experts_per_token");
  m.shared_experts = OptionalCount(t, "shared_experts");
  m.moe_intermediate = OptionalCount(t, "moe_intermediate");
  m.dense_layers = OptionalCount(t, "dense_layers");
  m.sliding_window = OptionalCount(t, "sliding_window");
  m.global_every = OptionalCount(t, "global_every");
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
