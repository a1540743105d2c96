// An in-memory HttpClient for unit tests: answers each Post with the next scripted response,
// advancing a FakeClock before each body piece so that measured times are exact.
#pragma once

#include <deque>
#include <mutex>

#include "probe/clock.h"
#include "probe/http_client.h"
#include "util/units.h"

namespace plan {

struct FakeBodyPiece {
  TimeNs delay_ns = 0;  // clock advance before this piece arrives
  std::string data;
};

struct FakeResponse {
  int status = 200;
  std::map<std::string, std::string> headers;  // names lower-case, as HttpResponse has them
  std::vector<FakeBodyPiece> body;
  std::string transport_error;  // set after the body: a connection that broke
  bool timed_out = false;       // the transport error is a timeout
};

class FakeHttpClient : public HttpClient {
 public:
  explicit FakeHttpClient(FakeClock* clock) : clock_(clock) {}

  void Push(FakeResponse r) {
    std::lock_guard<std::mutex> lock(mu_);
    script_.push_back(std::move(r));
  }
  // Every request received, in order.
  std::vector<HttpRequest> requests() {
    std::lock_guard<std::mutex> lock(mu_);
    return requests_;
  }

  // With the script empty, answers 599 with transport error "fake: no scripted response".
  HttpResponse Post(const HttpRequest& request, const BodyChunkFn& on_body) override {
    FakeResponse r;
    {
      std::lock_guard<std::mutex> lock(mu_);
      requests_.push_back(request);
      if (script_.empty()) {
        r.status = 599;
        r.transport_error = "fake: no scripted response";
      } else {
        r = std::move(script_.front());
        script_.pop_front();
      }
    }
    HttpResponse out;
    out.status = r.status;
    out.headers = r.headers;
    for (const FakeBodyPiece& piece : r.body) {
      clock_->Advance(piece.delay_ns);
      if (!on_body(piece.data)) {
        out.aborted = true;
        return out;
      }
    }
    out.transport_error = r.transport_error;
    out.timed_out = r.timed_out;
    return out;
  }

 private:
  FakeClock* clock_;
  std::mutex mu_;
  std::deque<FakeResponse> script_;
  std::vector<HttpRequest> requests_;
};

}  // namespace plan
