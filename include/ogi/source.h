// Source: the bytes of one input as read, and what they are.
//
// Consumes a path (or "-" for standard input) or bytes already in memory; produces the raw
// bytes, their SHA-256, and the format detected from the content (magic bytes and markup),
// never from the file name alone. Nothing here decodes text: that is text.h.
#ifndef OGI_SOURCE_H_
#define OGI_SOURCE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "ogi/status.h"

namespace ogi {

enum class Format { kText, kHtml, kPdf, kDocx, kDoc, kZip };

// "text", "html", "pdf", "docx", "doc", "zip".
const char* FormatName(Format format);

struct Source {
  std::string path;   // as given; "-" for standard input
  std::string bytes;  // exactly what was read
  std::string sha256; // lower-case hex of bytes
  Format format = Format::kText;
};

struct ReadOptions {
  // Inputs larger than this are refused with kTooLarge rather than read (64 MiB).
  size_t max_bytes = 64u << 20;
};

// Reads a file, or standard input for "-". Errors name the path and the reason.
Result<Source> ReadSource(const std::string& path, const ReadOptions& options = {});

// Wraps bytes already in memory (a JSONL record's text, a test case).
Source SourceFromBytes(std::string path, std::string bytes);

// Detects the format from the first bytes of the content.
Format DetectFormat(std::string_view bytes);

// Lower-case hex SHA-256 (FIPS 180-4) of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace ogi

#endif  // OGI_SOURCE_H_
