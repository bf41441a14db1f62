#include "testing/encoding.h"

#include <gtest/gtest.h>
#include <unicode/ucnv.h>

#include <algorithm>

namespace ogi::testing {

std::string Convert(std::string_view text, const char* to, const char* from) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(text.size() * 4 + 16, '\0');
  int32_t n = ucnv_convert(to, from, out.data(), static_cast<int32_t>(out.size()), text.data(),
                           static_cast<int32_t>(text.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(std::max(n, 0)));
  return out;
}

}  // namespace ogi::testing
