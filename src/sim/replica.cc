#include "sim/replica.h"

#include <algorithm>
#include <cassert>
#include <limits>

namespace plan {

namespace {
constexpr uint32_t kStepDone = 1;
constexpr uint32_t kKick = 2;  // an idle engine picks up work, after same-instant arrivals
}  // namespace

Replica::Replica(Simulation* sim, int32_t index, const ReplicaConfig& config,
                 const StepTimer* timer, Observer* observer)
    : sim_(sim),
      index_(index),
      config_(config),
      timer_(timer),
      observer_(observer),
      reported_index_(index),
      each_step_(observer && observer->wants_each_step()),
      kv_(config.kv_capacity_tokens / config.block_size_tokens,
          std::max(1, config.prefix_hash_tokens / config.block_size_tokens)),
      lora_(config.lora),
      blocks_per_hash_(std::max(1, config.prefix_hash_tokens / config.block_size_tokens)),
      quiet_slot_(sim->AddQuietSlot()) {
  Warm();
}

void Replica::Warm() {
  if (!config_.prefix_caching) return;
  for (uint64_t hash : config_.warm_prefix_hashes)
    if (!kv_.Preload(hash)) break;
}

int64_t Replica::BlocksFor(int64_t tokens) const {
  return (tokens + config_.block_size_tokens - 1) / config_.block_size_tokens;
}

int64_t Replica::HeldBlocks(const Seq& s) const {
  return s.owned_blocks + static_cast<int64_t>(s.shared_hashes) * blocks_per_hash_;
}

void Replica::Submit(TimeNs now, const Request& r, uint64_t ticket) {
  const int32_t prompt = std::max(1, r.input_tokens);
  const int32_t output = std::max(0, r.output_tokens);  // 0: prefill only (an embedding)
  // A prompt longer than the context (leaving no room for one output token, when it asks for
  // any), or a request whose full length can never fit the cache, is rejected by the engine.
  if (config_.max_context_tokens > 0 &&
      prompt + (output > 0 ? 1 : 0) > config_.max_context_tokens) {
    ++rejected_over_context_;
    Fail(now, ticket);
    return;
  }
  if (BlocksFor(static_cast<int64_t>(prompt) + output) > kv_.total_blocks()) {
    ++rejected_over_kv_;
    Fail(now, ticket);
    return;
  }
  resume_ = false;  // the next step may admit it
  Queued& q = queued_.emplace_back();
  q.ticket = ticket;
  q.id = r.id;
  q.arrival_ns = r.arrival_ns;
  q.prompt_tokens = prompt;
  q.output_tokens = output;
  q.session = r.session;
  q.region = r.region;
  q.label = r.label;
  q.hashes = 0;
  if (config_.prefix_caching && r.prefix_block_tokens == config_.prefix_hash_tokens) {
    queued_hashes_.insert(queued_hashes_.end(), r.prefix_hashes.begin(), r.prefix_hashes.end());
    q.hashes = static_cast<uint32_t>(r.prefix_hashes.size());
  }
  if (!step_in_flight_ && !kick_pending_) {
    kick_pending_ = true;
    sim_->Schedule(now, this, kKick, epoch_, EventPriority::kLate);
  }
  // Admitted at the next step at the earliest, it may finish at that step's end.
  if (step_in_flight_)
    sim_->set_quiet_until(
        quiet_slot_, std::min(sim_->quiet_until(quiet_slot_), step_end_ns_ + timer_->MinStepNs()));
}

void Replica::PromoteQueued() {
  const Queued& q = queued_.front();
  const int32_t slot = static_cast<int32_t>(seqs_.Acquire());
  Seq& s = seqs_[slot];
  std::vector<uint64_t> hashes = std::move(s.hashes);
  s = Seq{};
  s.ticket = q.ticket;
  s.prompt_tokens = q.prompt_tokens;
  s.output_tokens = q.output_tokens;
  s.num_tokens = q.prompt_tokens;
  s.id = q.id;
  s.arrival_ns = q.arrival_ns;
  s.session = q.session;
  s.region = q.region;
  s.label = q.label;
  if (config_.lora.enabled) s.adapter = AdapterFor(config_.lora, q.id, q.label);
  const auto first = queued_hashes_.begin() + static_cast<std::ptrdiff_t>(queued_hashes_head_);
  hashes.assign(first, first + q.hashes);
  s.hashes = std::move(hashes);
  queued_hashes_head_ += q.hashes;
  // The hashes are read in the order they were queued: drop the consumed front now and then.
  if (queued_hashes_head_ == queued_hashes_.size()) {
    queued_hashes_.clear();
    queued_hashes_head_ = 0;
  } else if (queued_hashes_head_ >= 4096 && 2 * queued_hashes_head_ >= queued_hashes_.size()) {
    queued_hashes_.erase(queued_hashes_.begin(),
                         queued_hashes_.begin() + static_cast<std::ptrdiff_t>(queued_hashes_head_));
    queued_hashes_head_ = 0;
  }
  queued_.pop_front();
  waiting_.push_back(slot);
}

void Replica::AdoptRun(const Replica& ran) {
  busy_ns_ = ran.busy_ns_;
  steps_ = ran.steps_;
  preemptions_ = ran.preemptions_;
  rejected_over_context_ = ran.rejected_over_context_;
  rejected_over_kv_ = ran.rejected_over_kv_;
  kv_peak_used_ = ran.kv_peak_used_;
}

void Replica::Reclaim(TimeNs now, std::vector<Evicted>* out, ReclaimLoss* lost) {
  if (step_in_flight_) {
    busy_ns_ -= step_end_ns_ - now;  // the rest of the step never runs
    lost->busy_ns += now - step_start_ns_;
    step_in_flight_ = false;
  }
  ++epoch_;
  kick_pending_ = false;
  resume_ = false;
  sim_->set_quiet_until(quiet_slot_, kMaxTimeNs);  // empty until work is submitted again
  auto take = [&](int32_t slot) {
    Seq& s = seqs_[slot];
    if (s.computed > 0 || s.generated > 0) ++lost->requests;
    lost->prefill_tokens += std::min(s.computed, s.prompt_tokens);
    lost->decode_tokens += s.generated;
    lost->busy_ns += static_cast<TimeNs>(s.work_ns);
    Evicted& e = out->emplace_back();
    e.ticket = s.ticket;
    Request& r = e.request;
    r.id = s.id;
    r.arrival_ns = s.arrival_ns;
    r.input_tokens = s.prompt_tokens;
    r.output_tokens = s.output_tokens;
    r.prefix_hashes = s.hashes;
    r.prefix_block_tokens = s.hashes.empty() ? 0 : config_.prefix_hash_tokens;
    r.session = s.session;
    r.region = s.region;
    r.label = s.label;
    seqs_.Release(static_cast<uint32_t>(slot));
  };
  for (int32_t slot : running_) take(slot);
  for (int32_t slot : waiting_) take(slot);
  size_t h = queued_hashes_head_;
  for (const Queued& q : queued_) {
    Evicted& e = out->emplace_back();
    e.ticket = q.ticket;
    Request& r = e.request;
    r.id = q.id;
    r.arrival_ns = q.arrival_ns;
    r.input_tokens = q.prompt_tokens;
    r.output_tokens = q.output_tokens;
    r.prefix_hashes.assign(queued_hashes_.begin() + static_cast<std::ptrdiff_t>(h),
                           queued_hashes_.begin() + static_cast<std::ptrdiff_t>(h + q.hashes));
    h += q.hashes;
    r.prefix_block_tokens = q.hashes == 0 ? 0 : config_.prefix_hash_tokens;
    r.session = q.session;
    r.region = q.region;
    r.label = q.label;
  }
  running_.clear();
  waiting_.clear();
  queued_.clear();
  queued_hashes_.clear();
  queued_hashes_head_ = 0;
  batch_.clear();
  kv_ = KvCache(kv_.total_blocks(), blocks_per_hash_);
  Warm();
  lora_ = LoraSlots(config_.lora);  // a new machine: no adapter loaded anywhere
}

void Replica::Fail(TimeNs now, uint64_t ticket) {
  Completion c;
  c.failed = true;
  c.first_scheduled_ns = now;
  c.first_token_ns = now;
  c.finish_ns = now;
  c.replica = static_cast<int16_t>(index_);
  if (listener_) listener_->OnFinished(now, ticket, c);
}

void Replica::ReleaseKv(Seq& s) {
  if (!s.hashes.empty()) kv_.Unref(s.hashes.data(), s.shared_hashes);
  assert(s.owned_blocks >= 0);
  kv_.Release(s.owned_blocks);
  s.owned_blocks = 0;
  s.shared_hashes = 0;
}

void Replica::CommitFullPrefixBlocks(Seq& s) {
  int32_t full =
      std::min<int32_t>(static_cast<int32_t>(s.hashes.size()),
                        std::min(s.computed, s.prompt_tokens) / config_.prefix_hash_tokens);
  for (; s.shared_hashes < full; ++s.shared_hashes) {
    kv_.Commit(s.hashes[s.shared_hashes]);
    s.owned_blocks -= blocks_per_hash_;
  }
}

void Replica::Preempt(int32_t slot) {
  Seq& s = seqs_[slot];
  ReleaseKv(s);
  s.computed = 0;  // recompute prompt and generated tokens on readmission
  ++s.preemptions;
  ++preemptions_;
  waiting_.push_front(slot);
  if (observer_) observer_->OnPreemption(reported_index_, sim_->now());
}

int64_t Replica::MissingBlocks(const Seq& s, int64_t tokens) const {
  int64_t held_tokens = HeldBlocks(s) * config_.block_size_tokens;
  return tokens <= held_tokens ? 0 : BlocksFor(tokens - held_tokens);
}

// Inlined into both scheduling loops: a call per sequence per step, with the shape kept in
// memory across it, cost 8% of `plan search` (bench/README.md).
[[gnu::always_inline]] inline void Replica::AddToBatch(int32_t slot, int64_t tokens,
                                                       BatchShape* shape) {
  const Seq& s = seqs_[slot];
  batch_.push_back({slot, static_cast<int32_t>(tokens)});
  if (tokens == 1 && s.computed >= s.prompt_tokens) {
    ++shape->decode_seqs;
    shape->decode_context_tokens += s.computed;
    return;
  }
  double c = static_cast<double>(tokens), p = s.computed;
  ++shape->prefill_seqs;
  if (s.output_tokens == 0) ++shape->pooled_seqs;  // an embedding: no LM head
  shape->prefill_tokens += tokens;
  shape->prefill_attention_pairs += c * p + c * (c + 1) / 2;
  shape->prefill_context_tokens += s.computed;
}

void Replica::MaybeStartStep(TimeNs now) {
  if (step_in_flight_) return;
  resume_ = false;
  batch_.clear();
  // Reserved at the first step, not at construction: a replica that never runs costs nothing.
  if (batch_.capacity() == 0) batch_.reserve(static_cast<size_t>(config_.max_num_seqs) + 1);
  BatchShape shape;
  int64_t budget = config_.max_batched_tokens;
  bool preempted = false;
  const bool lora = config_.lora.enabled;
  if (lora) lora_.BeginStep();

  // 1. Running sequences, oldest first; the newest is preempted when blocks run out.
  for (size_t i = 0; i < running_.size() && budget > 0;) {
    int32_t slot = running_[i];
    Seq& s = seqs_[slot];
    int64_t n = s.num_tokens - s.computed;
    if (n > budget) {
      if (!config_.chunked_prefill && !batch_.empty()) break;
      if (config_.chunked_prefill) n = budget;
    }
    int64_t need = MissingBlocks(s, s.computed + n);  // usually 0: a block holds many tokens
    bool self_preempted = false;
    while (need > 0 && !kv_.Allocate(need)) {
      int32_t victim = running_.back();
      running_.pop_back();
      Preempt(victim);
      preempted = true;
      if (victim == slot) {
        self_preempted = true;
        break;
      }
    }
    if (self_preempted) break;
    s.owned_blocks += static_cast<int32_t>(need);
    if (lora) lora_.Use(s.adapter);
    AddToBatch(slot, n, &shape);
    budget -= n;
    ++i;
  }

  // 2. Waiting sequences, first come first served, unless this step had to preempt; one whose
  // LoRA adapter would be one too many is passed over (vLLM V1 skips it for this step).
  // Room for one more sequence: asked (and remembered, RunEnvelope::seats) only with one
  // waiting and budget left.
  auto seat_free = [this] {
    const int32_t running = static_cast<int32_t>(running_.size());
    seats_needed_ = std::max(seats_needed_, running + 1);
    return running < config_.max_num_seqs;
  };
  for (size_t w = 0;
       !preempted && (w < waiting_.size() || !queued_.empty()) && budget > 0 && seat_free();) {
    if (w == waiting_.size()) PromoteQueued();
    int32_t slot = waiting_[w];
    Seq& s = seqs_[slot];
    if (lora && !lora_.Fits(s.adapter)) {
      ++w;
      continue;
    }
    if (s.computed == 0 && !s.hashes.empty()) {
      int32_t usable = std::min<int32_t>(static_cast<int32_t>(s.hashes.size()),
                                         (s.num_tokens - 1) / config_.prefix_hash_tokens);
      s.shared_hashes = kv_.AcquirePrefix(s.hashes.data(), usable);
      s.computed = s.shared_hashes * config_.prefix_hash_tokens;
    }
    int64_t n = s.num_tokens - s.computed;
    if (n > budget) {
      if (config_.chunked_prefill)
        n = budget;
      else if (!batch_.empty())
        break;
    }
    int64_t reserve_tokens = config_.reserve_full_sequence
                                 ? static_cast<int64_t>(s.prompt_tokens) + s.output_tokens
                                 : s.computed + n;
    int64_t need = MissingBlocks(s, reserve_tokens);
    if (!kv_.Allocate(need)) {
      kv_.Unref(s.hashes.data(), s.shared_hashes);
      s.shared_hashes = 0;
      s.computed = 0;
      break;
    }
    s.owned_blocks += static_cast<int32_t>(need);
    if (!s.scheduled_once) {
      s.scheduled_once = true;
      s.first_scheduled_ns = now;
      s.cached_tokens = s.computed;
    }
    waiting_.erase(waiting_.begin() + static_cast<ptrdiff_t>(w));
    running_.push_back(slot);
    if (lora) lora_.Use(s.adapter);
    AddToBatch(slot, n, &shape);
    budget -= n;
  }

  if (batch_.empty()) {
    sim_->set_quiet_until(quiet_slot_, kMaxTimeNs);  // idle: only a submission wakes it
    return;
  }
  TimeNs load_ns = 0;  // adapters copied in before the step's forward
  if (lora) {
    shape.lora_adapters = lora_.distinct();
    load_ns = lora_.Load();
  }
  TimeNs duration = std::max<TimeNs>(1, timer_->StepNs(shape)) + load_ns;
  step_in_flight_ = true;
  step_start_ns_ = now;
  step_end_ns_ = now + duration;
  step_tokens_ = shape.prefill_tokens + shape.decode_seqs;
  step_pure_decode_ = shape.prefill_seqs == 0 && load_ns == 0;
  busy_ns_ += duration;
  ++steps_;
  double kv_fraction =
      kv_.total_blocks() ? static_cast<double>(kv_.used_blocks()) / kv_.total_blocks() : 0;
  kv_peak_used_ = std::max(kv_peak_used_, kv_.used_blocks());
  if (observer_) {
    observer_->OnStep({reported_index_, now, duration, static_cast<int32_t>(shape.prefill_tokens),
                       static_cast<int32_t>(shape.decode_seqs),
                       static_cast<int32_t>(running_.size()), kv_fraction});
  }
  resume_ = config_.fuse_decode_steps && shape.prefill_seqs == 0 && waiting_.empty() &&
            queued_.empty() && !lora && batch_.size() == running_.size();
  if (resume_ && steps_ >= fuse_after_step_) FuseDecodeSteps(&shape);
  resume_shape_ = shape;
  PublishQuiet();
  sim_->ScheduleLocal(step_end_ns_, this, kStepDone, epoch_);
}

void Replica::PublishQuiet() {
  // Steps after the one in flight before a request can finish: 1 for anything not in this
  // step (waiting, queued, left out by the budget) or still in prefill.
  int64_t more = (batch_.size() != running_.size() || !waiting_.empty() || !queued_.empty())
                     ? 1
                     : std::numeric_limits<int64_t>::max();
  for (const Scheduled& b : batch_) {
    const Seq& s = seqs_[b.seq];
    if (s.computed + b.tokens < s.num_tokens) {
      more = 1;
      continue;
    }
    if (s.output_tokens == 0 || s.generated + 1 >= s.output_tokens) {
      sim_->set_quiet_until(quiet_slot_, step_end_ns_);  // finishes as this step ends
      return;
    }
    more = std::min<int64_t>(more, s.output_tokens - s.generated - 1);
  }
  // `t` plus `n` steps of `step` each, kMaxTimeNs at most.
  auto after = [](TimeNs t, int64_t n, TimeNs step) {
    return n <= 0 ? t : n >= (kMaxTimeNs - t) / step ? kMaxTimeNs : t + n * step;
  };
  const TimeNs floor = timer_->MinStepNs();
  // Steps as long as the one in flight: while nothing waits, every sequence decodes and the
  // cache covers them all (no preemption can shrink the batch), the next steps are this one
  // with more context.
  int64_t long_steps = 0;
  TimeNs step = floor;
  if (step_pure_decode_ && more != 1 && timer_->DecodeGrowsWithContext()) {
    step = std::max(floor, step_end_ns_ - step_start_ns_);
    // Each sequence takes a block at most every block_size steps: free blocks, one short of
    // an even share, cover this many. (A submission cuts the promise short: Submit.)
    const int64_t seqs = static_cast<int64_t>(batch_.size());
    long_steps =
        std::clamp<int64_t>((kv_.free_blocks() / seqs - 1) * config_.block_size_tokens, 0, more);
  }
  const TimeNs until = after(step_end_ns_, long_steps, step);
  sim_->set_quiet_until(quiet_slot_,
                        until == kMaxTimeNs ? until : after(until, more - long_steps, floor));
}

void Replica::FuseDecodeSteps(BatchShape* in_flight) {
  BatchShape& shape = *in_flight;
  // A run stopped in this event (a verdict settled) reports the steps its clock reached, one
  // started here included, and none beyond.
  if (sim_->stopped()) return;
  // Other replicas' steps do not stop it, only what could reach this replica: an event that
  // is not a replica's step, or a request finishing elsewhere (kMaxTimeNs at most).
  const TimeNs horizon = sim_->QuietHorizonNs(quiet_slot_);
  // Setting up costs about what one step saves: worth it only with room for two or more.
  if (horizon - step_end_ns_ <= 2 * (step_end_ns_ - step_start_ns_)) return;
  const int32_t block = config_.block_size_tokens;
  // Step 0 is the one in flight; step i starts when step i-1 ends. A sequence with r tokens
  // left finishes in step r-1, so steps 0..k-1 finish in place for k <= r-1. A decoding
  // sequence takes a new block in step first_alloc = held - computed tokens (>= 1: step 0
  // holds its token), then every `block` steps.
  int32_t max_steps = kMaxFusedSteps;
  for (const Scheduled& b : batch_) {
    const Seq& s = seqs_[b.seq];
    max_steps = std::min(max_steps, s.output_tokens - s.generated - 1);
    if (max_steps < 2) {
      // A sequence finishes within two steps: not worth it, nor looking again before then.
      fuse_after_step_ = steps_ + static_cast<uint64_t>(max_steps) + 1;
      return;
    }
  }
  // Sequences taking a block in step i, by i % block. One holding blocks past the next
  // (reserved at admission) takes none before its first_alloc: the run stops short of it.
  fused_allocs_.assign(static_cast<size_t>(block), 0);
  for (const Scheduled& b : batch_) {
    const Seq& s = seqs_[b.seq];
    const int64_t first_alloc = HeldBlocks(s) * block - s.computed;
    assert(first_alloc >= 1);
    if (first_alloc <= block)
      ++fused_allocs_[static_cast<size_t>(first_alloc % block)];
    else
      max_steps = static_cast<int32_t>(std::min<int64_t>(max_steps, first_alloc - 1));
  }
  if (max_steps < 2) return;
  fused_ns_per_token_.clear();
  const double tokens = static_cast<double>(std::max<int64_t>(1, step_tokens_));  // every step's
  // The cache's use changes only when blocks are taken: its fraction is worked out then, for
  // an observer of each step, else once at the end.
  auto used_fraction = [this] {
    return kv_.total_blocks() ? static_cast<double>(kv_.used_blocks()) / kv_.total_blocks() : 0;
  };
  double kv_fraction = each_step_ ? used_fraction() : 0;
  int32_t k = 0;
  TimeNs run_ns = 0;  // the steps started here, together
  for (int32_t phase = 1 % block; k < max_steps && step_end_ns_ < horizon; ++k) {
    const int32_t allocs = fused_allocs_[static_cast<size_t>(phase)];  // step k+1's
    if (++phase == block) phase = 0;
    if (allocs > kv_.free_blocks()) break;  // would evict or preempt: the usual path
    // Step k ends: what FinishStep would credit each of its tokens.
    const TimeNs now = step_end_ns_;
    if (config_.track_work)
      fused_ns_per_token_.push_back(static_cast<double>(now - step_start_ns_) / tokens);
    // Step k+1 starts: every context one token longer.
    if (allocs > 0) {
      kv_.Allocate(allocs);
      if (each_step_) kv_fraction = used_fraction();
    }
    shape.decode_context_tokens += shape.decode_seqs;
    const TimeNs duration = std::max<TimeNs>(1, timer_->DecodeStepNs(shape));
    step_start_ns_ = now;
    step_end_ns_ = now + duration;
    run_ns += duration;
    if (each_step_) {
      observer_->OnStep({reported_index_, now, duration, 0, static_cast<int32_t>(shape.decode_seqs),
                         static_cast<int32_t>(running_.size()), kv_fraction});
    }
  }
  if (k == 0) return;
  // The cache only filled over the run: its last fraction is the run's peak.
  busy_ns_ += run_ns;
  steps_ += static_cast<uint64_t>(k);
  kv_peak_used_ = std::max(kv_peak_used_, kv_.used_blocks());
  if (observer_ && !each_step_)
    observer_->OnDecodeSteps(reported_index_, k, run_ns, used_fraction());
  for (const Scheduled& b : batch_) {
    Seq& s = seqs_[b.seq];
    const int64_t first_alloc = HeldBlocks(s) * block - s.computed;
    if (first_alloc <= k) s.owned_blocks += static_cast<int32_t>(1 + (k - first_alloc) / block);
    s.computed += k;
    s.generated += k;
    s.num_tokens += k;
    if (config_.track_work)
      for (double ns : fused_ns_per_token_) s.work_ns += ns;  // one token a step, in order
  }
}

void Replica::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  if (data != epoch_) return;  // scheduled before a Reclaim
  if (kind == kKick) {
    kick_pending_ = false;
  } else {
    assert(kind == kStepDone);
    // A run in place that stopped at another's event, and nothing since: it goes on from here,
    // the steps FinishStep and MaybeStartStep would give.
    if (resume_ && steps_ >= fuse_after_step_) {
      const uint64_t before = steps_;
      FuseDecodeSteps(&resume_shape_);
      if (steps_ != before) {
        PublishQuiet();
        sim_->ScheduleLocal(step_end_ns_, this, kStepDone, epoch_);
        return;
      }
    }
    FinishStep(now);
  }
  MaybeStartStep(now);
}

