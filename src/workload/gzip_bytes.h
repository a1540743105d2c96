// Traces read as they are stored: gzip-compressed bytes are inflated on the fly (zlib), so a
// `.gz` trace needs no gunzip first. Detection is by the magic bytes, not the file name.
#pragma once

#include <iosfwd>
#include <memory>

#include "workload/line_reader.h"

namespace plan {

// `raw` itself when its first bytes are not gzip's magic (0x1f 0x8b), else a source of the
// inflated bytes (several concatenated gzip members read as one stream, as gunzip does). A
// corrupt or truncated stream is bad input (Status::Invalid) from Read().
Result<std::unique_ptr<ByteSource>> MaybeGunzip(std::unique_ptr<ByteSource> raw);

// The bytes of an input stream (standard input for `-`); `in` must outlive the source.
std::unique_ptr<ByteSource> StreamBytes(std::istream& in);

}  // namespace plan
