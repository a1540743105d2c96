#include "workload/session_source.h"

#include <algorithm>
#include <queue>

#include "util/rng.h"
#include "util/units.h"
#include "workload/generator_source.h"
#include "workload/length_sampler.h"

namespace plan {

namespace {

// splitmix64's finalizer: a bijection, so distinct (session, block) pairs never collide.
uint64_t BlockHash(uint32_t session, uint32_t block) {
  uint64_t z = (static_cast<uint64_t>(session) << 32 | block) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

struct Turn {
  TimeNs arrival_ns = 0;
  uint32_t session = 0;
  int32_t turn = 0;
  int32_t turns = 1;
  int64_t history = 0;  // tokens before this turn's new message (system prompt included)
};

struct Later {
  bool operator()(const Turn& a, const Turn& b) const {
    return a.arrival_ns != b.arrival_ns ? a.arrival_ns > b.arrival_ns : a.session > b.session;
  }
};

class SessionSource : public WorkloadStream {
 public:
  SessionSource(const GeneratorSpec& generator, const SessionSpec& sessions, uint64_t seed,
                int64_t max_requests, int64_t max_total_tokens, ContextClip clip,
                std::unique_ptr<WorkloadStream> starts, std::unique_ptr<WorkloadStream> lengths)
      : spec_(sessions),
        requests_(generator.requests),
        max_requests_(max_requests),
        max_total_tokens_(max_total_tokens),
        duration_ns_(generator.duration_s > 0 ? SecondsToNs(generator.duration_s) : 0),
        clip_(clip),
        starts_(std::move(starts)),
        lengths_(std::move(lengths)),
        turns_rng_(Rng::Stream(seed, "workload", "session_turns")),
        think_rng_(Rng::Stream(seed, "workload", "think_time")),
        turns_(sessions.turns, nullptr) {
    stats_.format = "generator";
    has_start_ = starts_->Next(&start_);
  }

  bool Next(Request* r) override {
    for (;;) {
      int64_t i = stats_.requests;
      if (!status_.ok()) return false;
      if (requests_ > 0 && i >= requests_) return false;
      if (max_requests_ > 0 && i >= max_requests_) return false;
      Turn t;
      int32_t message = 0, output = 0;
      if (has_start_ && (pending_.empty() || start_.arrival_ns <= pending_.top().arrival_ns)) {
        t.arrival_ns = start_.arrival_ns;
        t.session = ++sessions_;
        t.turns = turns_.Draw(turns_rng_);
        t.history = spec_.system_prompt_tokens;
        message = start_.input_tokens;
        output = start_.output_tokens;
        has_start_ = starts_->Next(&start_);
      } else if (!pending_.empty()) {
        t = pending_.top();
        pending_.pop();
        Request drawn;
        if (!lengths_->Next(&drawn)) {
          status_ = lengths_->status();
          return false;
        }
        message = drawn.input_tokens;
        output = drawn.output_tokens;
      } else {
        status_ = starts_->status();  // an arrival beyond the longest span, or just the end
        return false;
      }
      if (duration_ns_ > 0 && t.arrival_ns >= duration_ns_) return false;
      int64_t prompt = t.history + message;
      // A later turn that would leave no room for an answer ends its session.
      if (t.turn > 0 && max_total_tokens_ > 0 && prompt + 1 > max_total_tokens_) continue;
      int32_t input = static_cast<int32_t>(std::min<int64_t>(prompt, INT32_MAX));
      if (ClipToContext(max_total_tokens_, &input, &output, clip_)) ++stats_.clipped;
      if (t.turn + 1 < t.turns) {
        double think = spec_.think_exponential ? think_rng_.Exponential(spec_.think_time_s)
                                               : spec_.think_time_s;
        Turn next = t;
        ++next.turn;
        next.arrival_ns = t.arrival_ns + SecondsToNs(think);
        next.history = static_cast<int64_t>(input) + output;
        if (next.arrival_ns < kMaxTimeNs && next.history < INT32_MAX) pending_.push(next);
      }
      Emit(t, input, output, r);
      return true;
    }
  }

  Status status() const override { return status_; }

 private:
  void Emit(const Turn& t, int32_t input, int32_t output, Request* r) {
    r->id = static_cast<uint64_t>(stats_.requests);
    r->arrival_ns = t.arrival_ns;
    r->input_tokens = input;
    r->output_tokens = output;
    r->prefix_hashes.clear();
    const int32_t blocks = input / kSessionBlockTokens;
    for (int32_t b = 0; b < blocks; ++b) {
      bool system = static_cast<int64_t>(b + 1) * kSessionBlockTokens <= spec_.system_prompt_tokens;
      r->prefix_hashes.push_back(BlockHash(system ? 0 : t.session, static_cast<uint32_t>(b)));
    }
    r->prefix_block_tokens = kSessionBlockTokens;
    r->session = t.session;
    r->turn = t.turn;
    r->region = -1;
    r->label = -1;
    ++stats_.requests;
  }

  SessionSpec spec_;
  int64_t requests_;
  int64_t max_requests_;
  int64_t max_total_tokens_;
  TimeNs duration_ns_;
  ContextClip clip_;
  std::unique_ptr<WorkloadStream> starts_;   // session starts and their first turn's lengths
  std::unique_ptr<WorkloadStream> lengths_;  // later turns' message and answer lengths
  Rng turns_rng_, think_rng_;
  LengthSampler turns_;
  Request start_;
  bool has_start_ = false;
  uint32_t sessions_ = 0;
  std::priority_queue<Turn, std::vector<Turn>, Later> pending_;
  Status status_;
};

}  // namespace

std::vector<uint64_t> SystemPromptHashes(int32_t system_prompt_tokens) {
  std::vector<uint64_t> hashes;
  for (int32_t b = 0; b < system_prompt_tokens / kSessionBlockTokens; ++b)
    hashes.push_back(BlockHash(0, static_cast<uint32_t>(b)));
  return hashes;
}

Result<std::unique_ptr<WorkloadStream>> OpenSessions(const GeneratorSpec& generator,
                                                     const SessionSpec& sessions, uint64_t seed,
                                                     int64_t max_requests, int64_t max_total_tokens,
                                                     ContextClip clip) {
  // Session starts: the generator's own process, unbounded in count (turns are counted here).
  GeneratorSpec starts = generator;
  starts.requests = 0;
  auto start_stream = OpenGenerator(starts, seed, 0, 0, clip);
  if (!start_stream.ok()) return start_stream.status();
  // Later turns' lengths: the same length distributions from a stream of their own.
  GeneratorSpec lengths = generator;
  lengths.arrival = ArrivalKind::kOffline;
  lengths.requests = 0;
  lengths.duration_s = 0;
  auto length_stream =
      OpenGenerator(lengths, Rng::Stream(seed, "workload", "session_lengths").Next(), 0, 0, clip);
  if (!length_stream.ok()) return length_stream.status();
  return std::unique_ptr<WorkloadStream>(
      new SessionSource(generator, sessions, seed, max_requests, max_total_tokens, clip,
                        std::move(*start_stream), std::move(*length_stream)));
}

}  // namespace plan
