#include "ogi/offset_map.h"

#include <algorithm>

namespace ogi {

void OffsetMap::AddCopy(size_t input_begin, size_t length) {
  if (length == 0) return;
  if (!pieces_.empty()) {
    Piece& last = pieces_.back();
    if (last.linear() && last.in_begin + last.in_length == input_begin) {
      last.out_length += static_cast<uint32_t>(length);
      last.in_length += static_cast<uint32_t>(length);
      output_size_ += length;
      return;
    }
  }
  pieces_.push_back({static_cast<uint32_t>(output_size_), static_cast<uint32_t>(length),
                     static_cast<uint32_t>(input_begin), static_cast<uint32_t>(length)});
  output_size_ += length;
}

void OffsetMap::AddReplacement(size_t input_begin, size_t input_end, size_t output_length) {
  if (output_length == input_end - input_begin && output_length > 0) {
    // Same length: a linear piece maps every boundary inside it correctly too.
    AddCopy(input_begin, output_length);
    return;
  }
  pieces_.push_back({static_cast<uint32_t>(output_size_), static_cast<uint32_t>(output_length),
                     static_cast<uint32_t>(input_begin),
                     static_cast<uint32_t>(input_end - input_begin)});
  output_size_ += output_length;
}

size_t OffsetMap::PieceAt(size_t pos) const {
  // The last piece that begins at or before pos (the first begins at 0), by a binary search
  // without branches: a map of a text with many full-width characters has thousands of
  // pieces, and every figure's evidence is looked up in it.
  const Piece* base = pieces_.data();
  for (size_t length = pieces_.size(); length > 1;) {
    const size_t half = length / 2;
    base = base[half].out_begin <= pos ? base + half : base;
    length -= half;
  }
  size_t i = static_cast<size_t>(base - pieces_.data());
  // Pieces of zero output length never contain a position.
  while (i > 0 && pieces_[i].out_length == 0) --i;
  return i;
}

size_t OffsetMap::StartOf(size_t pos) const {
  if (pieces_.empty()) return pos;
  if (pos >= output_size_) {
    const Piece& last = pieces_.back();
    return last.in_begin + last.in_length;
  }
  const Piece& p = pieces_[PieceAt(pos)];
  return p.linear() ? p.in_begin + (pos - p.out_begin) : p.in_begin;
}

size_t OffsetMap::EndOf(size_t end) const {
  if (pieces_.empty()) return end;
  if (end == 0) return StartOf(0);
  const Piece& p = pieces_[PieceAt(std::min(end, output_size_) - 1)];
  return p.linear() ? p.in_begin + (end - p.out_begin) : p.in_begin + p.in_length;
}

Span OffsetMap::ToInput(Span span) const {
  if (span.empty()) {
    size_t at = StartOf(span.start);
    return {at, at};
  }
  return {StartOf(span.start), EndOf(span.end)};
}

size_t OffsetMap::OutputAt(size_t input_pos, bool is_end) const {
  // First piece whose input reaches past input_pos (for an end: reaches input_pos).
  auto it = std::lower_bound(pieces_.begin(), pieces_.end(), input_pos,
                             [is_end](const Piece& piece, size_t p) {
                               size_t piece_end = piece.in_begin + piece.in_length;
                               return is_end ? piece_end < p : piece_end <= p;
                             });
  if (it == pieces_.end()) return output_size_;
  if (input_pos <= it->in_begin) return it->out_begin;
  if (it->linear()) return it->out_begin + (input_pos - it->in_begin);
  return is_end ? it->out_begin + it->out_length : it->out_begin;
}

Span OffsetMap::FromInput(Span span) const {
  if (pieces_.empty()) return span;
  size_t start = OutputAt(span.start, false);
  size_t end = span.empty() ? start : OutputAt(span.end, true);
  return {start, std::max(start, end)};
}

}  // namespace ogi
