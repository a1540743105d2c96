// KvCache as a specification: block arithmetic, exhaustion, prefix reuse by hash and the LRU
// eviction of unreferenced prefix entries. Every block is always exactly one of free, evictable
// (a cached prefix nobody references) or used (held by a sequence or a referenced prefix).
#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "sim/kv_cache.h"

namespace plan {
namespace {

void CheckBlocks(const KvCache& kv, int64_t free, int64_t evictable, int64_t used) {
  CHECK(kv.free_blocks() == free);
  CHECK(kv.evictable_blocks() == evictable);
  CHECK(kv.used_blocks() == used);
  CHECK(kv.free_blocks() + kv.evictable_blocks() + kv.used_blocks() == kv.total_blocks());
}

int32_t Peek(const KvCache& kv, std::vector<uint64_t> hashes) {
  return kv.PeekPrefix(hashes.data(), static_cast<int32_t>(hashes.size()));
}

int32_t Acquire(KvCache& kv, std::vector<uint64_t> hashes) {
  return kv.AcquirePrefix(hashes.data(), static_cast<int32_t>(hashes.size()));
}

void Unref(KvCache& kv, std::vector<uint64_t> hashes) {
  kv.Unref(hashes.data(), static_cast<int32_t>(hashes.size()));
}

// A cache of 10 blocks where each prefix hash covers 2 of them, holding the unreferenced
// entries `hashes`, cached in that order (so the first is the least recently used).
KvCache CacheHolding(std::vector<uint64_t> hashes) {
  KvCache kv(10, 2);
  for (uint64_t h : hashes) {
    REQUIRE(kv.Allocate(2));
    kv.Commit(h);
    Unref(kv, {h});
  }
  return kv;
}

}  // namespace

TEST_CASE("KvCache allocates and releases whole blocks", "[sim][kv]") {
  KvCache kv(10, 2);
  CHECK(kv.total_blocks() == 10);
  CHECK(kv.blocks_per_hash() == 2);
  CheckBlocks(kv, 10, 0, 0);
  REQUIRE(kv.Allocate(4));
  CheckBlocks(kv, 6, 0, 4);
  REQUIRE(kv.Allocate(0));  // nothing asked, nothing taken
  REQUIRE(kv.Allocate(-3));
  CheckBlocks(kv, 6, 0, 4);
  REQUIRE(kv.Allocate(6));  // the last free block can be taken
  CheckBlocks(kv, 0, 0, 10);
  kv.Release(7);
  CheckBlocks(kv, 7, 0, 3);
  kv.Release(3);
  CheckBlocks(kv, 10, 0, 0);
  CHECK(kv.hits() == 0);
}

TEST_CASE("KvCache refuses an allocation it cannot meet and takes nothing", "[sim][kv]") {
  KvCache kv(10, 2);
  REQUIRE(kv.Allocate(7));
  CHECK_FALSE(kv.Allocate(4));  // 3 free
  CheckBlocks(kv, 3, 0, 7);
  CHECK(kv.Allocate(3));
  CHECK_FALSE(kv.Allocate(1));
  CheckBlocks(kv, 0, 0, 10);

  KvCache empty(0, 1);  // a replica whose weights leave no room for KV
  CHECK_FALSE(empty.Allocate(1));
  CHECK(empty.Allocate(0));
  CheckBlocks(empty, 0, 0, 0);
}

TEST_CASE("A committed prefix is held while referenced and evictable once not", "[sim][kv]") {
  KvCache kv(10, 2);
  // A sequence takes 5 blocks: two full hashes (4 blocks) and one partial block.
  REQUIRE(kv.Allocate(5));
  kv.Commit(101);
  kv.Commit(102);
  CheckBlocks(kv, 5, 0, 5);  // committing moves blocks from the sequence to the entry
  CHECK(Peek(kv, {101, 102, 103}) == 2);
  CHECK(kv.hits() == 0);  // committing and peeking are not hits
  // The sequence ends: it drops its references and releases the one block it holds alone.
  Unref(kv, {101, 102});
  kv.Release(1);
  CheckBlocks(kv, 6, 4, 0);
  CHECK(Peek(kv, {101, 102}) == 2);  // still cached: evictable, not evicted
}

TEST_CASE("Prefix lookup matches leading hashes only", "[sim][kv]") {
  KvCache kv = CacheHolding({1, 2, 3});
  CHECK(Peek(kv, {1, 2, 3}) == 3);
  CHECK(Peek(kv, {1, 2, 9, 3}) == 2);  // stops at the first miss
  CHECK(Peek(kv, {9, 1, 2}) == 0);
  CHECK(Peek(kv, {2, 3}) == 2);  // by hash: the hash already encodes its whole prefix
  CHECK(Peek(kv, {}) == 0);
  CHECK(kv.hits() == 0);
}

TEST_CASE("Acquiring a prefix counts hits and pins the entries against eviction", "[sim][kv]") {
  KvCache kv = CacheHolding({1, 2, 3});
  CheckBlocks(kv, 4, 6, 0);
  CHECK(Acquire(kv, {1, 2, 7}) == 2);
  CHECK(kv.hits() == 2);
  CheckBlocks(kv, 4, 2, 4);  // 1 and 2 are used again; only 3 is evictable
  // 6 blocks: the 4 free and entry 3's 2; the pinned entries are not touched.
  REQUIRE(kv.Allocate(6));
  CheckBlocks(kv, 0, 0, 10);
  CHECK(Peek(kv, {3}) == 0);
  CHECK(Peek(kv, {1, 2}) == 2);
  CHECK_FALSE(kv.Allocate(1));  // everything else is pinned or held
  // A second reference: the entry stays pinned until both are dropped.
  CHECK(Acquire(kv, {1}) == 1);
  CHECK(kv.hits() == 3);
  Unref(kv, {1});
  CheckBlocks(kv, 0, 0, 10);
  Unref(kv, {1, 2});
  CheckBlocks(kv, 0, 4, 6);
}

TEST_CASE("Eviction takes the least recently released prefix first, only as needed", "[sim][kv]") {
  KvCache kv = CacheHolding({1, 2, 3});  // released in the order 1, 2, 3
  // Using 1 again and releasing it makes it the most recent: the order is now 2, 3, 1.
  CHECK(Acquire(kv, {1}) == 1);
  Unref(kv, {1});
  CheckBlocks(kv, 4, 6, 0);
  REQUIRE(kv.Allocate(5));  // 4 free + 1 more: evicts one entry (2 blocks), the oldest
  CheckBlocks(kv, 1, 4, 5);
  CHECK(Peek(kv, {2}) == 0);
  CHECK(Peek(kv, {3}) == 1);
  CHECK(Peek(kv, {1}) == 1);
  REQUIRE(kv.Allocate(3));  // 1 free + 2 more: evicts 3, then 1 is next
  CheckBlocks(kv, 0, 2, 8);
  CHECK(Peek(kv, {3}) == 0);
  CHECK(Peek(kv, {1}) == 1);
  // Too much for free + evictable: refused, and nothing is evicted.
  CHECK_FALSE(kv.Allocate(3));
  CheckBlocks(kv, 0, 2, 8);
  CHECK(Peek(kv, {1}) == 1);
}

TEST_CASE("Committing a hash another sequence cached first shares it and frees the copy",
          "[sim][kv]") {
  KvCache kv(10, 2);
  // Sequences A and B computed the same 2-block prefix side by side, each in blocks of its own.
  REQUIRE(kv.Allocate(2));  // A
  REQUIRE(kv.Allocate(2));  // B
  CheckBlocks(kv, 6, 0, 4);
  kv.Commit(42);  // A's blocks become the cached entry
  kv.Commit(42);  // B's are a duplicate: freed; B references A's entry instead
  CheckBlocks(kv, 8, 0, 2);
  CHECK(kv.hits() == 0);
  Unref(kv, {42});  // A ends
  CheckBlocks(kv, 8, 0, 2);
  Unref(kv, {42});  // B ends
  CheckBlocks(kv, 8, 2, 0);
  // Committing a hash whose entry is unreferenced revives it, and the new copy is freed.
  REQUIRE(kv.Allocate(2));
  kv.Commit(42);
  CheckBlocks(kv, 8, 0, 2);
}

}  // namespace plan
