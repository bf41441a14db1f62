// OffsetMap: where each byte of a derived text came from in the text it was derived from.
//
// Every stage that rewrites text (decoding GBK to UTF-8, stripping HTML, folding full-width
// digits) records an OffsetMap from its output back to its input. A Text keeps the chain of
// maps, and a span is resolved to ORIGINAL file bytes once, at the end, by walking the chain
// backwards (Text::ToOriginal). Offsets are carried, never recomputed by searching.
//
// The map is a sorted list of pieces. A piece is either a copy (output bytes equal input bytes,
// so the mapping inside it is linear) or a replacement (an output unit that came from an input
// unit as a whole: a GBK character, an entity, a full-width digit); positions inside a
// replacement map to its whole input range. Consecutive copies merge, so a UTF-8 file that
// needed no rewriting costs one piece.
#ifndef OGI_OFFSET_MAP_H_
#define OGI_OFFSET_MAP_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ogi {

// A half-open byte range [start, end).
struct Span {
  size_t start = 0;
  size_t end = 0;
  size_t size() const { return end - start; }
  bool empty() const { return end <= start; }
  friend bool operator==(const Span&, const Span&) = default;
};

class OffsetMap {
 public:
  // Output bytes [output_size(), +length) are a copy of input [input_begin, +length).
  void AddCopy(size_t input_begin, size_t length);
  // Output bytes [output_size(), +output_length) stand for input [input_begin, input_end).
  // output_length may be 0 (input dropped) and the input range may be empty (output inserted,
  // e.g. a newline between two HTML blocks, which maps to the point where it was inserted).
  void AddReplacement(size_t input_begin, size_t input_end, size_t output_length);

  size_t output_size() const { return output_size_; }

  // The input range that produced output range `span`. The start maps to the first input byte
  // of the unit containing span.start; the end maps past the unit containing span.end - 1.
  Span ToInput(Span span) const;

  // The output range that input range `span` became. Needs pieces appended in input order
  // (true of every reader and of normalization). Used to carry block and cell boundaries found
  // in one layer into the next.
  Span FromInput(Span span) const;

 private:
  struct Piece {
    uint32_t out_begin;
    uint32_t out_length;
    uint32_t in_begin;
    uint32_t in_length;
    bool linear() const { return out_length == in_length; }
  };
  // Index of the piece containing output byte `pos` (pos < output_size_).
  size_t PieceAt(size_t pos) const;
  size_t StartOf(size_t pos) const;
  size_t EndOf(size_t end) const;
  size_t OutputAt(size_t input_pos, bool is_end) const;

  std::vector<Piece> pieces_;
  size_t output_size_ = 0;
};

}  // namespace ogi

#endif  // OGI_OFFSET_MAP_H_
