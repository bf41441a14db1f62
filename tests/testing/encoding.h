// Re-encoding text for tests (a GBK twin of a UTF-8 page, ...). Test-only.
#ifndef OGI_TESTING_ENCODING_H_
#define OGI_TESTING_ENCODING_H_

#include <string>
#include <string_view>

namespace ogi::testing {

// `text` converted from charset `from` to charset `to` with ICU; fails the test on error.
std::string Convert(std::string_view text, const char* to, const char* from = "UTF-8");

}  // namespace ogi::testing

#endif  // OGI_TESTING_ENCODING_H_
