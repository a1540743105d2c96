// The catalog in a compact binary form, made at build time from the embedded TOML (tools/
// catalog_image.cc) and compiled into plan, so that a run with no overlay reads its catalog in a
// fraction of a millisecond instead of parsing 215 KB of TOML (issue 15). The image holds every
// field of every entry, source locations included, so that a catalog read from it equals the one
// the TOML gives; tests/catalog/catalog_image_test.cc checks that equality on the embedded files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"

namespace plan {

// The bytes of `catalog`: a magic word, then each part's entries field by field.
std::string WriteCatalogImage(const Catalog& catalog);

// The catalog `image` holds; nullopt when it is not an image this build wrote (wrong magic,
// truncated, or bytes left over).
std::optional<Catalog> ReadCatalogImage(std::string_view image);

// The image compiled into this binary, or empty where none is (the image generator itself, the
// fuzz harnesses): a weak default that the generated build/generated/catalog_image.cc replaces.
std::string_view EmbeddedCatalogImage();

}  // namespace plan
