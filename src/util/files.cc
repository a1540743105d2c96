#include "util/files.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace plan {

namespace {

// "64.0 MiB", "2.0 GiB": sizes in the unit a user would recognise.
std::string SizeText(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30)) return fmt::format("{:.1f} GiB", bytes / 1073741824.0);
  return fmt::format("{:.1f} MiB", bytes / 1048576.0);
}

}  // namespace

Result<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return Status::Invalid(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  struct stat st {};
  std::string out;
  auto too_large = [&](uint64_t size) {
    return Status::Invalid(
        fmt::format("{}: the file is {}larger than {}, the most plan reads from "
                    "one input file",
                    path, size > 0 ? SizeText(size) + ", " : "", SizeText(max_bytes)));
  };
  Status status;
  if (::fstat(fd, &st) != 0) {
    status = Status::Invalid(fmt::format("{}: cannot read: {}", path, std::strerror(errno)));
  } else if (S_ISDIR(st.st_mode)) {
    status = Status::Invalid(fmt::format("{}: is a directory, not a file", path));
  } else if (S_ISREG(st.st_mode) && static_cast<uint64_t>(st.st_size) > max_bytes) {
    status = too_large(static_cast<uint64_t>(st.st_size));
  } else {
    // Read in pieces up to one byte past the cap: a device or pipe has no size to check first.
    if (S_ISREG(st.st_mode)) out.reserve(static_cast<size_t>(st.st_size));
    char buf[64 * 1024];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        status = Status::Invalid(fmt::format("{}: read error: {}", path, std::strerror(errno)));
        break;
      }
      if (n == 0) break;
      if (out.size() + static_cast<size_t>(n) > max_bytes) {
        status = too_large(0);
        break;
      }
      out.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  if (!status.ok()) return status;
  return out;
}

namespace {

// Writes all of `content` to `fd`; the error's reason, or "".
std::string WriteAll(int fd, const std::string& content) {
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::strerror(errno);
    }
    written += static_cast<size_t>(n);
  }
  return "";
}

}  // namespace

Status WriteFileAtomic(const std::string& path_given, const std::string& content) {
  std::string path = path_given;
  struct stat st;
  if (::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) {
    // Replace what the link names (-o /dev/stdout into a file), not the link itself.
    if (char* target = ::realpath(path.c_str(), nullptr)) {
      path = target;
      std::free(target);
    }
  }
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    const int out = ::open(path.c_str(), O_WRONLY);
    if (out < 0)
      return Status::Runtime(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
    std::string why = WriteAll(out, content);
    if (::close(out) != 0 && why.empty()) why = std::strerror(errno);
    if (!why.empty()) return Status::Runtime(fmt::format("{}: write failed: {}", path, why));
    return Status::Ok();
  }
  std::string tmp = fmt::format("{}.tmp.{}", path, static_cast<long>(::getpid()));
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return Status::Runtime(fmt::format("{}: cannot write: {}", path, std::strerror(errno)));
  if (std::string why = WriteAll(fd, content); !why.empty()) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return Status::Runtime(fmt::format("{}: write failed: {}", path, why));
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::Runtime(fmt::format("{}: write failed: {}", path, why));
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    return Status::Runtime(fmt::format("{}: cannot replace: {}", path, why));
  }
  return Status::Ok();
}

std::string DirName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return "";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string JoinPath(const std::string& base_dir, const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || base_dir.empty()) return rel;
  if (base_dir.back() == '/') return base_dir + rel;
  return base_dir + "/" + rel;
}

}  // namespace plan
