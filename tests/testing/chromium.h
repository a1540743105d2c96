// Headless Chromium for the HTML page's tests: find it, load a page, read back its DOM after the
// page's scripts ran, and Chromium's log.
#pragma once

#include <string>

#include "testing/scratch_dir.h"

namespace plan::test {

// Chromium's path: $PLAN_CHROMIUM, else `chromium` or `chromium-browser` on the PATH; "" if none.
std::string FindChromium();

struct LoadedPage {
  int exit_code = -1;  // Chromium's; -1 when it did not exit normally
  std::string dom;     // the document after its scripts ran (--dump-dom)
  std::string log;     // Chromium's stderr (console messages, uncaught errors)
};

// Loads the file `page` in `chromium` (headless, no network services, a fresh profile under
// `dir`), with a 120 s limit.
LoadedPage LoadInChromium(const std::string& chromium, const ScratchDir& dir,
                          const std::string& page);

}  // namespace plan::test
