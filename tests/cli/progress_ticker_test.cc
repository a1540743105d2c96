// Progress for simulate and breakeven: a status line on a terminal after 2 s, never elsewhere.
#include <catch2/catch.hpp>

#include <future>
#include <sstream>

#include "cli/progress_bar.h"
#include "testing/run_cli.h"

namespace plan {
namespace {

const std::string kTemplates = std::string(PLAN_SOURCE_DIR) + "/scenarios/templates/";

TEST_CASE("TickerLine: what, the count and its rate, the elapsed time", "[cli]") {
  CHECK(TickerLine("breakeven", 14, "simulations", 4.0) ==
        "breakeven: 14 simulations  3.5/s  0:04");
  CHECK(TickerLine("breakeven", 0, "simulations", 0.0) == "breakeven: 0 simulations  --/s  0:00");
  CHECK(TickerLine("simulate: 5 candidates on 2 threads", -1, "", 3725.4) ==
        "simulate: 5 candidates on 2 threads  1:02:05");
}

TEST_CASE("ProgressTicker draws nothing when disabled or before its delay", "[cli]") {
  std::ostringstream off;
  {
    ProgressTicker t(
        off, false, [](double) { return std::string("never"); }, std::chrono::milliseconds(0));
  }
  CHECK(off.str().empty());
  std::ostringstream early;
  ProgressTicker t(
      early, true, [](double) { return std::string("never"); }, std::chrono::hours(1));
  t.Stop();
  CHECK(early.str().empty());
}

TEST_CASE("ProgressTicker draws its line, then erases it on Stop", "[cli]") {
  std::ostringstream err;
  std::promise<void> called;
  bool first = true;
  ProgressTicker t(
      err, true,
      [&](double) {
        if (first) called.set_value();
        first = false;
        return std::string("working");
      },
      std::chrono::milliseconds(0));
  called.get_future().wait();
  t.Stop();  // waits for the draw in progress: the ticker holds its lock while it writes
  const std::string out = err.str();
  CHECK(out.rfind("\rworking\x1b[K", 0) == 0);
  CHECK(out.size() >= 11);
  CHECK(out.substr(out.size() - 4) == "\r\x1b[K");
}

TEST_CASE("plan simulate and plan breakeven keep a non-terminal stderr empty", "[cli]") {
  test::CliRun sim = test::RunCli({"simulate", kTemplates + "chatbot.toml"});
  CHECK(sim.exit_code == 0);
  CHECK(sim.err.empty());
  test::CliRun be =
      test::RunCli({"breakeven", kTemplates + "api-vs-selfhost.toml", "--points", "2"});
  CHECK(be.exit_code == 0);
  CHECK(be.err.empty());
}

}  // namespace
}  // namespace plan
