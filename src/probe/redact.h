// Keeping an API key out of everything the probe prints or writes.
#pragma once

#include <string>

namespace plan {

inline constexpr const char* kRedacted = "[REDACTED]";

class Redactor {
 public:
  explicit Redactor(std::string secret) : secret_(std::move(secret)) {}
  // `text` with every occurrence of the secret replaced by [REDACTED]; unchanged when the
  // secret is empty.
  std::string operator()(std::string text) const;

 private:
  std::string secret_;
};

// The URL as a probe file may record it: user:password@ and the query string (where some
// APIs take a key, e.g. ?key=) removed. "https://u:p@h/v1?key=x" -> "https://h/v1".
std::string UrlForRecord(const std::string& url);

}  // namespace plan
