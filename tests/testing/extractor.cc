#include "testing/extractor.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

namespace ogi::testing {

const Extractor& SharedExtractor() {
  static const Extractor* extractor = [] {
    Result<Extractor> created = Extractor::Create();
    if (!created.ok()) {
      // Every test of the binary depends on it: stop with the reason instead of crashing later.
      std::cerr << "cannot build the extractor: " << created.status().message() << "\n";
      std::abort();
    }
    return new Extractor(std::move(*created));
  }();
  return *extractor;
}

const Normalizer& SharedNormalizer() {
  static const Normalizer* normalizer = [] {
    Result<Normalizer> loaded = Normalizer::Load(DataFiles());
    if (!loaded.ok()) {
      std::cerr << "cannot load the normalizer: " << loaded.status().message() << "\n";
      std::abort();
    }
    return new Normalizer(std::move(*loaded));
  }();
  return *normalizer;
}

}  // namespace ogi::testing
