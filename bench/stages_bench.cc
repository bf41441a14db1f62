// Where the time goes, stage by stage, over two bundled reports: a prose-era report
// (zhejiang-2016.txt, 29.5 KB, figures in sentences) and a 2019+ report whose tables pdftotext
// laid out as text (hongze-2023.layout.txt, 8.6 KB, about 200 table cells). Throughput is
// bytes/second of the original input (MB/s in Google Benchmark's output), so the stages of one
// sample add up: 1/MB/s of the stages sums to about 1/MB/s of BM_ExtractEndToEnd.
#include <benchmark/benchmark.h>

#include <fstream>
#include <map>
#include <sstream>

#include "ogi/csv.h"
#include "ogi/json.h"
#include "ogi/report.h"

namespace {

const std::string& Sample(const std::string& name) {
  static std::map<std::string, std::string> samples;
  auto it = samples.find(name);
  if (it != samples.end()) return it->second;
  std::ifstream in(std::string(OGI_SOURCE_DIR) + "/data/samples/" + name, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (buffer.str().empty()) std::abort();
  return samples[name] = buffer.str();
}

const ogi::Extractor& TheExtractor() {
  static const ogi::Extractor* extractor = [] {
    ogi::Result<ogi::Extractor> e = ogi::Extractor::Create();
    if (!e.ok()) std::abort();
    return new ogi::Extractor(std::move(*e));
  }();
  return *extractor;
}

ogi::Source SampleSource(const std::string& name) { return ogi::SourceFromBytes(name, Sample(name)); }

ogi::Document SampleDocument(const std::string& name) {
  return *TheExtractor().ReadDocument(SampleSource(name));
}

void Count(benchmark::State& state, const std::string& name) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample(name).size()));
}

// What reading an input adds besides I/O: SHA-256 and format detection (SourceFromBytes).
void BM_SourceSha256(benchmark::State& state, const std::string& name) {
  for (auto _ : state) benchmark::DoNotOptimize(ogi::SourceFromBytes(name, Sample(name)));
  Count(state, name);
}

// Encoding detection and conversion to UTF-8 (the samples are UTF-8: validation only).
void BM_Decode(benchmark::State& state, const std::string& name) {
  for (auto _ : state) benchmark::DoNotOptimize(ogi::Decode(Sample(name), name));
  Count(state, name);
}

// Width folding and the overrides of data/normalization.tsv over the whole text.
void BM_Normalize(benchmark::State& state, const std::string& name) {
  ogi::Document doc = SampleDocument(name);
  std::string normalized;
  ogi::OffsetMap map;
  for (auto _ : state) {
    TheExtractor().normalizer().Normalize(doc.text.content, &normalized, &map);
    benchmark::DoNotOptimize(normalized);
  }
  Count(state, name);
}

// Decode, normalize and the plain-text reader (lines, page numbers, blocks).
void BM_DecodeAndRead(benchmark::State& state, const std::string& name) {
  ogi::Source source = SampleSource(name);
  for (auto _ : state) benchmark::DoNotOptimize(TheExtractor().ReadDocument(source));
  Count(state, name);
}

// The table reader (表二/表三/表四 found, cut into cells, mapped to metrics), run on every report.
void BM_Tables(benchmark::State& state, const std::string& name) {
  ogi::Document doc = SampleDocument(name);
  for (auto _ : state) benchmark::DoNotOptimize(TheExtractor().tables().Read(doc));
  Count(state, name);
}

// The figure recognizer alone (numeral grammar, units, qualifiers, not-a-figure patterns).
void BM_Figures(benchmark::State& state, const std::string& name) {
  ogi::Document doc = SampleDocument(name);
  for (auto _ : state) {
    for (const ogi::Block& block : doc.blocks) {
      if (block.kind == ogi::BlockKind::kTable) continue;
      benchmark::DoNotOptimize(TheExtractor().figures().Find(doc.text.normalized, block.span));
    }
  }
  Count(state, name);
}

