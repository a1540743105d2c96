#include "cli/output.h"

#include <algorithm>
#include <ostream>
#include <thread>

#include "util/files.h"

namespace plan {

Status WriteOutput(const std::string& output_path, const std::string& text, Io& io) {
  if (output_path.empty() || output_path == "-") {
    io.out << text;
    return Status::Ok();
  }
  return WriteFileAtomic(output_path, text);
}

int ThreadsOrCores(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace plan
