// One engine instance on tp x pp GPUs, scheduling like vLLM V1: every iteration takes the
// running sequences (decodes, unfinished prefill chunks) then admits waiting ones, within a
// token budget and a sequence limit; chunked prefill; a paged KV cache; when blocks run out
// the most recently admitted sequence is preempted and later recomputed; prefix caching reuses
// cached blocks by hash. A sequence is just "tokens known" vs "tokens computed": prefill and
// decode are the same rule, as in vLLM V1.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "sim/kv_cache.h"
#include "sim/lora_slots.h"
#include "sim/observer.h"
#include "sim/simulation.h"
#include "sim/slot_pool.h"
#include "sim/step_timer.h"
#include "sim/target.h"

namespace plan {

struct ReplicaConfig {
  int32_t max_num_seqs = 256;
  int64_t max_batched_tokens = 8192;
  int32_t block_size_tokens = 16;
  int64_t kv_capacity_tokens = 0;
  bool chunked_prefill = true;
  bool prefix_caching = true;
  // Reserve blocks for prompt + output at admission, so nothing is ever preempted
  // (TensorRT-LLM's GUARANTEED_NO_EVICT); else allocate as tokens arrive (vLLM).
  bool reserve_full_sequence = false;
  int32_t prefix_hash_tokens = 512;  // tokens one Request::prefix_hashes entry covers
  // The model's context window (max_model_len): a prompt leaving no room for one output token
  // is rejected, as an engine does. 0 = no limit.
  int64_t max_context_tokens = 0;
  // Run quiet stretches of pure decode in place (FuseDecodeSteps): the same results, fewer
  // events. Off only in tests that check exactly that.
  bool fuse_decode_steps = true;
  // Keep each sequence's engine time (Seq::work_ns), which only Reclaim reads (its
  // ReclaimLoss::busy_ns counts running sequences' time only with it): on for a fleet that can
  // be interrupted.
  bool track_work = false;
  // Prefix hashes loaded into the cache whenever the replica starts (a reclaimed one's
  // replacement included): cache warming with a system prompt.
  std::vector<uint64_t> warm_prefix_hashes;
  LoraConfig lora;  // adapters on a shared base (sim/lora_slots.h); off by default
};

// What a replica's run asked of its two limits. Where `exact`, a replica differing only in
// max_num_seqs and KV capacity, with max_num_seqs >= seats and at least `blocks` blocks, makes
// every decision the same and so runs the very same steps (plan search judges max_num_seqs
// twins from one run: Replica::AdoptRun).
struct RunEnvelope {
  int32_t seats = 0;   // the most sequences running at once it ever asked room for
  int64_t blocks = 0;  // the most KV blocks taken at once (in use or cached)
  bool exact = true;   // no take fell short of free blocks, no request refused for its length
};

// A request taken back from a reclaimed replica, to be submitted again from scratch.
struct Evicted {
  uint64_t ticket = 0;
  Request request;
};

// The work a reclaimed replica threw away: tokens whose KV was lost (to be computed again)
// and the engine time spent on them, the abandoned step included.
struct ReclaimLoss {
  int64_t requests = 0;        // restarted with work lost (waiting ones just move)
  int64_t prefill_tokens = 0;  // prompt tokens whose KV was computed
  int64_t decode_tokens = 0;   // output tokens generated
  TimeNs busy_ns = 0;
};

class Replica : public Target, public EventHandler {
 public:
  // `observer` may be null. The replica keeps pointers; they must outlive it.
  Replica(Simulation* sim, int32_t index, const ReplicaConfig& config, const StepTimer* timer,
          Observer* observer);

  void Submit(TimeNs now, const Request& r, uint64_t ticket) override;
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override;

  // Steps and preemptions go to `observer` (may be null) as replica `reported_index`: its place
  // among every replica of a tree of fleets, where the constructor's `index` is the fleet's.
  void set_observer(Observer* observer, int32_t reported_index) {
    observer_ = observer;
    reported_index_ = reported_index;
    each_step_ = observer && observer->wants_each_step();
  }

  // The machine under the replica is gone (a spot interruption): every sequence's KV and the
  // prefix cache are lost and the step in flight is abandoned. Each sequence, running ones
  // first, is appended to `out` to be submitted again; what was thrown away is added to
  // `lost`. The replica is left empty, ready to serve again as its own replacement.
  void Reclaim(TimeNs now, std::vector<Evicted>* out, ReclaimLoss* lost);

