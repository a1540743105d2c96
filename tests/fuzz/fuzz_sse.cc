// A server's event stream, as `plan probe` receives it: bytes split into chunks at arbitrary
// points (the first byte seeds the split), parsed into events, each decoded as an OpenAI
// streaming chunk. A server is never trusted.
#include "fuzz_input.h"
#include "probe/openai_stream.h"
#include "probe/sse.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  plan::CompletionStream stream;
  int events = 0;
  plan::SseParser parser([&](const plan::SseEvent& e) {
    stream.OnEvent(e);
    ++events;
  });
  const std::string body = plan::fuzz::Text(data + 1, size - 1);
  uint32_t split = data[0] | 1u;
  for (size_t at = 0; at < body.size();) {
    const size_t n = std::min<size_t>(body.size() - at, 1 + split % 64);
    parser.Feed(std::string_view(body).substr(at, n));
    at += n;
    split = split * 1103515245u + 12345u;
  }
  parser.Finish();
  plan::ErrorMessageOf(body);  // how an HTTP error body is quoted
  if (events < 0 || stream.output_chunks() < 0) std::abort();
  return 0;
}
