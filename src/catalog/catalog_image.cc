#include "catalog/catalog_image.h"

#include <cstdint>
#include <cstring>
#include <type_traits>
#include <utility>
#include <vector>

namespace plan {

namespace {

// Every field of every catalog struct, in one order that both directions walk. A field missing
// here comes back as its default, which the equality test on the embedded catalog catches.
template <typename A>
void Fields(A& a, SourceLoc& x) {
  a(x.path, x.line, x.column);
}
template <typename A>
void Fields(A& a, Interconnect& x) {
  a(x.custom_latency_s, x.nccl_latency_s, x.nccl_base_latency_s, x.efficiency, x.scaling_exponent,
    x.custom_max_gpus, x.basis, x.evidence_set, x.evidence_rows, x.error_rms_log, x.error_worst,
    x.error_pct, x.borrowed_from, x.evidence);
}
template <typename A>
void Fields(A& a, GpuPrice& x) {
  a(x.on_demand_usd_per_hour, x.spot_usd_per_hour, x.reserved_1y_usd_per_hour,
    x.reserved_3y_usd_per_hour, x.seller, x.source);
}
template <typename A>
void Fields(A& a, GpuSpec& x) {
  a(x.id, x.name, x.vendor, x.family, x.kind, x.memory_bytes, x.memory_bandwidth_bytes_per_s,
    x.peak_flops_per_s, x.link_bandwidth_bytes_per_s, x.gpus_per_node, x.interconnect, x.tdp_w,
    x.sustained_fraction, x.price, x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, ModelSpec& x) {
  a(x.id, x.name, x.published_params, x.layers, x.hidden, x.heads, x.kv_heads, x.head_dim,
    x.intermediate, x.vocab, x.context_tokens, x.tied_embeddings, x.gated_mlp, x.attention,
    x.q_lora_rank, x.kv_lora_rank, x.qk_nope_head_dim, x.qk_rope_head_dim, x.v_head_dim, x.experts,
    x.experts_per_token, x.shared_experts, x.moe_intermediate, x.dense_layers, x.sliding_window,
    x.global_every, x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, QuantProfile& x) {
  a(x.id, x.name, x.weight_bits, x.compute_dtype, x.kv_dtype, x.activation_dtype, x.quality,
    x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, EngineLimitRule& x) {
  a(x.min_memory_bytes, x.max_memory_bytes, x.gpu_name_includes, x.gpu_name_excludes,
    x.max_num_seqs, x.max_batched_tokens, x.when, x.loc);
}
template <typename A>
void Fields(A& a, EngineVersion& x) {
  a(x.id, x.released, x.limits, x.source, x.loc);
}
template <typename A>
void Fields(A& a, Efficiency& x) {
  a(x.family, x.compute, x.memory, x.kernel_overhead_s, x.eager_kernel_overhead_s,
    x.step_overhead_s, x.basis, x.evidence_set, x.evidence_rows, x.error_rms_log, x.error_worst,
    x.error_pct, x.borrowed_from, x.evidence, x.evidence_sources, x.loc, x.family_loc);
}
template <typename A>
void Fields(A& a, EngineProfile& x) {
  a(x.id, x.name, x.chunked_prefill, x.prefix_caching, x.capacity_policy, x.max_num_seqs,
    x.max_batched_tokens, x.block_size_tokens, x.gpu_memory_utilization, x.kv_rule,
    x.runtime_reserve_bytes, x.static_fraction_by_tp, x.custom_allreduce, x.cuda_graph_max_tokens,
    x.graph_decode_only, x.quants, x.quants_loc, x.max_context_tokens, x.versions, x.efficiency,
    x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, Region& x) {
  a(x.id, x.name, x.jurisdiction, x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, RegionLink& x) {
  a(x.from, x.to, x.rtt_s, x.source, x.checked, x.loc, x.from_loc, x.to_loc);
}
template <typename A>
void Fields(A& a, TokenPrices& x) {
  a(x.input_usd_per_mtok, x.output_usd_per_mtok, x.cached_read_usd_per_mtok,
    x.cached_write_usd_per_mtok);
}
template <typename A>
void Fields(A& a, LongContextTier& x) {
  a(x.above_tokens, x.prices);
}
template <typename A>
void Fields(A& a, ApiLatency& x) {
  a(x.ttft_fixed_s, x.ttft_per_input_token_s, x.ttft_sigma, x.output_tokens_per_s, x.output_sigma,
    x.source);
}
template <typename A>
void Fields(A& a, ApiOffer& x) {
  a(x.id, x.provider, x.model, x.embedding, x.fine_tuned, x.base, x.on_device, x.cached_tokens,
    x.prices, x.batch_input_usd_per_mtok, x.batch_output_usd_per_mtok, x.training_usd_per_mtok,
    x.long_context, x.max_input_tokens, x.max_output_tokens, x.cache_min_tokens, x.rpm, x.tpm,
    x.regions, x.regions_source, x.batch_source, x.latency, x.source, x.checked, x.loc,
    x.region_locs, x.latency_keys_set, x.latency_basis, x.ttft_error_pct, x.output_speed_error_pct);
}
template <typename A>
void Fields(A& a, OfferProfile& x) {
  a(x.id, x.regions, x.latency, x.latency_keys_set, x.latency_basis, x.ttft_error_pct,
    x.output_speed_error_pct, x.batch_discount, x.source, x.checked, x.loc, x.region_locs);
}
template <typename A>
void Fields(A& a, LatencyError& x) {
  a(x.id, x.ttft_pct, x.output_speed_pct, x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, ComplianceFact& x) {
  a(x.attribute, x.value, x.source, x.checked, x.loc);
}
template <typename A>
void Fields(A& a, ComplianceProfile& x) {
  a(x.id, x.name, x.facts, x.loc);
}

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};
template <typename T>
struct IsArray : std::false_type {};
template <typename T, size_t N>
struct IsArray<std::array<T, N>> : std::true_type {};
template <typename T>
struct IsPair : std::false_type {};
template <typename T, typename U>
struct IsPair<std::pair<T, U>> : std::true_type {};

// A fixed-size field's parts (an array's items, a pair's two, a struct's fields), each handed
// back to the archive, which reads or writes it.
template <typename A, typename T>
void Parts(A& a, T& x) {
  if constexpr (IsArray<T>::value) {
    for (auto& item : x) a(item);
  } else if constexpr (IsPair<T>::value) {
    a(x.first, x.second);
  } else {
    Fields(a, x);
  }
}

// "plancat" and a format number, bumped when the encoding (not the fields) changes.
constexpr std::string_view kMagic = "plancat1";

class Writer {
 public:
  Writer() { out_.append(kMagic); }

  template <typename... T>
  void operator()(T&... fields) {
    (One(fields), ...);
  }

  std::string Take() { return std::move(out_); }

 private:
  template <typename T>
  void One(T& x) {
    if constexpr (std::is_same_v<T, bool>) {
      out_.push_back(x ? 1 : 0);
    } else if constexpr (std::is_arithmetic_v<T>) {
      Raw(x);
    } else if constexpr (std::is_enum_v<T>) {
      Raw(static_cast<int32_t>(x));
    } else if constexpr (std::is_same_v<T, std::string>) {
      Raw(static_cast<uint32_t>(x.size()));
      out_.append(x);
    } else if constexpr (IsVector<T>::value) {
      Raw(static_cast<uint32_t>(x.size()));
      for (auto& item : x) One(item);
    } else {
      Parts(*this, x);
    }
  }

  template <typename T>
  void Raw(T value) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out_.append(bytes, sizeof(T));
  }

  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {
    ok_ = in_.substr(0, kMagic.size()) == kMagic;
    at_ = kMagic.size();
  }

  template <typename... T>
  void operator()(T&... fields) {
    (One(fields), ...);
  }

  // Every byte read, none past the end.
  bool Done() const { return ok_ && at_ == in_.size(); }

 private:
  template <typename T>
  void One(T& x) {
    if (!ok_) return;
    if constexpr (std::is_same_v<T, bool>) {
      x = Raw<char>() != 0;
    } else if constexpr (std::is_arithmetic_v<T>) {
      x = Raw<T>();
    } else if constexpr (std::is_enum_v<T>) {
      x = static_cast<T>(Raw<int32_t>());
    } else if constexpr (std::is_same_v<T, std::string>) {
      const uint32_t size = Raw<uint32_t>();
      if (!Has(size)) return;
      x.assign(in_.data() + at_, size);
      at_ += size;
    } else if constexpr (IsVector<T>::value) {
      const uint32_t size = Raw<uint32_t>();
      if (!Has(size)) return;  // every item takes at least a byte
      x.resize(size);
      for (auto& item : x) One(item);
    } else {
      Parts(*this, x);
    }
  }

  bool Has(size_t bytes) {
    if (in_.size() - at_ < bytes) ok_ = false;
    return ok_;
  }

  template <typename T>
  T Raw() {
    T value{};
    if (!Has(sizeof(T))) return value;
    std::memcpy(&value, in_.data() + at_, sizeof(T));
    at_ += sizeof(T);
    return value;
  }

  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = false;
};

}  // namespace

// The catalog's own fields: a friend, so that its lists stay private.
struct CatalogImageFields {
  template <typename A>
  static void Walk(A& a, Catalog& c) {
    a(c.gpus_, c.models_, c.quants_, c.engines_, c.regions_, c.links_, c.offers_, c.offer_profiles_,
      c.latency_errors_, c.offer_compliance_, c.clouds_);
  }
};

std::string WriteCatalogImage(const Catalog& catalog) {
  Writer writer;
  // The walk is shared with the reader, so it takes the catalog mutably; the writer only reads.
  CatalogImageFields::Walk(writer, const_cast<Catalog&>(catalog));
  return writer.Take();
}

std::optional<Catalog> ReadCatalogImage(std::string_view image) {
  Catalog catalog;
  Reader reader(image);
  CatalogImageFields::Walk(reader, catalog);
  if (!reader.Done()) return std::nullopt;
  return catalog;
}

[[gnu::weak]] std::string_view EmbeddedCatalogImage() { return {}; }

}  // namespace plan
