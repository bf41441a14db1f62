#include "ogi/json.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace ogi {

namespace {

using json = nlohmann::ordered_json;

json SpanToJson(Span span) { return {{"start", span.start}, {"end", span.end}}; }

json OrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

template <typename T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

// Integral values print as integers (8417833, not 8417833.0) so that jq and spreadsheets
// compare them exactly.
json Number(double value) {
  if (value == static_cast<double>(static_cast<int64_t>(value)) && value < 9e15 && value > -9e15) {
    return json(static_cast<int64_t>(value));
  }
  return json(value);
}

json CompareToJson(const Compare& c) {
  json out = json::object();
  if (c.base_year) out["base_year"] = *c.base_year;
  if (c.base_value) out["base_value"] = Number(*c.base_value);
  if (c.delta) out["delta"] = Number(*c.delta);
  if (!c.direction.empty()) out["direction"] = c.direction;
  if (c.rate_percent) out["rate_percent"] = Number(*c.rate_percent);
  return out;
}

json MentionToJson(const Mention& m) {
  json out;
  out["value"] = Number(m.figure.value);
  out["unit"] = m.figure.unit;
  out["kind"] = m.figure.kind;
  out["qualifier"] = OrNull(m.figure.qualifier);
  out["subject"] = m.subject;
  out["scope"] = OrNull(m.scope);
  out["year"] = OrNull(m.year);
  out["compare"] = m.compare ? CompareToJson(*m.compare) : json(nullptr);
  if (m.share) {
    json share = json::object();
    if (m.share->percent) share["percent"] = Number(*m.share->percent);
    if (!m.share->of.empty()) share["of"] = m.share->of;
    out["share"] = share;
  } else {
    out["share"] = nullptr;
  }
  if (m.evidence.page > 0) out["page"] = m.evidence.page;  // paginated input (PDF) only
  out["span"] = SpanToJson(m.evidence.span);
  out["text"] = m.evidence.text;
  out["metric"] = OrNull(m.metric);
  out["part_of"] = m.part_of ? json(*m.part_of) : json(nullptr);
  out["role"] = MentionRoleName(m.role);
  return out;
}

json MetricToJson(const Metric& m) {
  json out;
  out["id"] = m.id;
  out["value"] = Number(m.value);
  out["unit"] = m.unit;
  if (!m.unit_as_written.empty()) out["unit_as_written"] = m.unit_as_written;
  out["scope"] = OrNull(m.scope);
  out["source"] = m.source;
  if (!m.table.empty()) out["table"] = m.table;
  if (!m.row.empty()) out["row"] = m.row;
  if (!m.column.empty()) out["column"] = m.column;
  out["derived"] = m.derived;
  out["blank"] = m.blank;
  if (m.na) out["na"] = true;
  if (m.recovered) out["recovered"] = true;
  if (m.evidence.page > 0) out["page"] = m.evidence.page;  // paginated input (PDF) only
  out["span"] = SpanToJson(m.evidence.span);
  out["text"] = m.evidence.text;
  return out;
}

json FindingToJson(const Finding& f) {
  json out;
  out["rule"] = f.rule;
  out["severity"] = f.severity;
  out["message"] = f.message;
  out["metrics"] = f.metrics;
  if (f.expected) out["expected"] = Number(*f.expected);
  if (f.actual) out["actual"] = Number(*f.actual);
  if (f.evidence) out["span"] = SpanToJson(f.evidence->span);
  return out;
}

}  // namespace

json ReportToJson(const Report& report) {
  json out;
  out["schema_version"] = kSchemaVersion;
  out["source"] = {{"path", report.source.path},
                   {"bytes", report.source.bytes},
                   {"sha256", report.source.sha256},
                   {"encoding", OrNull(report.source.encoding)},
                   {"format", report.source.format},
                   {"span_basis", report.source.span_basis}};
  if (report.source.id) out["source"]["id"] = *report.source.id;  // only when the caller gave one
  json info = {{"title", OrNull(report.report.title)},
               {"issuer", OrNull(report.report.issuer)},
               {"year", OrNull(report.report.year)},
               {"format_revision", OrNull(report.report.format_revision)}};
  if (report.report.title_evidence) {
    info["span"] = SpanToJson(report.report.title_evidence->span);
    info["text"] = report.report.title_evidence->text;
  }
  out["report"] = info;
  json metrics = json::array();
  for (const Metric& m : report.metrics) metrics.push_back(MetricToJson(m));
  out["metrics"] = std::move(metrics);
  json mentions = json::array();
  for (const Mention& m : report.mentions) mentions.push_back(MentionToJson(m));
  out["mentions"] = std::move(mentions);
  json findings = json::array();
  for (const Finding& f : report.findings) findings.push_back(FindingToJson(f));
  out["findings"] = std::move(findings);
  if (!report.errors.empty()) {
    json errors = json::array();
    for (const ReportError& e : report.errors) errors.push_back({{"code", e.code}, {"message", e.message}});
    out["errors"] = std::move(errors);
  }
  return out;
}

struct SchemaValidator::Impl {
  valijson::Schema schema;
};

SchemaValidator::SchemaValidator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SchemaValidator::SchemaValidator(SchemaValidator&&) noexcept = default;
SchemaValidator& SchemaValidator::operator=(SchemaValidator&&) noexcept = default;
SchemaValidator::~SchemaValidator() = default;

Result<SchemaValidator> SchemaValidator::Load(const DataFiles& files) {
  Result<std::string> text = files.Read("report.schema.json");
  if (!text.ok()) return text.status();
  nlohmann::json schema_document = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (schema_document.is_discarded()) {
    return Status(StatusCode::kInvalidArgument, "report.schema.json is not valid JSON");
  }
  auto impl = std::make_unique<Impl>();
  try {
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_document);
    parser.populateSchema(adapter, impl->schema);
  } catch (const std::exception& e) {
    return Status(StatusCode::kInvalidArgument, std::string("report.schema.json: ") + e.what());
  }
  return SchemaValidator(std::move(impl));
}

Status SchemaValidator::Validate(const nlohmann::ordered_json& document) const {
  // valijson's adapter reads nlohmann::json; key order does not matter to a schema.
  return Validate(nlohmann::json::parse(document.dump()));
}

Status SchemaValidator::Validate(const nlohmann::json& document) const {
  valijson::Validator validator;
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(impl_->schema, target, &results)) return Status::Ok();
  std::string message = "does not match schemas/report.schema.json:";
  valijson::ValidationResults::Error error;
  int shown = 0;
  while (results.popError(error) && shown < 20) {
    std::string where;
    for (const std::string& part : error.context) where += part;
    message += "\n  " + where + ": " + error.description;
    ++shown;
  }
  return Status(StatusCode::kInvalidArgument, message);
}

}  // namespace ogi
