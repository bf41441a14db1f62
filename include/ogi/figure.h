// FigureRecognizer: every way a report writes a figure, read into one typed value.
//
// Consumes a range of normalized text (a block); produces Figures: value (multipliers
// applied), unit as written, kind, qualifier, and the span that covers the figure as written
// (qualifier words, number, multiplier, unit: 约4584家, 15万余封, 百分之五十八).
//
// How it works: candidate starts are the characters that can begin a numeral; the number
// grammar (numeral.h) reads the value; then the unit table decides what the number counts,
// the qualifier table what is said around it, and the not-a-figure patterns reject years,
// dates, document numbers, ordinals, list markers, names with numerals, phones, addresses.
// A number with no unit is kept only when it carries a multiplier (日均浏览量400万): a bare
// numeral is far more often a code or a name than a statistic, and silence beats a guess.
//
// All vocabulary is in data/: units.tsv, qualifiers.tsv, not_figures.tsv, numerals.tsv. Each
// table's example rows are run when the recognizer is loaded; a wrong row fails the load with
// input, expected and got. Built once, then immutable and thread-safe.
#ifndef OGI_FIGURE_H_
#define OGI_FIGURE_H_

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ogi/data.h"
#include "ogi/numeral.h"
#include "ogi/offset_map.h"
#include "ogi/status.h"

namespace re2 {
class RE2;
}

namespace ogi {

struct Figure {
  double value = 0;
  std::string unit;       // as written: 件 条 % 个百分点 元 ...; "" when none is written
  std::string kind;       // count, amount, percent, permille, percentage_points, ratio, ...
  std::string qualifier;  // "", approx, more_than, at_least, less_than, at_most
  Span span;              // the whole figure as written, in the normalized text
  Span number;            // just the numeral
  int decimals = 0;       // digits after the decimal point, for rounding checks
  bool chinese = false;   // written with Chinese numerals
};

// One line per figure: "value unit kind qualifier [start,end)"; the qualifier is "-" when
// there is none. Tests and data self-checks compare these dumps.
std::string DumpFigure(const Figure& figure, bool with_span = true);
std::string DumpFigures(const std::vector<Figure>& figures, bool with_span = true);

class FigureRecognizer {
 public:
  static Result<FigureRecognizer> Load(const DataFiles& files);

  FigureRecognizer(FigureRecognizer&&) noexcept;
  FigureRecognizer& operator=(FigureRecognizer&&) noexcept;
  ~FigureRecognizer();

  // Figures in text[range], in text order, not overlapping.
  std::vector<Figure> Find(std::string_view text, Span range) const;
  std::vector<Figure> Find(std::string_view text) const { return Find(text, {0, text.size()}); }

 private:
  FigureRecognizer();
  struct Unit {
    std::string written;
    std::string unit;
    std::string kind;
    double scale = 1;
  };
  struct Qualifier {
    std::string written;
    std::string qualifier;  // "vague" drops the figure
    bool vague = false;
  };
  // The entries of a word list by the code point they start (or end) with, each group in the
  // list's order: at a position only the few words that can match there are compared.
  class WordIndex {
   public:
    void Build(const std::vector<std::string_view>& words, bool by_last_code_point);
    // Indices (into the list) of the words that start (end) with `code_point`, in list order.
    std::span<const uint32_t> With(uint32_t code_point) const;
    // Whether some word starts (ends) with `code_point`.
    bool AnyWith(uint32_t code_point) const { return keys_.Contains(code_point); }

   private:
    CodePointSet keys_;                  // most characters start no word: a quick no
    std::vector<uint32_t> code_points_;  // sorted, distinct
    std::vector<uint32_t> offsets_;      // group i is indices_[offsets_[i], offsets_[i + 1])
    std::vector<uint32_t> indices_;
  };
  // Checks every example row of the data tables; the error lists each failing row.
  Status SelfTest(const std::vector<TsvTable>& tables) const;
  // A figure before its strings are built: most candidates are rejected (not-a-figure
  // patterns), so unit, kind and qualifier stay pointers into the tables until one is accepted.
  struct Candidate {
    double value = 0;
    const Unit* unit = nullptr;              // nullptr: none written (kind count)
    const std::string* qualifier = nullptr;  // nullptr: none
    Span span;
    Span number;
    int decimals = 0;
    bool chinese = false;
    Figure ToFigure() const;  // out of line: keeps Find's scanning loop small
  };
  // The first position in text[pos, end) of a character that may start a figure (a superset
  // of the tests in Find), or end. Most characters start nothing; in a loop of its own the scan
  // keeps its state in registers, where Find's loop spilled it.
  size_t NextCandidateStart(std::string_view text, size_t pos, size_t end) const;
  // The figure at text[pos]. *numeral_length is the length of the numeral read at pos (0: none),
  // or npos when the numeral was read after a prefix unit instead.
  bool TryFigureAt(std::string_view text, Span range, size_t pos, Candidate* figure,
                   size_t* numeral_length) const;

  NumeralReader numerals_;
  CodePointSet numeral_chars_;        // code points that may start a numeral
  CodePointSet multipliers_;          // 十百千万亿 and their financial forms
  CodePointSet prefix_unit_starts_;   // first code points of prefix_units_
  CodePointSet candidate_starts_;     // numeral_chars_ and prefix_unit_starts_: one test skips
                                      // the characters that start no candidate
  std::vector<std::string> large_multipliers_;  // 万 and up
  std::vector<Unit> suffix_units_;   // longest first
  std::vector<Unit> prefix_units_;   // 百分之, 千分之
  std::vector<Qualifier> before_;    // 约 近 超过 不足 ..., longest first
  std::vector<Qualifier> after_number_;  // 余 多
  std::vector<Qualifier> after_unit_;    // 以上 左右 以内 以下
  WordIndex suffix_index_;        // suffix_units_ by first code point
  WordIndex before_index_;        // before_ by last code point
  WordIndex after_number_index_;  // after_number_ by first code point
  WordIndex after_unit_index_;    // after_unit_ by first code point
  // The not-a-figure patterns and names as alternations (one, or two: see Load): one pass over
  // a block finds their matches.
  struct NotFigures;  // the alternations and where their matches may start (figure.cc)
  std::unique_ptr<NotFigures> not_figures_;
};

}  // namespace ogi

#endif  // OGI_FIGURE_H_
