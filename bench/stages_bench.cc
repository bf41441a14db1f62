// Where the time goes, stage by stage, over the bundled sample report. Throughput is reported
// as bytes/second of the original input (MB/s in Google Benchmark's output).
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "ogi/csv.h"
#include "ogi/json.h"
#include "ogi/report.h"

namespace {

const std::string& Sample() {
  static const std::string* bytes = [] {
    std::ifstream in(std::string(OGI_SOURCE_DIR) + "/data/samples/zhejiang-2016.txt", std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return new std::string(buffer.str());
  }();
  return *bytes;
}

const ogi::Extractor& TheExtractor() {
  static const ogi::Extractor* extractor = [] {
    ogi::Result<ogi::Extractor> e = ogi::Extractor::Create();
    if (!e.ok()) std::abort();
    return new ogi::Extractor(std::move(*e));
  }();
  return *extractor;
}

ogi::Document SampleDocument() {
  return *TheExtractor().ReadDocument(ogi::SourceFromBytes("sample.txt", Sample()));
}

void BM_DecodeAndRead(benchmark::State& state) {
  ogi::Source source = ogi::SourceFromBytes("sample.txt", Sample());
  for (auto _ : state) benchmark::DoNotOptimize(TheExtractor().ReadDocument(source));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_DecodeAndRead);

void BM_SegmentEverything(benchmark::State& state) {
  ogi::Document doc = SampleDocument();
  for (auto _ : state) {
    for (const ogi::Block& block : doc.blocks) {
      benchmark::DoNotOptimize(TheExtractor().segmenter().Segment(doc.text.normalized, block.span));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_SegmentEverything);

// The figure recognizer alone (numeral grammar, units, qualifiers, not-a-figure patterns).
void BM_Figures(benchmark::State& state) {
  ogi::Document doc = SampleDocument();
  for (auto _ : state) {
    for (const ogi::Block& block : doc.blocks) {
      benchmark::DoNotOptimize(TheExtractor().figures().Find(doc.text.normalized, block.span));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_Figures);

void BM_ExtractEndToEnd(benchmark::State& state) {
  ogi::Source source = ogi::SourceFromBytes("sample.txt", Sample());
  for (auto _ : state) benchmark::DoNotOptimize(TheExtractor().Extract(source));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_ExtractEndToEnd);

void BM_ExtractAndPrintJson(benchmark::State& state) {
  ogi::Source source = ogi::SourceFromBytes("sample.txt", Sample());
  for (auto _ : state) {
    std::string out = ogi::ReportToJsonText(TheExtractor().Extract(source));
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_ExtractAndPrintJson);

// What reading an input adds besides I/O: SHA-256 and format detection (SourceFromBytes).
void BM_SourceSha256(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ogi::SourceFromBytes("sample.txt", Sample()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_SourceSha256);

// The printers alone, over a report extracted once (bytes are still those of the input, so the
// MB/s compare with the stages above).
void BM_PrintJson(benchmark::State& state) {
  ogi::Report report = TheExtractor().Extract(ogi::SourceFromBytes("sample.txt", Sample()));
  for (auto _ : state) {
    std::string out = ogi::ReportToJsonText(report);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_PrintJson);

// The same bytes through the ordered_json tree (ReportToJson, parsed back from the text, then
// dump): the cost `ogi extract --validate` adds for building the tree it validates.
void BM_PrintJsonTree(benchmark::State& state) {
  ogi::Report report = TheExtractor().Extract(ogi::SourceFromBytes("sample.txt", Sample()));
  for (auto _ : state) {
    std::string out = ogi::ReportToJson(report).dump(-1, ' ', false,
                                                     nlohmann::ordered_json::error_handler_t::replace);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_PrintJsonTree);

void BM_PrintCsv(benchmark::State& state) {
  ogi::Report report = TheExtractor().Extract(ogi::SourceFromBytes("sample.txt", Sample()));
  ogi::CsvOptions options;
  options.mentions = state.range(0) != 0;
  for (auto _ : state) {
    std::string out;
    ogi::AppendCsvRows(report, options, &out);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Sample().size()));
}
BENCHMARK(BM_PrintCsv)->Arg(0)->Arg(1)->ArgName("mentions");

}  // namespace

BENCHMARK_MAIN();
