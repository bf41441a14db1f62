// The wire format: Report -> JSON (schemas/report.schema.json), and schema validation.
//
// This is the only public header that includes nlohmann/json: domain structs know nothing of
// JSON. Field names follow ../shared/spec/report-model.md; absent values are null, never
// omitted, so that jq filters and spreadsheets see the same columns for every record.
#ifndef OGI_JSON_H_
#define OGI_JSON_H_

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ogi/data.h"
#include "ogi/report.h"
#include "ogi/status.h"

namespace ogi {

// The document as text (indent -1: one line, as JSON Lines needs; 2 for --pretty), written
// directly from the structs. Keys keep the order of the contract (schema_version, source,
// report, metrics, mentions, ...). What the printers use.
std::string ReportToJsonText(const Report& report, int indent = -1);

// The same document as a tree (read back from ReportToJsonText, so the two never differ), for
// schema validation and callers that edit it. Its dump(indent, ' ', false,
// error_handler_t::replace) is ReportToJsonText(report, indent) byte for byte.
nlohmann::ordered_json ReportToJson(const Report& report);

// Reads a document printed by ReportToJson back into a Report (for `ogi check --from-json`
// and `ogi diff`). Spans come back as evidence; normalized-text spans are not recoverable and
// stay empty. Errors name what is missing or mistyped.
Result<Report> ReportFromJson(const nlohmann::json& document);

// Validates documents against schemas/report.schema.json (draft-07, valijson). The compiled
// schema is immutable; Validate() is const and may be called from several threads.
class SchemaValidator {
 public:
  static Result<SchemaValidator> Load(const DataFiles& files);
  SchemaValidator(SchemaValidator&&) noexcept;
  SchemaValidator& operator=(SchemaValidator&&) noexcept;
  ~SchemaValidator();

  // Ok, or kInvalidArgument listing every violation as "<json pointer>: <reason>".
  Status Validate(const nlohmann::json& document) const;
  Status Validate(const nlohmann::ordered_json& document) const;

 private:
  struct Impl;
  explicit SchemaValidator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ogi

#endif  // OGI_JSON_H_
