// One Extractor (built-in data) shared by every test of a binary: building it loads and
// self-tests all of data/, which is worth doing once. Test-only.
#ifndef OGI_TESTING_EXTRACTOR_H_
#define OGI_TESTING_EXTRACTOR_H_

#include "ogi/report.h"

namespace ogi::testing {

// Fails the calling test (and returns a usable object anyway) if the data does not load.
const Extractor& SharedExtractor();

}  // namespace ogi::testing

#endif  // OGI_TESTING_EXTRACTOR_H_
