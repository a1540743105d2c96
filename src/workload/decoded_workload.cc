#include "workload/decoded_workload.h"

#include <cassert>

namespace plan {

namespace {

class Replay final : public WorkloadStream {
 public:
  Replay(const DecodedWorkload& w, int64_t max_total_tokens, ContextClip clip, int64_t begin,
         int64_t end)
      : w_(w), max_total_tokens_(max_total_tokens), clip_(clip), next_(begin), end_(end) {
    assert(0 <= begin && begin <= end && end <= w.size());
    stats_ = w.stats();
    stats_.requests = 0;
    stats_.clipped = 0;
  }

  bool Next(Request* r) override {
    if (next_ >= end_) return false;
    w_.Fill(next_++, r);
    if (ClipToContext(max_total_tokens_, &r->input_tokens, &r->output_tokens, clip_))
      ++stats_.clipped;
    ++stats_.requests;
    return true;
  }
  Status status() const override { return Status::Ok(); }

 private:
  const DecodedWorkload& w_;
  int64_t max_total_tokens_;
  ContextClip clip_;
  int64_t next_, end_;
};

}  // namespace

void DecodedWorkload::Fill(int64_t i, Request* r) const {
  r->id = static_cast<uint64_t>(i);
  r->arrival_ns = arrival_ns_[i];
  r->input_tokens = input_[i];
  r->output_tokens = output_[i];
  r->session = session_.empty() ? 0 : session_[i];
  r->turn = turn_.empty() ? 0 : turn_[i];
  r->region = region_.empty() ? -1 : region_[i];
  r->label = label_.empty() ? -1 : label_[i];
  r->prefix_block_tokens = prefix_block_tokens_.empty() ? 0 : prefix_block_tokens_[i];
  if (prefix_begin_.empty())
    r->prefix_hashes.clear();
  else
    r->prefix_hashes.assign(prefix_hashes_.begin() + prefix_begin_[i],
                            prefix_hashes_.begin() + prefix_begin_[i + 1]);
}

Result<std::optional<DecodedWorkload>> DecodeWorkload(const WorkloadSpec& spec, uint64_t seed,
                                                      int64_t max_requests) {
  if (spec.generated() && spec.sessions.enabled) return std::optional<DecodedWorkload>();
  Result<std::unique_ptr<RequestSource>> source = OpenWorkload(spec, seed, 0);
  if (!source.ok()) return source.status();
  DecodedWorkload w;
  Request r;
  // A rarely set column is kept once some request sets it, at its default for the rows before.
  bool session = false, turn = false, region = false, label = false, block = false, hashes = false;
  auto start = [&w](bool* kept, auto* column, auto fill) {
    if (!*kept) column->assign(w.arrival_ns_.size(), fill);
    *kept = true;
  };
  while ((*source)->Next(&r)) {
    if (w.size() >= max_requests) return std::optional<DecodedWorkload>();
    // Ids are 0, 1, 2, ... in order (request.h); a replay gives request i the id i.
    assert(r.id == static_cast<uint64_t>(w.size()));
    if (r.session != 0) start(&session, &w.session_, uint32_t{0});
    if (r.turn != 0) start(&turn, &w.turn_, int32_t{0});
    if (r.region != -1) start(&region, &w.region_, int16_t{-1});
    if (r.label != -1) start(&label, &w.label_, int16_t{-1});
    if (r.prefix_block_tokens != 0) start(&block, &w.prefix_block_tokens_, int32_t{0});
    if (!r.prefix_hashes.empty() && !hashes) {
      w.prefix_begin_.assign(w.arrival_ns_.size() + 1, 0);  // offsets: one more than rows
      hashes = true;
    }
    w.arrival_ns_.push_back(r.arrival_ns);
    w.input_.push_back(r.input_tokens);
    w.output_.push_back(r.output_tokens);
    if (session) w.session_.push_back(r.session);
    if (turn) w.turn_.push_back(r.turn);
    if (region) w.region_.push_back(r.region);
    if (label) w.label_.push_back(r.label);
    if (block) w.prefix_block_tokens_.push_back(r.prefix_block_tokens);
    if (hashes) {
      w.prefix_hashes_.insert(w.prefix_hashes_.end(), r.prefix_hashes.begin(),
                              r.prefix_hashes.end());
      w.prefix_begin_.push_back(w.prefix_hashes_.size());
    }
  }
  PLAN_RETURN_IF_ERROR((*source)->status());
  const WorkloadStats* stats = WorkloadStatsOf(**source);
  assert(stats);
  w.stats_ = *stats;
  return std::optional<DecodedWorkload>(std::move(w));
}

std::unique_ptr<WorkloadStream> ReplayWorkload(const DecodedWorkload& w, int64_t max_total_tokens,
                                               ContextClip clip, int64_t begin, int64_t end) {
  return std::make_unique<Replay>(w, max_total_tokens, clip, begin, end);
}

RequestWindow BusiestWindow(const DecodedWorkload& w, TimeNs length_ns) {
  RequestWindow best;
  int64_t tokens = 0;
  // Two pointers: [lo, hi) holds the requests arriving in [arrival(lo), arrival(lo) + length).
  for (int64_t lo = 0, hi = 0; lo < w.size(); ++lo) {
    while (hi < w.size() && w.arrival_ns(hi) - w.arrival_ns(lo) < length_ns)
      tokens += w.tokens(hi++);
    if (tokens > best.tokens)
      best = {lo, hi, w.arrival_ns(lo), w.arrival_ns(hi - 1), length_ns, tokens};
    tokens -= w.tokens(lo);
  }
  return best;
}

}  // namespace plan
