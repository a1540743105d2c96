// A multi-turn request stream: sessions start at the generator's arrivals, and each turn's
// prompt carries the session's history, with prefix hashes that make that history shareable
// in a prefix cache (the form of Mooncake's hash_ids).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "workload/session_spec.h"
#include "workload/workload_spec.h"
#include "workload/workload_stream.h"

namespace plan {

// Sessions are numbered 1, 2, ... in start order (Request::session), turns 0, 1, ...
// (Request::turn). Session starts come from the generator's arrival process; every turn's
// new message and answer are drawn as a generated request's input and output lengths. Turn
// k + 1 arrives think time after turn k. A turn's prompt is the system prompt + every earlier
// message and answer + its new message; a session ends early when that prompt would leave no
// room for one output token in `max_total_tokens`. Requests come in arrival order (ties: the
// earlier session first). `requests` and `max_requests` count turns; `duration_s` bounds
// every turn's arrival.
// Prefix hashes: one per full kSessionBlockTokens block of the prompt. A block wholly in the
// system prompt hashes the same in every session; any other block i of session s hashes to
// (s, i), since a conversation only appends.
// REQUIRES: both specs passed their parsers; sessions.enabled.
Result<std::unique_ptr<WorkloadStream>> OpenSessions(const GeneratorSpec& generator,
                                                     const SessionSpec& sessions, uint64_t seed,
                                                     int64_t max_requests, int64_t max_total_tokens,
                                                     ContextClip clip);

// The hashes of the system prompt's full blocks: what a warmed replica preloads.
std::vector<uint64_t> SystemPromptHashes(int32_t system_prompt_tokens);

}  // namespace plan
