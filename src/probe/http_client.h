// The HTTP seam of the probe: one POST whose response body streams to a callback as it
// arrives. The libcurl implementation (curl_http_client.cc) is the only code that includes
// curl; tests use FakeHttpClient or the loopback fixture server.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace plan {

struct HttpRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // name, value
  std::string body;                                          // sent as the POST body
  double connect_timeout_s = 10;
  // Longest silence between two received bytes before the request fails.
  double read_timeout_s = 60;
  // Longest the whole exchange may take, connection to last byte.
  double total_timeout_s = 120;
};

struct HttpResponse {
  int status = 0;  // 0 when no status line arrived
  // Response headers, names lower-cased; the last value wins for a repeated name.
  std::map<std::string, std::string> headers;
  // Empty when the body arrived whole; else why the exchange failed (timeout, connection
  // reset, truncated body, aborted by the callback). May echo the URL, never request headers.
  std::string transport_error;
  bool timed_out = false;  // transport_error is a timeout (not a refused or broken connection)
  bool aborted = false;    // the body callback asked to stop
};

// Called with each piece of the response body as it arrives, whatever the status. Return
// false to abort the transfer (the response then has aborted = true).
using BodyChunkFn = std::function<bool(std::string_view chunk)>;

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Thread-safe: the probe calls it from several threads at once. Never throws.
  virtual HttpResponse Post(const HttpRequest& request, const BodyChunkFn& on_body) = 0;
};

// libcurl, with TLS peer and host verification on, loaded on the first call (a runtime error,
// exit 1, when the library cannot be loaded). Defined in curl_http_client.cc.
Result<std::unique_ptr<HttpClient>> MakeCurlHttpClient();

}  // namespace plan
