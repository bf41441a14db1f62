// One Extractor and one Normalizer (built-in data) shared by every test of a binary: building it loads and
// self-tests all of data/, which is worth doing once. Test-only.
#ifndef OGI_TESTING_EXTRACTOR_H_
#define OGI_TESTING_EXTRACTOR_H_

#include "ogi/report.h"

namespace ogi::testing {

// Stops the test binary with the reason if the data does not load.
const Extractor& SharedExtractor();

// The normalizer of the built-in data/normalization.tsv, for tests of a single reader.
const Normalizer& SharedNormalizer();

}  // namespace ogi::testing

#endif  // OGI_TESTING_EXTRACTOR_H_