  int32_t index() const { return index_; }
  int32_t outstanding() const {
    return static_cast<int32_t>(queued_.size() + waiting_.size() + running_.size());
  }
  bool busy() const { return step_in_flight_; }
  TimeNs busy_ns() const { return busy_ns_; }
  uint64_t steps() const { return steps_; }
  uint64_t preemptions() const { return preemptions_; }
  const KvCache& kv() const { return kv_; }
  double kv_peak_fraction() const {
    return kv_.total_blocks() ? static_cast<double>(kv_peak_used_) / kv_.total_blocks() : 0;
  }
  RunEnvelope envelope() const {
    return {seats_needed_, kv_.peak_taken(), !kv_.fell_short() && rejected_over_kv_ == 0};
  }
  // Takes on the counts of `ran`'s run (steps, busy time, preemptions, rejections, peak cache
  // use in blocks, its fraction then of this replica's cache), for a replica that would have
  // run the same steps: `ran`'s envelope fits it (RunEnvelope) and only its limits differ.
  void AdoptRun(const Replica& ran);
  // Requests failed at submission: the prompt is longer than the context window, or the
  // whole sequence can never fit the KV cache.
  uint64_t rejected_over_context() const { return rejected_over_context_; }
  uint64_t rejected_over_kv() const { return rejected_over_kv_; }
  // LoRA adapters copied host -> GPU, and of those read from disk first.
  uint64_t lora_loads() const { return lora_.gpu_loads(); }
  uint64_t lora_disk_loads() const { return lora_.disk_loads(); }

 private:
  struct Seq {
    uint64_t ticket = 0;
    int32_t prompt_tokens = 0;
    int32_t output_tokens = 0;  // to generate
    int32_t num_tokens = 0;     // known: prompt + generated
    int32_t computed = 0;       // tokens whose KV is in the cache
    int32_t generated = 0;
    int32_t owned_blocks = 0;   // blocks this sequence holds alone
    int32_t shared_hashes = 0;  // leading prefix hashes it references in the cache (hit or
                                // committed by itself)
    int32_t cached_tokens = 0;  // prompt tokens served by the prefix cache at first admission
    int32_t preemptions = 0;
    double work_ns = 0;  // engine time spent on it, a step shared by its tokens
    // What Reclaim needs to submit it again.
    uint64_t id = 0;
    TimeNs arrival_ns = 0;
    uint32_t session = 0;
    int16_t region = -1, label = -1;
    int32_t adapter = -1;  // LoRA adapter; -1 = the base model
    bool scheduled_once = false;
    TimeNs first_scheduled_ns = 0;
    TimeNs first_token_ns = 0;
    std::vector<uint64_t> hashes;  // capacity reused across requests
  };
  // A request no scheduling pass has looked at yet, as Submit took it: 48 bytes, its prefix
  // hashes (if any) waiting in queued_hashes_ in the same order. It becomes a Seq when it
  // reaches the head of the line, so an overloaded replica's queue stays small.
  struct Queued {
    uint64_t ticket = 0;
    uint64_t id = 0;
    TimeNs arrival_ns = 0;
    int32_t prompt_tokens = 0;
    int32_t output_tokens = 0;
    uint32_t session = 0;
    uint32_t hashes = 0;  // its entries in queued_hashes_
    int16_t region = -1, label = -1;
  };
  static_assert(sizeof(Queued) == 48);
  struct Scheduled {
    int32_t seq;
    int32_t tokens;
  };

