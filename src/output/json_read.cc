// Reading the wire format back. Only what the checks and the diff need is restored; a field
// of the wrong type is an error naming it, never a crash (nlohmann exceptions stop here).
#include <cmath>

#include "ogi/json.h"

namespace ogi {

namespace {

using nlohmann::json;

std::string StringOr(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

template <typename T>
std::optional<T> Optional(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

Evidence EvidenceOf(const json& j) {
  Evidence e;
  if (auto it = j.find("span"); it != j.end() && it->is_object()) {
    e.span = {it->at("start").get<size_t>(), it->at("end").get<size_t>()};
  }
  e.text = StringOr(j, "text");
  e.page = Optional<int>(j, "page").value_or(0);
  return e;
}

// Digits after the decimal point as printed (138.2 -> 1), for rounding tolerances.
int DecimalsOf(const std::string& text) {
  size_t dot = text.find('.');
  if (dot == std::string::npos) return 0;
  int n = 0;
  for (size_t i = dot + 1; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++n;
  return n;
}

}  // namespace

Result<Report> ReportFromJson(const json& document) {
  try {
    Report report;
    const json& source = document.at("source");
    report.source.path = source.at("path").get<std::string>();
    report.source.bytes = source.at("bytes").get<size_t>();
    report.source.sha256 = StringOr(source, "sha256");
    report.source.encoding = StringOr(source, "encoding");
    report.source.format = StringOr(source, "format");
    const json& info = document.at("report");
    report.report.title = StringOr(info, "title");
    report.report.issuer = StringOr(info, "issuer");
    report.report.year = Optional<int>(info, "year");
    report.report.format_revision = StringOr(info, "format_revision");
    for (const json& m : document.at("metrics")) {
      Metric metric;
      metric.id = m.at("id").get<std::string>();
      metric.value = m.at("value").get<double>();
      metric.unit = StringOr(m, "unit");
      metric.unit_as_written = StringOr(m, "unit_as_written");
      metric.scope = StringOr(m, "scope");
      metric.source = StringOr(m, "source");
      metric.table = StringOr(m, "table");
      metric.row = StringOr(m, "row");
      metric.column = StringOr(m, "column");
      metric.derived = Optional<bool>(m, "derived").value_or(false);
      metric.blank = Optional<bool>(m, "blank").value_or(false);
      metric.na = Optional<bool>(m, "na").value_or(false);
      metric.recovered = Optional<bool>(m, "recovered").value_or(false);
      metric.evidence = EvidenceOf(m);
      metric.at = metric.evidence.span;  // stands in for the normalized span in checks
      report.metrics.push_back(std::move(metric));
    }
    for (const json& m : document.at("mentions")) {
      Mention mention;
      mention.figure.value = m.at("value").get<double>();
      mention.figure.unit = StringOr(m, "unit");
      mention.figure.kind = StringOr(m, "kind");
      mention.figure.qualifier = StringOr(m, "qualifier");
      mention.subject = StringOr(m, "subject");
      mention.scope = StringOr(m, "scope");
      mention.year = Optional<int>(m, "year");
      mention.metric = StringOr(m, "metric");
      mention.part_of = Optional<size_t>(m, "part_of");
      MentionRoleFromName(StringOr(m, "role"), &mention.role);
      if (auto it = m.find("compare"); it != m.end() && it->is_object()) {
        Compare c;
        c.base_year = Optional<int>(*it, "base_year");
        c.base_value = Optional<double>(*it, "base_value");
        c.delta = Optional<double>(*it, "delta");
        c.rate_percent = Optional<double>(*it, "rate_percent");
        c.direction = StringOr(*it, "direction");
        mention.compare = c;
      }
      if (auto it = m.find("share"); it != m.end() && it->is_object()) {
        mention.share = Share{Optional<double>(*it, "percent"), StringOr(*it, "of")};
      }
      mention.evidence = EvidenceOf(m);
      mention.figure.decimals = DecimalsOf(mention.evidence.text);
      // Spans of the normalized text are gone; the evidence span stands in for checks' `at`.
      mention.figure.span = mention.evidence.span;
      report.mentions.push_back(std::move(mention));
    }
    for (const json& f : document.at("findings")) {
      Finding finding;
      finding.rule = f.at("rule").get<std::string>();
      finding.severity = f.at("severity").get<std::string>();
      finding.message = f.at("message").get<std::string>();
      if (auto it = f.find("metrics"); it != f.end()) finding.metrics = it->get<std::vector<std::string>>();
      finding.expected = Optional<double>(f, "expected");
      finding.actual = Optional<double>(f, "actual");
      if (f.contains("span")) finding.evidence = EvidenceOf(f);
      report.findings.push_back(std::move(finding));
    }
    if (auto it = document.find("errors"); it != document.end()) {
      for (const json& e : *it) report.errors.push_back({StringOr(e, "code"), StringOr(e, "message")});
    }
    return report;
  } catch (const json::exception& e) {
    return Status(StatusCode::kInvalidArgument, std::string("not an ogi report document: ") + e.what());
  }
}

}  // namespace ogi
