// The catalog's share of start-up (issue 15): loading the embedded catalog by parsing its TOML
// against reading the image the build wrote (catalog/catalog_image.h), in microseconds, the
// median of several loads of each, alternating. Usage:
//   catalog_load_bench [runs=51]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/catalog_image.h"

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
double Microseconds(F&& load) {
  const auto start = std::chrono::steady_clock::now();
  load();
  const auto stop = std::chrono::steady_clock::now();
  return std::chrono::duration<double, std::micro>(stop - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 51;
  if (runs < 1) return 2;
  const std::string_view image = plan::EmbeddedCatalogImage();
  if (image.empty()) return 1;
  std::vector<double> toml, read;
  size_t entries = 0;
  for (int i = 0; i < runs; ++i) {
    toml.push_back(Microseconds([&] {
      plan::Result<plan::Catalog> c = plan::LoadCatalog({plan::EmbeddedCatalogSources()});
      entries = c.ok() ? c->offers().size() : 0;
    }));
    read.push_back(Microseconds([&] {
      std::optional<plan::Catalog> c = plan::ReadCatalogImage(image);
      entries = c ? c->offers().size() : 0;
    }));
  }
  std::printf("catalog (%zu offers; image %zu bytes), median of %d loads:\n", entries, image.size(),
              runs);
  std::printf("  parse the embedded TOML  %8.0f us\n", Median(toml));
  std::printf("  read the image           %8.0f us\n", Median(read));
  return 0;
}
