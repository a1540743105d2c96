#include "testing/chromium.h"

#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace plan::test {

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

std::string FindChromium() {
  if (const char* env = std::getenv("PLAN_CHROMIUM"); env && *env) return env;
  for (const char* name : {"chromium", "chromium-browser"}) {
    const std::string probe = std::string("command -v ") + name + " > /dev/null 2>&1";
    if (std::system(probe.c_str()) == 0) return name;
  }
  return "";
}

LoadedPage LoadInChromium(const std::string& chromium, const ScratchDir& dir,
                          const std::string& page) {
  const std::string dom = dir.File("dom.html"), log = dir.File("chromium.log");
  const std::string command =
      "timeout 120 " + chromium +
      " --headless --no-sandbox --disable-gpu --disable-background-networking"
      " --disable-component-update --disable-sync --no-first-run --enable-logging=stderr --v=0"
      " --window-size=1200,900 --user-data-dir=" +
      dir.File("profile") + " --dump-dom file://" + page + " > " + dom + " 2> " + log;
  const int status = std::system(command.c_str());
  LoadedPage out;
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  out.dom = Slurp(dom);
  out.log = Slurp(log);
  return out;
}

}  // namespace plan::test
