// The sanitizer build keeps assert() (CMakeLists.txt: -UNDEBUG under PLAN_SANITIZE). This checks
// it: each case breaks a REQUIRES of a src/ function in a child process, which must die of
// SIGABRT saying which assertion failed. Exit 0 when every case does; 1, naming the cases that
// did not, otherwise. Built and registered with CTest only in the sanitizer build.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "sim/kv_cache.h"
#include "sim/simulation.h"
#include "util/status.h"

namespace plan {
namespace {

struct DeathCase {
  const char* name;
  std::function<void()> body;
  const char* assertion;  // what glibc prints: "Assertion `<expression>' failed."
};

// A handler that schedules its next event before the current time.
class BackInTime : public EventHandler {
 public:
  explicit BackInTime(Simulation* sim) : sim_(sim) {}
  void OnEvent(TimeNs now, uint32_t, uint64_t) override { sim_->Schedule(now - 1, this, 0); }

 private:
  Simulation* sim_;
};

const std::vector<DeathCase>& Cases() {
  static const std::vector<DeathCase> cases = {
      {"Simulation::Schedule before now()",
       [] {
         Simulation sim;
         BackInTime handler(&sim);
         sim.Schedule(10, &handler, 0);
         sim.Run();
       },
       "Assertion `t >= now_' failed."},
      {"KvCache::Release of blocks never allocated",
       [] {
         KvCache kv(4, 1);
         kv.Release(1);
       },
       "Assertion `free_blocks_ <= total_blocks_' failed."},
      {"Result::value() of an error",
       [] {
         Result<int> r = Status::Invalid("bad");
         std::printf("%d\n", r.value());
       },
       "Assertion `ok()' failed."},
  };
  return cases;
}

// Runs `c` in a child with stderr captured; true when it died of SIGABRT naming its assertion.
bool DiesOfItsAssert(const DeathCase& c) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return false;
  std::fflush(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return false;
  if (pid == 0) {
    ::dup2(pipe_fds[1], STDERR_FILENO);
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    c.body();
    ::_exit(0);  // the assert did not fire
  }
  ::close(pipe_fds[1]);
  std::string err;
  char buf[4096];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) err.append(buf, n);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  const bool aborted = WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
  const bool named = err.find(c.assertion) != std::string::npos;
  std::printf("%s: %s\n", aborted && named ? "ok  " : "FAIL", c.name);
  if (!aborted) std::printf("  expected death by SIGABRT; status %d\n", status);
  if (!named) std::printf("  expected \"%s\" on stderr; got:\n%s\n", c.assertion, err.c_str());
  return aborted && named;
}

}  // namespace
}  // namespace plan

int main() {
  bool all = true;
  for (const plan::DeathCase& c : plan::Cases()) all = plan::DiesOfItsAssert(c) && all;
  return all ? 0 : 1;
}
