#include "ogi/offset_map.h"

#include <gtest/gtest.h>

namespace ogi {
namespace {

// Copies map linearly; replacements map as a unit; inserted text maps to a point.
TEST(OffsetMapTest, CopiesMergeAndMapLinearly) {
  OffsetMap map;
  map.AddCopy(0, 5);
  map.AddCopy(5, 5);
  EXPECT_EQ(map.output_size(), 10u);
  EXPECT_EQ(map.ToInput({2, 7}), (Span{2, 7}));
  EXPECT_EQ(map.ToInput({0, 10}), (Span{0, 10}));
}

TEST(OffsetMapTest, ReplacementMapsToWholeInputUnit) {
  // "a" + GBK char (2 input bytes -> 3 output bytes) + "b"
  OffsetMap map;
  map.AddCopy(0, 1);
  map.AddReplacement(1, 3, 3);
  map.AddCopy(3, 1);
  EXPECT_EQ(map.output_size(), 5u);
  EXPECT_EQ(map.ToInput({1, 4}), (Span{1, 3}));
  EXPECT_EQ(map.ToInput({0, 5}), (Span{0, 4}));
  EXPECT_EQ(map.ToInput({4, 5}), (Span{3, 4}));
  // A position inside the unit maps to the unit's start (for a start) or end (for an end).
  EXPECT_EQ(map.ToInput({2, 3}), (Span{1, 3}));
}

TEST(OffsetMapTest, DroppedAndInsertedText) {
  // input "<b>12</b>" -> output "12": markup dropped; then "\n" inserted at input 9.
  OffsetMap map;
  map.AddCopy(3, 2);
  map.AddReplacement(9, 9, 1);
  EXPECT_EQ(map.output_size(), 3u);
  EXPECT_EQ(map.ToInput({0, 2}), (Span{3, 5}));
  EXPECT_EQ(map.ToInput({2, 3}), (Span{9, 9}));
}

TEST(OffsetMapTest, FromInputCarriesRangesForward) {
  OffsetMap map;
  map.AddCopy(0, 1);          // "a"
  map.AddReplacement(1, 4, 1);  // "５" (3 bytes) -> "5"
  map.AddCopy(4, 2);          // "bc"
  EXPECT_EQ(map.FromInput({0, 6}), (Span{0, 4}));
  EXPECT_EQ(map.FromInput({1, 4}), (Span{1, 2}));
  EXPECT_EQ(map.FromInput({4, 6}), (Span{2, 4}));
  EXPECT_EQ(map.FromInput({0, 1}), (Span{0, 1}));
}

TEST(OffsetMapTest, EmptySpanMapsToPoint) {
  OffsetMap map;
  map.AddCopy(10, 4);
  EXPECT_EQ(map.ToInput({2, 2}), (Span{12, 12}));
  EXPECT_EQ(map.ToInput({4, 4}), (Span{14, 14}));
}

}  // namespace
}  // namespace ogi
