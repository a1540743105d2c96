// The file-system seam: reading inputs and writing outputs atomically.
#pragma once

#include <string>

#include "util/status.h"

namespace plan {

// The most ReadFile loads: every whole-file input (scenario, catalog, report, probe, price
// list) is far smaller, and the cap keeps a wrong path (a disk image, /dev/zero) from
// exhausting memory.
inline constexpr size_t kMaxInputFileBytes = size_t{64} << 20;

// The whole file; an unreadable input, a directory, or one over `max_bytes` is a bad-input
// error (exit 2) naming the path.
Result<std::string> ReadFile(const std::string& path, size_t max_bytes = kMaxInputFileBytes);

// Writes `content` to a temporary file beside `path`, then renames it over `path`, so a
// reader never sees a half-written file and a failure leaves the old file in place. A `path`
// that names a device, a pipe or a socket (-o /dev/null, -o /dev/stdout) is written in place:
// renaming over it would replace the device with a file. A symbolic link is followed: what it
// names is replaced, and the link stays.
Status WriteFileAtomic(const std::string& path, const std::string& content);

// Directory of `path` ("" for a bare file name), and `rel` resolved against `base_dir`.
std::string DirName(const std::string& path);
std::string JoinPath(const std::string& base_dir, const std::string& rel);

}  // namespace plan
