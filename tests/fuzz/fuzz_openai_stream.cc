// One server-sent event's data, decoded as an OpenAI-compatible streaming chunk: completion
// text, usage, an error object (quoted as a bounded excerpt, never dumped whole), [DONE].
#include "fuzz_input.h"
#include "probe/openai_stream.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  plan::SseEvent e;
  e.event = data[0] & 1 ? "error" : "";
  e.data = plan::fuzz::Text(data + 1, size - 1);
  plan::CompletionStream stream;
  stream.OnEvent(e);
  if (stream.error() && stream.error()->size() > e.data.size() + 300) std::abort();
  plan::ErrorMessageOf(e.data);
  return 0;
}
