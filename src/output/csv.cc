// Rows are appended to one string per report (a worker renders while others extract), field by
// field, without an intermediate table: the printer is a few percent of the pipeline.
#include "ogi/csv.h"

#include <charconv>
#include <cstdint>
#include <optional>

namespace ogi {

namespace {

// As in the JSON: integral values as integers, others as the shortest round-trip decimal.
std::string Number(double value) {
  char buffer[64];
  if (value == static_cast<double>(static_cast<int64_t>(value)) && value < 9e15 && value > -9e15) {
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, static_cast<int64_t>(value));
    return std::string(buffer, end);
  }
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, end);
}

template <typename T>
std::string Optional(const std::optional<T>& value) {
  if (!value) return "";
  if constexpr (std::is_same_v<T, double>) {
    return Number(*value);
  } else {
    return std::to_string(*value);
  }
}

const char* Bool(bool value) { return value ? "true" : "false"; }

// Appends a row: the fields comma-separated, then '\n'.
void AppendRow(std::initializer_list<std::string_view> fields, std::string* out) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out->push_back(',');
    first = false;
    AppendCsvField(field, out);
  }
  out->push_back('\n');
}

std::string ErrorCodes(const Report& report) {
  std::string codes;
  for (const ReportError& error : report.errors) {
    if (!codes.empty()) codes += ';';
    codes += error.code;
  }
  return codes;
}

}  // namespace

void AppendCsvField(std::string_view field, std::string* out) {
  if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

std::string CsvHeader(const CsvOptions& options) {
  if (options.mentions) {
    return "path,issuer,year,revision,mention,value,unit,kind,qualifier,subject,scope,"
           "mention_year,metric,base_year,base_value,delta,direction,rate_percent,share_percent,"
           "share_of,part_of,start,end,text,source_id,error\n";
  }
  return "path,issuer,year,revision,id,scope,value,unit,source,derived,blank,source_id,error\n";
}

void AppendCsvRows(const Report& report, const CsvOptions& options, std::string* out) {
  const std::string& path = report.source.path;
  const std::string& issuer = report.report.issuer;
  const std::string year = Optional(report.report.year);
  const std::string& revision = report.report.format_revision;
  const std::string id = report.source.id.value_or("");
  const std::string error = ErrorCodes(report);
  size_t rows = 0;
  if (options.mentions) {
    for (size_t i = 0; i < report.mentions.size(); ++i) {
      const Mention& m = report.mentions[i];
      const Compare none_compare;
      const Compare& c = m.compare ? *m.compare : none_compare;
      const Share none_share;
      const Share& s = m.share ? *m.share : none_share;
      AppendRow({path, issuer, year, revision, std::to_string(i), Number(m.figure.value),
                 m.figure.unit, m.figure.kind, m.figure.qualifier, m.subject, m.scope,
                 Optional(m.year), m.metric, Optional(c.base_year), Optional(c.base_value),
                 Optional(c.delta), c.direction, Optional(c.rate_percent), Optional(s.percent),
                 s.of, Optional(m.part_of), std::to_string(m.evidence.span.start),
                 std::to_string(m.evidence.span.end), m.evidence.text, id, error},
                out);
      ++rows;
    }
  } else {
    for (const Metric& m : report.metrics) {
      AppendRow({path, issuer, year, revision, m.id, m.scope, Number(m.value), m.unit, m.source,
                 Bool(m.derived), Bool(m.blank), id, error},
                out);
      ++rows;
    }
  }
  if (rows == 0 && !report.errors.empty()) {
    const size_t columns = options.mentions ? 26 : 13;
    AppendCsvField(path, out);
    for (size_t i = 1; i + 2 < columns; ++i) out->push_back(',');
    out->push_back(',');
    AppendCsvField(id, out);
    out->push_back(',');
    AppendCsvField(error, out);
    out->push_back('\n');
  }
}

}  // namespace ogi
