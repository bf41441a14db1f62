// SHA-256 with a choice of implementation, so tests can check the portable code on machines
// whose CPU has the SHA instructions (and would otherwise never run it). Internal.
#ifndef OGI_INTERNAL_SHA256_H_
#define OGI_INTERNAL_SHA256_H_

#include <string>
#include <string_view>

namespace ogi::internal {

// Lower-case hex SHA-256; the x86 SHA instructions are used only when `use_cpu_extensions` and
// the CPU has them.
std::string Sha256HexWith(std::string_view data, bool use_cpu_extensions);

}  // namespace ogi::internal

#endif  // OGI_INTERNAL_SHA256_H_
