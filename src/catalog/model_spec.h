// An open model's architecture, as its config.json states it.
#pragma once

#include <cstdint>
#include <string>

#include "util/source_loc.h"

namespace plan {

enum class AttentionKind {
  kGqa,  // multi-head / grouped-query: K and V of kv_heads x head_dim per layer
  kMla,  // DeepSeek multi-head latent attention: a compressed latent per layer is cached
};

struct ModelSpec {
  std::string id;
  std::string name;
  double published_params = 0;  // total parameters the model card states (for the 2% check)
  int layers = 0;
  int hidden = 0;
  int heads = 0;
  int kv_heads = 0;
  int head_dim = 0;
  int intermediate = 0;  // dense MLP width
  int vocab = 0;
  int64_t context_tokens = 0;
  bool tied_embeddings = false;
  bool gated_mlp = true;  // SwiGLU/GeGLU: 3 matrices; else 2
  AttentionKind attention = AttentionKind::kGqa;
  // MLA (DeepSeek-V3): compressed latent and decoupled RoPE key per token per layer.
  int q_lora_rank = 0;
  int kv_lora_rank = 0;
  int qk_nope_head_dim = 0;
  int qk_rope_head_dim = 0;
  int v_head_dim = 0;
  // Mixture of experts; experts == 0 means dense.
  int experts = 0;
  int experts_per_token = 0;
  int shared_experts = 0;
  int moe_intermediate = 0;
  int dense_layers = 0;  // leading layers with a dense MLP (DeepSeek-V3: 3)
  // Sliding-window attention on some layers (Gemma 2/3, gpt-oss): every `global_every`-th
  // layer attends globally, the others to the last `sliding_window` tokens. 0 = none.
  int sliding_window = 0;
  int global_every = 0;
  std::string source;
  std::string checked;
  SourceLoc loc;

  bool is_moe() const { return experts > 0; }
  int moe_layers() const { return is_moe() ? layers - dense_layers : 0; }
  int sliding_layers() const {
    return (sliding_window > 0 && global_every > 0) ? layers - layers / global_every : 0;
  }
  bool operator==(const ModelSpec&) const = default;
};

}  // namespace plan
