#include "probe/redact.h"

namespace plan {

std::string Redactor::operator()(std::string text) const {
  if (secret_.empty()) return text;
  for (size_t at = text.find(secret_); at != std::string::npos;
       at = text.find(secret_, at + std::char_traits<char>::length(kRedacted)))
    text.replace(at, secret_.size(), kRedacted);
  return text;
}

std::string UrlForRecord(const std::string& url) {
  std::string out = url.substr(0, url.find_first_of("?#"));
  const size_t scheme = out.find("://");
  const size_t host_start = scheme == std::string::npos ? 0 : scheme + 3;
  const size_t path_start = out.find('/', host_start);
  const size_t at =
      out.rfind('@', path_start == std::string::npos ? std::string::npos : path_start);
  if (at != std::string::npos && at >= host_start) out.erase(host_start, at + 1 - host_start);
  return out;
}

}  // namespace plan
