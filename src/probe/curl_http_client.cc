// The one file that includes libcurl (DESIGN.md: probe/ keeps the network behind HttpClient).
//
// libcurl is loaded when plan probe makes its client (dlopen), not linked: its ~30 shared
// libraries (TLS, Kerberos, LDAP, HTTP/2, ...) took ~20 ms of dynamic loading at the start of
// every command, and only the probe uses them (bench/README.md, "Start-up"). The header still
// comes from libcurl's -dev package; each function is looked up once, by name.
#include <curl/curl.h>
#include <dlfcn.h>

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <type_traits>

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

// The libcurl functions the client calls, from the library loaded at run time.
struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
};

// Loads libcurl once per process (curl_global_init included); the library stays loaded.
Result<const CurlApi*> LoadCurl() {
  static const Result<CurlApi> api = []() -> Result<CurlApi> {
    void* lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      return Status::Runtime(fmt::format(
          "plan probe needs libcurl at run time and cannot load it ({}); install the libcurl4 "
          "package",
          dlerror()));
    CurlApi a;
    std::string missing;
    auto find = [&](auto* fn, const char* name) {
      *fn = reinterpret_cast<std::remove_reference_t<decltype(*fn)>>(dlsym(lib, name));
      if (!*fn) missing += (missing.empty() ? "" : ", ") + std::string(name);
    };
    find(&a.global_init, "curl_global_init");
    find(&a.easy_init, "curl_easy_init");
    find(&a.easy_setopt, "curl_easy_setopt");
    find(&a.easy_perform, "curl_easy_perform");
    find(&a.easy_getinfo, "curl_easy_getinfo");
    find(&a.easy_strerror, "curl_easy_strerror");
    find(&a.easy_cleanup, "curl_easy_cleanup");
    find(&a.slist_append, "curl_slist_append");
    find(&a.slist_free_all, "curl_slist_free_all");
    if (!missing.empty()) return Status::Runtime("the libcurl found at run time lacks " + missing);
    a.global_init(CURL_GLOBAL_DEFAULT);
    return a;
  }();
  if (!api.ok()) return api.status();
  return &*api;
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(const CurlApi* api) : api_(*api) {}

  HttpResponse Post(const HttpRequest& request, const BodyChunkFn& on_body) override {
    HttpResponse response;
    CURL* curl = api_.easy_init();
    if (!curl) {
      response.transport_error = "cannot create a libcurl handle";
      return response;
    }
    curl_slist* headers = nullptr;
    for (const auto& [name, value] : request.headers)
      headers = api_.slist_append(headers, fmt::format("{}: {}", name, value).c_str());
    // No "Expect: 100-continue" round trip before a large body: it would count toward TTFT.
    headers = api_.slist_append(headers, "Expect:");
    Transfer transfer{&on_body, &response};
    char error_buffer[CURL_ERROR_SIZE] = "";

    api_.easy_setopt(curl, CURLOPT_URL, request.url.c_str());
    api_.easy_setopt(curl, CURLOPT_POST, 1L);
    api_.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    api_.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE,
                     static_cast<curl_off_t>(request.body.size()));
    api_.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    api_.easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
    api_.easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    api_.easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
    api_.easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    api_.easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    api_.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run threads
    api_.easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
    api_.easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
    api_.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, Millis(request.connect_timeout_s));
    api_.easy_setopt(curl, CURLOPT_TIMEOUT_MS, Millis(request.total_timeout_s));
    // A read timeout: fail when under 1 byte/s arrives for read_timeout_s (whole seconds).
    api_.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    api_.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME,
                     static_cast<long>(std::max(1.0, std::ceil(request.read_timeout_s))));
    // Redirects are not followed: a POST with a key must not travel to another host.
    api_.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);

    const CURLcode rc = api_.easy_perform(curl);
    long status = 0;
    api_.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    response.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
    if (rc != CURLE_OK && !response.aborted) {
      response.transport_error = error_buffer[0]
                                     ? fmt::format("{} ({})", api_.easy_strerror(rc), error_buffer)
                                     : std::string(api_.easy_strerror(rc));
    }
    api_.slist_free_all(headers);
    api_.easy_cleanup(curl);
    return response;
  }

 private:
  const CurlApi& api_;
};

}  // namespace

Result<std::unique_ptr<HttpClient>> MakeCurlHttpClient() {
  Result<const CurlApi*> api = LoadCurl();
  if (!api.ok()) return api.status();
  return std::unique_ptr<HttpClient>(std::make_unique<CurlHttpClient>(*api));
}

}  // namespace plan
