// The one file that includes libcurl (DESIGN.md: probe/ keeps the network behind HttpClient).
#include <curl/curl.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>

#include "probe/http_client.h"

namespace plan {

namespace {

struct Transfer {
  const BodyChunkFn* on_body = nullptr;
  HttpResponse* response = nullptr;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  if (!(*t->on_body)(std::string_view(data, n))) {
    t->response->aborted = true;
    return 0;  // any other count than n makes curl stop with CURLE_WRITE_ERROR
  }
  return n;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// One header line per call (status lines and the blank line included).
size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  if (line.rfind("HTTP/", 0) == 0) {
    t->response->headers.clear();  // a new response (after 100 Continue or a redirect)
    return n;
  }
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = Trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  t->response->headers[name] = Trim(line.substr(colon + 1));
  return n;
}

long Millis(double s) { return static_cast<long>(std::max(1.0, std::ceil(s * 1000))); }

class CurlHttpClient : public HttpClient {
 public:
  CurlHttpClient() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  }

  HttpResponse Post(const HttpRequest& request, const BodyChunkFn& on_body) override {
    HttpResponse response;
    CURL* curl = curl_easy_init();
    if (!curl) {
      response.transport_error = "cannot create a libcurl handle";
      return response;
    }
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers)
      headers = curl_slist_append(headers, fmt::format("{}: {}", name, value).c_str());
    // No "Expect: 100-continue" round trip before a large body: it would count toward TTFT.
    headers = curl_slist_append(headers, "Expect:");
    Transfer transfer{&on_body, &response};
    char error_buffer[CURL_ERROR_SIZE] = "";

    curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run threads
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, Millis(request.connect_timeout_s));
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(request.total_timeout_s));
    // A read timeout: fail when under 1 byte/s arrives for read_timeout_s (whole seconds).
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(std::max(1.0, std::ceil(request.read_timeout_s))));
    // Redirects are not followed: a POST with a key must not travel to another host.
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);

    const CURLcode rc = curl_easy_perform(curl);
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    response.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    if (rc != CURLE_OK && !response.aborted) {
      response.transport_error = error_buffer[0]
                                     ? fmt::format("{} ({})", curl_easy_strerror(rc), error_buffer)
                                     : std::string(curl_easy_strerror(rc));
    }
    curl_slist_free_all(headers);
    curl_easy_cleanup(curl);
    return response;
  }
};

}  // namespace

std::unique_ptr<HttpClient> MakeCurlHttpClient() { return std::make_unique<CurlHttpClient>(); }

}  // namespace plan
