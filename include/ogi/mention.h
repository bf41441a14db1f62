// Mentions: figures with their meaning (what was counted, whose, which year, compared with
// what, a share of what).
//
// Consumes a Document and the Figures found in one of its blocks; produces Mentions. The
// subject is read from the segmenter's tokens of the clause before the figure; only clauses
// around figures are segmented, which keeps the pipeline far faster than segmenting all text.
#ifndef OGI_MENTION_H_
#define OGI_MENTION_H_

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "ogi/data.h"
#include "ogi/document.h"
#include "ogi/figure.h"
#include "ogi/segment.h"
#include "ogi/status.h"

namespace ogi {

struct Metric;  // metric.h

// Where a span of normalized text came from in the original input.
struct Evidence {
  Span span;         // original bytes (PDF, DOCX: the extracted text), half-open
  std::string text;  // decoded source characters, markup removed
  int page = 0;      // 1-based page of a paginated input (PDF); 0 when it has none
};

struct Compare {
  std::optional<int> base_year;
  std::optional<double> base_value;
  std::optional<double> delta;
  std::optional<double> rate_percent;
  std::string direction;  // "up", "down", "flat", or "" when not said
};

struct Share {
  std::optional<double> percent;
  std::string of;
};

// What a figure is to the sentence around it.
enum class MentionRole {
  kMain,   // a figure in its own right
  kBase,   // the base of a comparison (比2015年的950件): a figure of the base year
  kDelta,  // the change of a comparison (增加2884件)
  kRate,   // the growth rate of a comparison (同比增长6%)
  kShare,  // a share (占66%)
};

// "figure", "base", "change", "rate", "share": the `role` field of the output.
const char* MentionRoleName(MentionRole role);
bool MentionRoleFromName(std::string_view name, MentionRole* role);

struct Mention {
  Figure figure;          // value, unit, kind, qualifier, normalized span
  MentionRole role = MentionRole::kMain;
  std::string subject;    // as written, "" when unknown
  std::string scope;      // "" = not said
  std::optional<int> year;
  std::optional<Compare> compare;
  std::optional<Share> share;
  std::string metric;     // canonical id, "" when none
  std::optional<size_t> part_of;  // index (in the report's mentions) of the total this is a part of
  Evidence evidence;      // filled by the Extractor when spans are resolved
  std::string explain;    // how subject, scope, year and compare were found (--explain only)
};

struct MentionOptions {
  std::optional<int> report_year;  // figures default to it
  std::string issuer;              // the reporting body: "浙江省" at a subject's start is not a scope
  bool explain = false;            // fill Mention::explain
};

// Builds mentions from figures and maps them to canonical metrics. Vocabulary in
// data/mention_words.tsv and data/prose_metrics.tsv. Immutable after Load; thread-safe.
class MentionBuilder {
 public:
  static Result<MentionBuilder> Load(const DataFiles& files, const Segmenter& segmenter,
                                     const FigureRecognizer& figures);
  MentionBuilder(MentionBuilder&&) noexcept;
  MentionBuilder& operator=(MentionBuilder&&) noexcept;
  ~MentionBuilder();

  // Mentions of the figures of one block, in order. part_of indexes are relative to the
  // returned vector; the caller offsets them when it concatenates blocks.
  std::vector<Mention> Build(std::string_view text, Span block, const std::vector<Figure>& figures,
                             const Segmenter& segmenter, const MentionOptions& options) const;

  // Sets Mention::metric where a mention is one of the canonical figures (prose) and returns
  // the metrics, first mention of each (id, scope) only. Spans stay in normalized text.
  std::vector<Metric> MapMetrics(std::vector<Mention>* mentions,
                                        std::optional<int> report_year) const;

  // Tests: the texts of `texts` that a time, comparison, share or direction pattern matches
  // while the cheap test asked before it rejects them ("base: ..."); none when every such test
  // only rules out texts its pattern cannot match. *matches counts the patterns' matches.
  std::vector<std::string> GateMisses(const std::vector<std::string>& texts, size_t* matches) const;

 private:
  struct Vocabulary;
  class ClauseWords;
  // The end of text[begin, end) without trailing linking words (为, 达) that are whole words.
  size_t TrimEnd(std::string_view text, size_t begin, size_t end, ClauseWords* words) const;
  // The short noun phrase right after a figure, up to `limit` or the clause end, or "": a view
  // into text or, when the phrase had spaces to remove, into *buffer.
  std::string_view PostPhrase(std::string_view text, const Figure& figure, size_t limit, Span clause,
                              std::string* buffer) const;
  explicit MentionBuilder(std::unique_ptr<Vocabulary> vocabulary);
  std::unique_ptr<Vocabulary> words_;
};

namespace internal {

// The text without spaces and line breaks (' ', \t, \n, \r, \f): the text itself when it has
// none, else a copy in *buffer. Exposed for tests.
std::string_view TextWithoutSpaces(std::string_view text, std::string* buffer);

// The sentences of a block that end with 。！？ (or ! ?) up to the first one that ends after
// `until`, then the rest of the block if no end follows. Exposed for tests.
std::vector<Span> SentencesThrough(std::string_view text, Span block, size_t until);

}  // namespace internal

}  // namespace ogi

#endif  // OGI_MENTION_H_