  void MaybeStartStep(TimeNs now);
  // Runs, in place, the pure decode steps that follow the one just started while nothing else
  // can reach this replica: no shared event is due and no other replica can finish a request
  // before they end (Simulation::QuietHorizonNs; other replicas' steps do not count), no
  // sequence finishes or waits to be admitted, and free blocks cover their growth. Each is the
  // step MaybeStartStep and FinishStep would have run (the same times, step timer calls,
  // observer calls and counts); only the events between them are skipped, so the observer
  // hears of them earlier than the clock would, in this replica's order. `in_flight` is the
  // started step's shape, and ends as the shape of the step then in flight. It also runs at
  // that step's end, from OnEvent, when the run stopped at a horizon and nothing reached the
  // replica since (resume_): no step is finished or started the usual way in between.
  void FuseDecodeSteps(BatchShape* in_flight);
  // Publishes, in the replica's quiet slot, a time before which no request of it can finish:
  // the step in flight's end if it finishes one, else that end plus the fewest steps any
  // sequence still needs, each at least the timer's floor, or at least the step in flight's
  // time while free blocks cover the batch's growth, when that step is pure decode and the
  // timer's decode steps grow with context (StepTimer::DecodeGrowsWithContext): with nothing
  // waiting the batch stays as it is until a request finishes or arrives. Called once a step
  // has started.
  void PublishQuiet();
  void FinishStep(TimeNs now);
  int64_t BlocksFor(int64_t tokens) const;
  int64_t HeldBlocks(const Seq& s) const;
  // Blocks the sequence must still get to hold `tokens` tokens.
  int64_t MissingBlocks(const Seq& s, int64_t tokens) const;
  // Appends to batch_ and accounts the chunk in `shape` (decode or prefill).
  void AddToBatch(int32_t slot, int64_t tokens, BatchShape* shape);
  // Frees a sequence's KV; its committed prefix blocks stay cached (unreferenced, LRU).
  void ReleaseKv(Seq& s);
  // Turns the sequence's newly filled prefix-hash blocks into shared cache entries.
  void CommitFullPrefixBlocks(Seq& s);
  void Preempt(int32_t slot);
  // Rejects a request at submission.
  void Fail(TimeNs now, uint64_t ticket);
  // Turns the front of queued_ into a sequence at the back of waiting_.
  void PromoteQueued();
  void Warm();  // loads config_.warm_prefix_hashes (with prefix caching on)

  Simulation* sim_;
  int32_t index_;
  ReplicaConfig config_;
  const StepTimer* timer_;
  Observer* observer_;
  int32_t reported_index_;  // the replica's number in observer calls
  bool each_step_;          // observer_ wants every step reported by itself
  KvCache kv_;
  LoraSlots lora_;
  int32_t blocks_per_hash_;
  int32_t quiet_slot_;  // in sim_ (Simulation::AddQuietSlot)

  SlotPool<Seq> seqs_;  // slots of sequences in the replica; waiting_ and running_ hold them
  // The line, in order: waiting_ (preempted sequences, newest first, and at most one promoted
  // from queued_ whose admission was put off), then queued_.
  std::deque<int32_t> waiting_;
  std::deque<Queued> queued_;
  std::vector<uint64_t> queued_hashes_;
  size_t queued_hashes_head_ = 0;  // queued_hashes_[0, head) belong to promoted requests
  std::vector<int32_t> running_;   // admission order; the back is preempted first
  std::vector<Scheduled> batch_;
  std::vector<std::pair<uint64_t, Completion>> done_;  // finished this step, notified after it
  bool step_in_flight_ = false;
  bool kick_pending_ = false;
  TimeNs step_start_ns_ = 0;
  TimeNs step_end_ns_ = 0;
  int64_t step_tokens_ = 0;
  bool step_pure_decode_ = false;  // the step in flight only decodes (no LoRA load either)
  uint64_t epoch_ = 0;             // bumped by Reclaim: events scheduled before it are stale
  TimeNs busy_ns_ = 0;
  uint64_t steps_ = 0;
  uint64_t preemptions_ = 0;
  uint64_t rejected_over_context_ = 0, rejected_over_kv_ = 0;
  int64_t kv_peak_used_ = 0;                // blocks in use at the fullest step
  int32_t seats_needed_ = 0;                // RunEnvelope::seats
  std::vector<double> fused_ns_per_token_;  // FuseDecodeSteps' finished steps, in order
  std::vector<int32_t> fused_allocs_;  // FuseDecodeSteps: sequences taking a block, by step % block
  // The most steps one FuseDecodeSteps runs (it keeps each one's time per token).
  static constexpr int32_t kMaxFusedSteps = 4096;
  uint64_t fuse_after_step_ = 0;  // FuseDecodeSteps is not worth trying before this step
  // The step in flight is pure decode with every sequence in it and nothing waiting, queued or
  // submitted since it started (or was run to in place): its end may go on in place.
  bool resume_ = false;
  BatchShape resume_shape_;  // that step's shape
};

}  // namespace plan