void Replica::FinishStep(TimeNs now) {
  step_in_flight_ = false;
  done_.clear();
  const double ns_per_token = static_cast<double>(now - step_start_ns_) /
                              static_cast<double>(std::max<int64_t>(1, step_tokens_));
  for (const Scheduled& b : batch_) {
    Seq& s = seqs_[b.seq];
    s.computed += b.tokens;
    if (config_.track_work) s.work_ns += ns_per_token * b.tokens;
    if (!s.hashes.empty()) CommitFullPrefixBlocks(s);
    if (s.computed < s.num_tokens) continue;  // a prefill chunk with more to come
    if (s.output_tokens == 0) {
      s.first_token_ns = now;  // prefill only: the result is ready with the prompt's last chunk
    } else {
      ++s.generated;
      ++s.num_tokens;
      if (s.generated == 1) s.first_token_ns = now;
      if (s.generated < s.output_tokens) continue;
    }
    // Done: the last token needs no KV of its own.
    ReleaseKv(s);
    Completion c;
    c.first_scheduled_ns = s.first_scheduled_ns;
    c.first_token_ns = s.first_token_ns;
    c.finish_ns = now;
    c.output_tokens = s.generated;
    c.cached_input_tokens = s.cached_tokens;
    c.preemptions = s.preemptions;
    c.replica = static_cast<int16_t>(index_);
    s.output_tokens = -1;  // marks the slot finished for the sweep below
    done_.push_back({s.ticket, c});
  }
  if (done_.empty()) return;
  auto done = [this](int32_t slot) {
    if (seqs_[slot].output_tokens != -1) return false;
    seqs_.Release(static_cast<uint32_t>(slot));
    return true;
  };
  running_.erase(std::remove_if(running_.begin(), running_.end(), done), running_.end());
  // Listeners run last: they may submit new work to this replica.
  if (listener_)
    for (const auto& [ticket, c] : done_) listener_->OnFinished(now, ticket, c);
}

}  // namespace plan
