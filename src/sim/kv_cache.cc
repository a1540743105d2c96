#include "sim/kv_cache.h"

#include <algorithm>
#include <cassert>

namespace plan {

KvCache::KvCache(int64_t total_blocks, int32_t blocks_per_hash)
    : total_blocks_(total_blocks), free_blocks_(total_blocks), blocks_per_hash_(blocks_per_hash) {
  assert(total_blocks >= 0 && blocks_per_hash >= 1);
}

void KvCache::Evict(int64_t needed) {
  while (free_blocks_ < needed && !lru_.empty()) {
    uint64_t hash = lru_.front();
    lru_.pop_front();
    entries_.erase(hash);
    free_blocks_ += blocks_per_hash_;
  }
}

bool KvCache::AllocateShort(int64_t n) {
  if (n <= 0) return true;
  fell_short_ = true;
  if (free_blocks_ + evictable_blocks() < n) return false;
  Evict(n);
  free_blocks_ -= n;
  peak_taken_ = std::max(peak_taken_, total_blocks_ - free_blocks_);
  return true;
}

void KvCache::Release(int64_t n) {
  free_blocks_ += n;
  assert(free_blocks_ <= total_blocks_);
}

int32_t KvCache::PeekPrefix(const uint64_t* hashes, int32_t count) const {
  int32_t matched = 0;
  while (matched < count && entries_.count(hashes[matched])) ++matched;
  return matched;
}

int32_t KvCache::AcquirePrefix(const uint64_t* hashes, int32_t count) {
  int32_t matched = 0;
  for (; matched < count; ++matched) {
    auto it = entries_.find(hashes[matched]);
    if (it == entries_.end()) break;
    if (it->second.refs++ == 0) lru_.erase(it->second.lru_pos);
  }
  hits_ += matched;
  return matched;
}

void KvCache::Unref(const uint64_t* hashes, int32_t count) {
  for (int32_t i = 0; i < count; ++i) {
    auto it = entries_.find(hashes[i]);
    assert(it != entries_.end() && it->second.refs > 0);
    if (--it->second.refs == 0) it->second.lru_pos = lru_.insert(lru_.end(), hashes[i]);
  }
}

void KvCache::Commit(uint64_t hash) {
  auto [it, inserted] = entries_.try_emplace(hash);
  if (!inserted) {
    if (it->second.refs++ == 0) lru_.erase(it->second.lru_pos);
    free_blocks_ += blocks_per_hash_;  // ours duplicate the cached ones
    return;
  }
  it->second.refs = 1;
}

bool KvCache::Preload(uint64_t hash) {
  if (entries_.count(hash)) return true;
  if (free_blocks_ < blocks_per_hash_) {
    fell_short_ = true;
    return false;
  }
  free_blocks_ -= blocks_per_hash_;
  peak_taken_ = std::max(peak_taken_, total_blocks_ - free_blocks_);
  Entry& e = entries_[hash];
  e.lru_pos = lru_.insert(lru_.end(), hash);
  return true;
}

}  // namespace plan
