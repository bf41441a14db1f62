// Table-driven tests: inputs and the exact dump each must give. Test-only.
#ifndef OGI_TESTING_TABLE_DRIVEN_H_
#define OGI_TESTING_TABLE_DRIVEN_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ogi::testing {

struct DumpCase {
  const char* input;
  const char* expected;
};

// Compares dump(input) with each expected dump; a failure names its input.
template <typename Dump>
void ExpectDumps(const std::vector<DumpCase>& cases, Dump dump) {
  for (const DumpCase& c : cases) EXPECT_EQ(dump(c.input), c.expected) << c.input;
}

}  // namespace ogi::testing

#endif  // OGI_TESTING_TABLE_DRIVEN_H_
