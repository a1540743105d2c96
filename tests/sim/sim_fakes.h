// Fakes for simulator tests: an in-memory request stream, a recording observer, and a timer
// that remembers every batch shape it priced.
#pragma once

#include <memory>
#include <vector>

#include "sim/sim.h"

namespace plan::testing {

class VectorSource : public RequestSource {
 public:
  explicit VectorSource(std::vector<Request> requests) : requests_(std::move(requests)) {
    for (size_t i = 0; i < requests_.size(); ++i) requests_[i].id = i;
  }
  bool Next(Request* r) override {
    if (next_ >= requests_.size()) return false;
    *r = requests_[next_++];
    return true;
  }
  Status status() const override { return Status::Ok(); }

 private:
  std::vector<Request> requests_;
  size_t next_ = 0;
};

class RecordingObserver : public Observer {
 public:
  void OnRequestDone(const RequestRecord& r) override {
    if (records.size() <= r.id) records.resize(r.id + 1);
    records[r.id] = r;
  }
  void OnStep(const StepRecord& s) override { steps.push_back(s); }
  bool wants_each_step() const override { return each_step; }
  void OnDecodeSteps(int32_t replica, int64_t n, TimeNs duration_ns,
                     double kv_used_fraction) override {
    decode_runs.push_back({replica, n, duration_ns, kv_used_fraction});
  }
  void OnPreemption(int32_t replica, TimeNs t) override { preemption_times.push_back(t); }
  struct DecodeRun {
    int32_t replica;
    int64_t steps;
    TimeNs duration_ns;
    double kv_used_fraction;
  };
  bool each_step = true;  // false: replicas running ahead report runs (decode_runs) instead
  std::vector<RequestRecord> records;  // indexed by request id
  std::vector<StepRecord> steps;
  std::vector<DecodeRun> decode_runs;
  std::vector<TimeNs> preemption_times;
};

class RecordingTimer : public StepTimer {
 public:
  explicit RecordingTimer(const StepTimer& inner) : inner_(inner) {}
  TimeNs StepNs(const BatchShape& b) const override {
    shapes.push_back(b);
    return inner_.StepNs(b);
  }
  mutable std::vector<BatchShape> shapes;

 private:
  const StepTimer& inner_;
};

inline Request Req(TimeNs arrival_ns, int32_t input, int32_t output) {
  Request r;
  r.arrival_ns = arrival_ns;
  r.input_tokens = input;
  r.output_tokens = output;
  return r;
}

// One replica fed `requests` through a Driver to the end: the simulation, the observer's
// records and the driver's verdict, for tests to read.
struct ReplicaRun {
  Simulation sim;
  RecordingObserver obs;
  std::unique_ptr<Replica> replica;
  Status status;
  ReplicaRun(std::vector<Request> requests, const ReplicaConfig& config, const StepTimer& timer) {
    replica = std::make_unique<Replica>(&sim, 0, config, &timer, &obs);
    VectorSource source(std::move(requests));
    Driver driver(&sim, &source, replica.get(), &obs);
    status = driver.Run();
  }
};

constexpr TimeNs kMs = 1'000'000;
constexpr TimeNs kUs = 1'000;

}  // namespace plan::testing