// Mentions from the figures found beforehand: roles, subject, scope, year, parts (with the
// word segmentation they need).
void BM_Mentions(benchmark::State& state, const std::string& name) {
  ogi::Document doc = SampleDocument(name);
  std::vector<std::pair<ogi::Span, std::vector<ogi::Figure>>> blocks;
  for (const ogi::Block& block : doc.blocks) {
    if (block.kind == ogi::BlockKind::kTable) continue;
    std::vector<ogi::Figure> figures = TheExtractor().figures().Find(doc.text.normalized, block.span);
    if (!figures.empty()) blocks.emplace_back(block.span, std::move(figures));
  }
  ogi::MentionOptions options;
  for (auto _ : state) {
    for (const auto& [span, figures] : blocks) {
      benchmark::DoNotOptimize(
          TheExtractor().mentions().Build(doc.text.normalized, span, figures, TheExtractor().segmenter(), options));
    }
  }
  Count(state, name);
}

// ICU word break + lexicon over all text (what `ogi segment` does; the pipeline never does this).
void BM_SegmentEverything(benchmark::State& state, const std::string& name) {
  ogi::Document doc = SampleDocument(name);
  for (auto _ : state) {
    for (const ogi::Block& block : doc.blocks) {
      benchmark::DoNotOptimize(TheExtractor().segmenter().Segment(doc.text.normalized, block.span));
    }
  }
  Count(state, name);
}

void BM_ExtractEndToEnd(benchmark::State& state, const std::string& name) {
  ogi::Source source = SampleSource(name);
  for (auto _ : state) benchmark::DoNotOptimize(TheExtractor().Extract(source));
  Count(state, name);
}

void BM_ExtractAndPrintJson(benchmark::State& state, const std::string& name) {
  ogi::Source source = SampleSource(name);
  for (auto _ : state) {
    std::string out = ogi::ReportToJsonText(TheExtractor().Extract(source));
    benchmark::DoNotOptimize(out);
  }
  Count(state, name);
}

// The printers alone, over a report extracted once (bytes are still those of the input, so the
// MB/s compare with the stages above).
void BM_PrintJson(benchmark::State& state, const std::string& name) {
  ogi::Report report = TheExtractor().Extract(SampleSource(name));
  for (auto _ : state) {
    std::string out = ogi::ReportToJsonText(report);
    benchmark::DoNotOptimize(out);
  }
  Count(state, name);
}

// The same bytes through the ordered_json tree (ReportToJson, parsed back from the text, then
// dump): the cost `ogi extract --validate` adds for building the tree it validates.
void BM_PrintJsonTree(benchmark::State& state, const std::string& name) {
  ogi::Report report = TheExtractor().Extract(SampleSource(name));
  for (auto _ : state) {
    std::string out = ogi::ReportToJson(report).dump(-1, ' ', false,
                                                     nlohmann::ordered_json::error_handler_t::replace);
    benchmark::DoNotOptimize(out);
  }
  Count(state, name);
}

void BM_PrintCsv(benchmark::State& state, const std::string& name, bool mentions) {
  ogi::Report report = TheExtractor().Extract(SampleSource(name));
  ogi::CsvOptions options;
  options.mentions = mentions;
  for (auto _ : state) {
    std::string out;
    ogi::AppendCsvRows(report, options, &out);
    benchmark::DoNotOptimize(out);
  }
  Count(state, name);
}

const std::string kProse = "zhejiang-2016.txt";
const std::string kTables = "hongze-2023.layout.txt";

#define OGI_STAGE(fn)                  \
  BENCHMARK_CAPTURE(fn, prose, kProse); \
  BENCHMARK_CAPTURE(fn, tables, kTables)

OGI_STAGE(BM_SourceSha256);
OGI_STAGE(BM_Decode);
OGI_STAGE(BM_Normalize);
OGI_STAGE(BM_DecodeAndRead);
OGI_STAGE(BM_Tables);
OGI_STAGE(BM_Figures);
OGI_STAGE(BM_Mentions);
OGI_STAGE(BM_SegmentEverything);
OGI_STAGE(BM_ExtractEndToEnd);
OGI_STAGE(BM_ExtractAndPrintJson);
OGI_STAGE(BM_PrintJson);
OGI_STAGE(BM_PrintJsonTree);
BENCHMARK_CAPTURE(BM_PrintCsv, prose_metrics, kProse, false);
BENCHMARK_CAPTURE(BM_PrintCsv, prose_mentions, kProse, true);
BENCHMARK_CAPTURE(BM_PrintCsv, tables_metrics, kTables, false);

}  // namespace

BENCHMARK_MAIN();
