// Requests a replica has not yet looked at wait as compact records (Replica::Queued), their
// prefix hashes in one shared array: they must come out of it in order, with their own hashes,
// whether admitted or taken back by a reclaim.
#include <catch2/catch.hpp>

#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::kUs;
using testing::Req;

struct Finished : TargetListener {
  std::vector<std::pair<uint64_t, Completion>> done;
  void OnFinished(TimeNs now, uint64_t ticket, const Completion& c) override {
    done.emplace_back(ticket, c);
  }
};

ReplicaConfig OneAtATime() {
  ReplicaConfig c;
  c.max_num_seqs = 1;
  c.max_batched_tokens = 1000;
  c.block_size_tokens = 16;
  c.kv_capacity_tokens = 16 * 100;
  c.prefix_hash_tokens = 16;
  return c;
}

Request Hashed(int32_t input, std::vector<uint64_t> hashes) {
  Request r = Req(0, input, 2);
  r.prefix_block_tokens = 16;
  r.prefix_hashes = std::move(hashes);
  return r;
}

TEST_CASE("Queued requests keep their own prefix hashes, in order, until admitted", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  Simulation sim;
  Replica replica(&sim, 0, OneAtATime(), &timer, nullptr);
  Finished listener;
  replica.set_listener(&listener);
  // Three prompts of 48 tokens at t=0, one running at a time. A caches hashes {1, 2}; B shares
  // {1} and then differs; C has none. Each is admitted when the one before finishes:
  // A: prefill 48 (1.48 ms) + 1 decode (1.1) -> done at 2.58 ms
  // B: 16 tokens cached (hash 1), prefill 32 (1.32) + decode (1.1) -> done at 5.00 ms
  // C: nothing cached, prefill 48 (1.48) + decode (1.1) -> done at 7.58 ms
  replica.Submit(0, Hashed(48, {1, 2}), 10);
  replica.Submit(0, Hashed(48, {1, 7}), 11);
  replica.Submit(0, Req(0, 48, 2), 12);
  CHECK(replica.outstanding() == 3);
  sim.Run();
  REQUIRE(listener.done.size() == 3);
  CHECK(listener.done[0].first == 10);
  CHECK(listener.done[0].second.cached_input_tokens == 0);
  CHECK(listener.done[0].second.finish_ns == 2580 * kUs);
  CHECK(listener.done[1].first == 11);
  CHECK(listener.done[1].second.cached_input_tokens == 16);
  CHECK(listener.done[1].second.finish_ns == 5000 * kUs);
  CHECK(listener.done[2].first == 12);
  CHECK(listener.done[2].second.cached_input_tokens == 0);
  CHECK(listener.done[2].second.finish_ns == 7580 * kUs);
  CHECK(replica.outstanding() == 0);
}

TEST_CASE("A reclaim gives back queued requests whole, after the running ones", "[sim]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  Simulation sim;
  Replica replica(&sim, 0, OneAtATime(), &timer, nullptr);
  Finished listener;
  replica.set_listener(&listener);
  Request a = Hashed(48, {1, 2});
  a.id = 0;
  Request b = Hashed(40, {5, 6});
  b.id = 1;
  b.session = 9;
  b.label = 3;
  Request c = Req(0, 30, 4);
  c.id = 2;
  replica.Submit(0, a, 10);
  replica.Submit(0, b, 11);
  replica.Submit(0, c, 12);
  std::vector<Evicted> out;
  ReclaimLoss lost;
  replica.Reclaim(0, &out, &lost);
  REQUIRE(out.size() == 3);
  CHECK(out[0].ticket == 10);
  CHECK(out[0].request.prefix_hashes == std::vector<uint64_t>{1, 2});
  CHECK(out[1].ticket == 11);
  CHECK(out[1].request.id == 1);
  CHECK(out[1].request.input_tokens == 40);
  CHECK(out[1].request.output_tokens == 2);
  CHECK(out[1].request.prefix_hashes == std::vector<uint64_t>{5, 6});
  CHECK(out[1].request.prefix_block_tokens == 16);
  CHECK(out[1].request.session == 9);
  CHECK(out[1].request.label == 3);
  CHECK(out[2].ticket == 12);
  CHECK(out[2].request.prefix_hashes.empty());
  CHECK(out[2].request.prefix_block_tokens == 0);
  CHECK(lost.requests == 0);  // nothing had run
  CHECK(replica.outstanding() == 0);
  sim.Run();
  CHECK(listener.done.empty());
}

}  // namespace
}  // namespace plan
