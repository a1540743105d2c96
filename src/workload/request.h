// One request of a workload: what arrives, when, and how long its prompt and answer are.
#pragma once

#include <cstdint>
#include <vector>

#include "util/status.h"
#include "util/units.h"

namespace plan {

struct Request {
  uint64_t id = 0;        // 0, 1, 2, ... in arrival order
  TimeNs arrival_ns = 0;  // since the start of the workload
  int32_t input_tokens = 0;
  int32_t output_tokens = 0;
  // Hashes of the prompt's leading blocks (Mooncake: 512 tokens each); equal leading hashes
  // mean a shareable prefix. Empty when the trace has none.
  std::vector<uint64_t> prefix_hashes;
  int32_t prefix_block_tokens = 0;  // tokens per prefix hash block
  uint32_t session = 0;             // multi-turn session id; 0 = none
  int32_t turn = 0;                 // turn within its session, 0 = the first (or none)
  int16_t region = -1;              // index into the scenario's user regions; -1 = unspecified
  int16_t label = -1;               // class/difficulty label from the trace; -1 = none
};

// A stream of requests in arrival order. Pulled one at a time so that a 27-million-row trace
// or a 10-million-request generator is never held in memory whole.
class RequestSource {
 public:
  virtual ~RequestSource() = default;
  // Overwrites *r with the next request (reusing its vector's capacity); false at the end or
  // on an error, which status() then holds.
  virtual bool Next(Request* r) = 0;
  virtual Status status() const = 0;
};

}  // namespace plan
