// A replica's paged KV cache, counted in blocks. Physical block identities do not matter to
// timing, so free blocks are a count; prefix-cache entries are tracked by hash with a
// reference count and an LRU order for eviction (vLLM's automatic prefix caching).
#pragma once

#include <algorithm>
#include <cstdint>
#include <list>
#include <unordered_map>
#include <vector>

namespace plan {

class KvCache {
 public:
  // `blocks_per_hash`: engine blocks one prefix hash covers (e.g. 512-token hash / 16-token block).
  KvCache(int64_t total_blocks, int32_t blocks_per_hash);

  int64_t total_blocks() const { return total_blocks_; }
  int64_t free_blocks() const { return free_blocks_; }
  // Blocks held by prefix entries nobody uses: reclaimable on demand.
  int64_t evictable_blocks() const { return static_cast<int64_t>(lru_.size()) * blocks_per_hash_; }
  int64_t used_blocks() const { return total_blocks_ - free_blocks_ - evictable_blocks(); }

  // Takes `n` blocks, evicting least-recently-used unreferenced prefix entries if needed.
  // False (and nothing taken) when even that is not enough.
  bool Allocate(int64_t n) {
    if (n <= 0 || n > free_blocks_) return AllocateShort(n);
    free_blocks_ -= n;
    peak_taken_ = std::max(peak_taken_, total_blocks_ - free_blocks_);
    return true;
  }
  void Release(int64_t n);

  // The number of leading `hashes` that are cached, touching nothing (for routing).
  int32_t PeekPrefix(const uint64_t* hashes, int32_t count) const;
  // The number of leading `hashes` that are cached; each is referenced (pinned) until Unref.
  int32_t AcquirePrefix(const uint64_t* hashes, int32_t count);
  // Drops one reference from each of `hashes[0..count)`.
  void Unref(const uint64_t* hashes, int32_t count);
  // A sequence has just filled the blocks of prefix hash `hash` (as vLLM hashes a block once
  // it is full). They become a cached entry the sequence references; if another sequence
  // cached the same hash first, that entry is referenced and the duplicate blocks are freed.
  // Either way the caller's own block count drops by blocks_per_hash().
  void Commit(uint64_t hash);
  int32_t blocks_per_hash() const { return blocks_per_hash_; }
  // Cache warming: an entry for `hash` loaded before any request needs it, unreferenced (so
  // evictable like any cached prefix). False, and nothing loaded, when no free block is left.
  bool Preload(uint64_t hash);

  uint64_t hits() const { return hits_; }
  // The most blocks ever taken (in use or cached), and whether any take fell short of free
  // blocks (an eviction, or an Allocate or Preload refused). A cache of any size at least
  // peak_taken() would have made the same decisions when nothing fell short
  // (Replica::envelope).
  int64_t peak_taken() const { return peak_taken_; }
  bool fell_short() const { return fell_short_; }

 private:
  struct Entry {
    int32_t refs = 0;
    std::list<uint64_t>::iterator lru_pos;
  };
  void Evict(int64_t needed);
  bool AllocateShort(int64_t n);  // Allocate when free blocks alone do not cover n (or n <= 0)

  int64_t total_blocks_;
  int64_t free_blocks_;
  int32_t blocks_per_hash_;
  std::unordered_map<uint64_t, Entry> entries_;
  std::list<uint64_t> lru_;  // unreferenced entries, least recently used first
  uint64_t hits_ = 0;
  int64_t peak_taken_ = 0;
  bool fell_short_ = false;
};

}  // namespace plan
