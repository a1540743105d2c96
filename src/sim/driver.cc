#include "sim/driver.h"

#include <fmt/format.h>
#include <algorithm>
#include <cassert>

namespace plan {

namespace {
constexpr uint32_t kArrival = 1;
}

Driver::Driver(Simulation* sim, RequestSource* source, Target* target, Observer* observer)
    : sim_(sim), source_(source), target_(target), observer_(observer) {
  target_->set_listener(this);
}

void Driver::PullNext() {
  has_next_ = source_->Next(&next_);
  if (!has_next_) return;
  // Arrivals never go back in time, even if a source misbehaves.
  sim_->Schedule(std::max(next_.arrival_ns, sim_->now()), this, kArrival);
}

Status Driver::Run() {
  PullNext();
  if (has_next_) totals_.first_arrival_ns = next_.arrival_ns;
  sim_->Run();
  PLAN_RETURN_IF_ERROR(source_->status());
  if (sim_->stopped()) return Status::Ok();
  if (sim_->overran())
    return Status::Invalid(
        fmt::format("the simulation passed {:.0f} years of simulated time with {} of {} requests "
                    "unfinished; the workload is far beyond what this deployment can serve",
                    NsToSeconds(kMaxTimeNs) / (365.25 * 86400),
                    totals_.submitted - totals_.completed - totals_.failed, totals_.submitted));
  if (totals_.completed + totals_.failed != totals_.submitted)
    return Status::Runtime(
        fmt::format("simulation ended with {} of {} requests unfinished (a scheduler bug)",
                    totals_.submitted - totals_.completed - totals_.failed, totals_.submitted));
  if (totals_.output_tokens_served != totals_.output_tokens_asked)
    return Status::Runtime(fmt::format("simulation served {} output tokens for {} asked (a bug)",
                                       totals_.output_tokens_served, totals_.output_tokens_asked));
  return Status::Ok();
}

void Driver::OnEvent(TimeNs now, uint32_t kind, uint64_t data) {
  assert(kind == kArrival);
  uint32_t slot = slots_.Acquire();
  InFlight& f = slots_[slot];
  f = {next_.id, now, next_.input_tokens, next_.output_tokens, true};
  ++totals_.submitted;
  totals_.input_tokens += next_.input_tokens;
  target_->Submit(now, next_, slot);
  PullNext();
  if (!has_next_) {
    totals_.last_arrival_ns = now;
    totals_.all_arrived = true;
    totals_.unfinished_at_last_arrival = totals_.submitted - totals_.completed - totals_.failed;
  }
}

void Driver::OnFinished(TimeNs now, uint64_t ticket, const Completion& c) {
  InFlight& f = slots_[ticket];
  assert(f.busy);
  RequestRecord r;
  r.id = f.id;
  r.arrival_ns = f.arrival_ns;
  r.first_token_ns = c.first_token_ns;
  r.finish_ns = c.finish_ns;
  r.queue_ns = c.first_scheduled_ns - f.arrival_ns;
  r.input_tokens = f.input_tokens;
  r.output_tokens = c.failed ? 0 : c.output_tokens;
  r.cached_input_tokens = c.cached_input_tokens;
  r.preemptions = c.preemptions;
  r.failed = c.failed;
  r.tier = c.tier;
  r.replica = c.replica;
  r.cost_usd = c.cost_usd;
  if (c.failed) {
    ++totals_.failed;
  } else {
    ++totals_.completed;
    totals_.output_tokens_asked += std::max(0, f.output_tokens);
    totals_.output_tokens_served += c.output_tokens;
  }
  totals_.last_finish_ns = std::max(totals_.last_finish_ns, c.finish_ns);
  f.busy = false;
  slots_.Release(static_cast<uint32_t>(ticket));
  if (observer_) observer_->OnRequestDone(r);
}

}  // namespace plan
