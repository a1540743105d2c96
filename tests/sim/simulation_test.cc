// Simulation's promise (sim/simulation.h): events run in the total order (time, priority,
// sequence number of scheduling). There is no cancellation: a handler that no longer wants an
// event ignores it when it comes.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "sim/simulation.h"

namespace plan {
namespace {

// Records "t:kind:data" for every event and runs an optional reaction.
class Recorder : public EventHandler {
 public:
  void OnEvent(TimeNs now, uint32_t kind, uint64_t data) override {
    log.push_back(std::to_string(now) + ":" + std::to_string(kind) + ":" + std::to_string(data));
    if (react) react(now, kind, data);
  }
  std::vector<std::string> log;
  std::function<void(TimeNs, uint32_t, uint64_t)> react;
};

constexpr EventPriority kNormal = EventPriority::kNormal;
constexpr EventPriority kLate = EventPriority::kLate;

}  // namespace

TEST_CASE("Simulation runs events in time order, whatever order they were scheduled in",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  sim.Schedule(30, &r, 1);
  sim.Schedule(10, &r, 2);
  sim.Schedule(20, &r, 3, 7);
  sim.Schedule(0, &r, 4);
  CHECK(sim.now() == 0);
  CHECK_FALSE(sim.empty());
  CHECK(sim.Run() == 4);
  // t=0 kind 4, t=10 kind 2, t=20 kind 3 (data 7), t=30 kind 1
  CHECK(r.log == std::vector<std::string>{"0:4:0", "10:2:0", "20:3:7", "30:1:0"});
  CHECK(sim.now() == 30);  // the clock stays at the last event
  CHECK(sim.empty());
  CHECK(sim.events_processed() == 4);
}

TEST_CASE("At the same instant kNormal events run before kLate ones, each in scheduling order",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  sim.Schedule(5, &r, 1, 0, kLate);
  sim.Schedule(5, &r, 2, 0, kNormal);
  sim.Schedule(5, &r, 3, 0, kLate);
  sim.Schedule(5, &r, 4, 0, kNormal);
  sim.Schedule(4, &r, 5, 0, kLate);  // earlier time beats any priority
  sim.Run();
  // t=4 kind 5 (late, but alone at t=4)
  // t=5 kind 2, kind 4 (normal, in scheduling order), then kind 1, kind 3 (late, in order)
  CHECK(r.log == std::vector<std::string>{"4:5:0", "5:2:0", "5:4:0", "5:1:0", "5:3:0"});
}

TEST_CASE("Ties in time and priority keep scheduling order across many events",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  // 100 events at one instant: a heap that is not stable would scramble them.
  for (uint64_t i = 0; i < 100; ++i) sim.Schedule(1, &r, 0, i);
  sim.Run();
  REQUIRE(r.log.size() == 100);
  for (uint64_t i = 0; i < 100; ++i) CHECK(r.log[i] == "1:0:" + std::to_string(i));
}

TEST_CASE("An event scheduled from a handler joins the order by (time, priority, sequence)",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  r.react = [&](TimeNs now, uint32_t kind, uint64_t) {
    if (kind != 1) return;
    sim.Schedule(now, &r, 10);            // same instant, normal: after the queued normal one
    sim.Schedule(now, &r, 11, 0, kLate);  // same instant, late: after the queued late one
    sim.Schedule(now + 5, &r, 12);        // later: after everything at t=10
    sim.Schedule(now + 5, &r, 13, 0, kLate);
  };
  sim.Schedule(10, &r, 1);
  sim.Schedule(10, &r, 2);
  sim.Schedule(10, &r, 3, 0, kLate);
  sim.Schedule(15, &r, 4, 0, kLate);
  sim.Schedule(15, &r, 5);
  CHECK(sim.Run() == 9);
  // t=10 kind 1 (schedules 10..13), kind 2, kind 10 (normal, scheduled last of the normals),
  //      kind 3 (late, queued first), kind 11 (late, scheduled from the handler)
  // t=15 kind 5 and kind 12 (normal, in scheduling order), kind 4 and kind 13 (late, in order)
  CHECK(r.log == std::vector<std::string>{"10:1:0", "10:2:0", "10:10:0", "10:3:0", "10:11:0",
                                          "15:5:0", "15:12:0", "15:4:0", "15:13:0"});
  CHECK(sim.now() == 15);
}

TEST_CASE("Run returns the events of this call and the clock never goes back",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  CHECK(sim.Run() == 0);  // nothing queued
  CHECK(sim.now() == 0);
  sim.Schedule(100, &r, 1);
  sim.Schedule(200, &r, 2);
  CHECK(sim.Run() == 2);
  CHECK(sim.now() == 200);
  // A later run starts from where the clock stopped; an event at now() itself is allowed.
  sim.Schedule(200, &r, 3);
  sim.Schedule(250, &r, 4);
  CHECK(sim.Run() == 2);
  CHECK(sim.events_processed() == 4);
  CHECK(r.log == std::vector<std::string>{"100:1:0", "200:2:0", "200:3:0", "250:4:0"});
  // Scheduling before now() breaks Schedule's REQUIRES: an assert, which the sanitizer build
  // keeps (tests/death/).
}

TEST_CASE("Events for several handlers interleave by the same order", "[sim][simulation]") {
  // Each handler tags its events into one shared log.
  struct Tagged : EventHandler {
    Tagged(std::string tag, std::vector<std::string>* log) : tag(std::move(tag)), log(log) {}
    void OnEvent(TimeNs now, uint32_t kind, uint64_t) override {
      log->push_back(tag + "@" + std::to_string(now) + ":" + std::to_string(kind));
    }
    std::string tag;
    std::vector<std::string>* log;
  };
  std::vector<std::string> log;
  Tagged a("a", &log), b("b", &log);
  Simulation sim;
  sim.Schedule(2, &b, 1);
  sim.Schedule(1, &a, 1);
  sim.Schedule(2, &a, 2);
  sim.Schedule(1, &b, 2, 0, kLate);
  sim.Run();
  // t=1 a:1, then b:2 (late); t=2 b:1, then a:2 (scheduled after it)
  CHECK(log == std::vector<std::string>{"a@1:1", "b@1:2", "b@2:1", "a@2:2"});
}

}  // namespace plan

