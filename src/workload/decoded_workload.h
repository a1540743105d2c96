// A workload decoded once into compact arrays (issue 15), for commands that replay the same
// requests through many configurations (plan search): each replay clips to its own context and
// reads the arrays, instead of re-parsing the trace or re-drawing the generator.
//
// Why a replay equals OpenWorkload's stream: every reader and the generator clip a request as
// their last step (ClipToContext), after everything that decides which requests there are and
// what they hold, so decoding without a limit and clipping on replay gives the same requests,
// and the same stats. Sessions are the exception (a context limit ends a session early), so
// they are not decoded.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "util/status.h"
#include "workload/workload_spec.h"
#include "workload/workload_stream.h"

namespace plan {

class DecodedWorkload {
 public:
  int64_t size() const { return static_cast<int64_t>(arrival_ns_.size()); }
  TimeNs arrival_ns(int64_t i) const { return arrival_ns_[i]; }
  int64_t tokens(int64_t i) const { return static_cast<int64_t>(input_[i]) + output_[i]; }
  bool has_prefix_hashes() const { return !prefix_begin_.empty(); }
  // What the stream reported after its last request, clipping aside.
  const WorkloadStats& stats() const { return stats_; }

  // Request i as the stream gave it before clipping; reuses r's vector.
  void Fill(int64_t i, Request* r) const;

 private:
  friend Result<std::optional<DecodedWorkload>> DecodeWorkload(const WorkloadSpec&, uint64_t,
                                                               int64_t);
  std::vector<TimeNs> arrival_ns_;
  std::vector<int32_t> input_, output_;
  // Rarely set fields, kept only when some request has them (else empty).
  std::vector<uint32_t> session_;
  std::vector<int32_t> turn_;
  std::vector<int16_t> region_, label_;
  std::vector<int32_t> prefix_block_tokens_;
  std::vector<uint64_t> prefix_begin_;  // size() + 1 offsets into prefix_hashes_
  std::vector<uint64_t> prefix_hashes_;
  WorkloadStats stats_;
};

// Decodes the whole workload, or returns nullopt when it should stay a stream: sessions, or
// more than `max_requests` requests (the caller's memory budget). Errors are OpenWorkload's.
Result<std::optional<DecodedWorkload>> DecodeWorkload(const WorkloadSpec& spec, uint64_t seed,
                                                      int64_t max_requests);

// A stream over requests [begin, end) of `w` (ids, times and lengths as decoded), clipped as
// OpenWorkload would clip them. Its stats are w's, counting only what it returns and clips.
// `w` must outlive it. REQUIRES: 0 <= begin <= end <= w.size(); max_total_tokens 0 or >= 2.
std::unique_ptr<WorkloadStream> ReplayWorkload(const DecodedWorkload& w, int64_t max_total_tokens,
                                               ContextClip clip, int64_t begin, int64_t end);

// The requests [begin, end) whose arrivals lie within one window of `length_ns`, chosen to hold
// the most tokens (input + output; the earliest such window on a tie).
struct RequestWindow {
  int64_t begin = 0, end = 0;
  TimeNs start_ns = 0, end_ns = 0;  // the first and the last arrival inside it
  TimeNs length_ns = 0;             // the window's own length
  // Requests per second over the window's length.
  double requests_per_s() const {
    return length_ns > 0 ? static_cast<double>(end - begin) / NsToSeconds(length_ns) : 0.0;
  }
  int64_t tokens = 0;
};
RequestWindow BusiestWindow(const DecodedWorkload& w, TimeNs length_ns);

}  // namespace plan