namespace plan {

TEST_CASE("Local events run in the one order (time, priority, sequence) with the others",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  sim.ScheduleLocal(5, &r, 1);
  sim.Schedule(5, &r, 2, 0, kLate);
  sim.Schedule(5, &r, 3);
  sim.ScheduleLocal(3, &r, 4);
  sim.ScheduleLocal(5, &r, 5);
  sim.ScheduleBackground(4, &r, 6);
  CHECK(sim.next_event_ns() == 3);  // local ones included
  CHECK(sim.Run() == 6);
  // t=3 local 4; t=4 background 6; t=5 the normal ones in scheduling order (local 1, 3,
  // local 5), then the late 2.
  CHECK(r.log == std::vector<std::string>{"3:4:0", "4:6:0", "5:1:0", "5:3:0", "5:5:0", "5:2:0"});
  CHECK(sim.empty());
}

TEST_CASE("The quiet horizon: the next shared event or another slot's promise, not local events",
          "[sim][simulation]") {
  Simulation sim;
  Recorder r;
  const int32_t a = sim.AddQuietSlot(), b = sim.AddQuietSlot(), c = sim.AddQuietSlot();
  CHECK(sim.QuietHorizonNs(a) == kMaxTimeNs);  // nothing queued, every slot quiet forever
  sim.ScheduleLocal(10, &r, 1);                // another replica's step: not a limit
  CHECK(sim.QuietHorizonNs(a) == kMaxTimeNs);
  sim.set_quiet_until(b, 500);
  sim.set_quiet_until(c, 300);
  CHECK(sim.quiet_until(c) == 300);
  CHECK(sim.QuietHorizonNs(a) == 300);
  CHECK(sim.QuietHorizonNs(c) == 500);  // its own promise is not a limit
  sim.ScheduleBackground(200, &r, 2);   // a shared event, background or not
  CHECK(sim.QuietHorizonNs(a) == 200);
  sim.Schedule(100, &r, 3);
  CHECK(sim.QuietHorizonNs(c) == 100);
  // Past kMaxQuietSlots slots, the horizon is the next event of any kind.
  while (sim.AddQuietSlot() < Simulation::kMaxQuietSlots) {
  }
  CHECK(sim.QuietHorizonNs(a) == 10);
}

}  // namespace plan
