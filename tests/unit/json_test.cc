// The wire format and the schema: what a valid document looks like, and that the validator
// rejects what breaks the contract.
#include "ogi/json.h"

#include <gtest/gtest.h>

namespace ogi {
namespace {

const SchemaValidator& Validator() {
  static const SchemaValidator* validator = [] {
    Result<SchemaValidator> v = SchemaValidator::Load(DataFiles());
    EXPECT_TRUE(v.ok()) << v.status().message();
    return new SchemaValidator(std::move(*v));
  }();
  return *validator;
}

Report SampleReport() {
  Report report;
  report.source = {"a.txt", 10, std::string(64, 'a'), "UTF-8", "text"};
  report.report.title = "浙江省2016年政府信息公开工作年度报告";
  report.report.issuer = "浙江省";
  report.report.year = 2016;
  report.report.format_revision = "prose";
  Mention m;
  m.figure.value = 15e4;
  m.figure.unit = "封";
  m.figure.kind = "count";
  m.figure.qualifier = "more_than";
  m.subject = "网民来信";
  m.year = 2016;
  m.evidence = {{3, 11}, "15万余封"};
  report.mentions.push_back(m);
  return report;
}

TEST(JsonTest, FieldsAndOrder) {
  nlohmann::ordered_json doc = ReportToJson(SampleReport());
  std::vector<std::string> keys;
  for (auto it = doc.begin(); it != doc.end(); ++it) keys.push_back(it.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"schema_version", "source", "report", "metrics",
                                            "mentions", "findings"}));
  const auto& m = doc["mentions"][0];
  EXPECT_EQ(m.dump(),
            R"({"value":150000,"unit":"封","kind":"count","qualifier":"more_than","subject":"网民来信",)"
            R"("scope":null,"year":2016,"compare":null,"share":null,"span":{"start":3,"end":11},)"
            R"("text":"15万余封","metric":null,"part_of":null,"role":"figure"})");
  EXPECT_TRUE(Validator().Validate(doc).ok()) << Validator().Validate(doc).message();
}

TEST(JsonTest, ErrorsOnlyWhenThereAreSome) {
  Report report = SampleReport();
  EXPECT_FALSE(ReportToJson(report).contains("errors"));
  report.errors.push_back({"binary", "x.bin: binary data"});
  nlohmann::ordered_json doc = ReportToJson(report);
  ASSERT_TRUE(doc.contains("errors"));
  EXPECT_EQ(doc["errors"][0]["code"], "binary");
  EXPECT_TRUE(Validator().Validate(doc).ok());
}

TEST(JsonTest, ValidatorRejectsBrokenDocuments) {
  struct Case {
    const char* what;
    void (*breaks)(nlohmann::json*);
  } cases[] = {
      {"missing mentions", [](nlohmann::json* d) { d->erase("mentions"); }},
      {"unknown field", [](nlohmann::json* d) { (*d)["extra"] = 1; }},
      {"bad qualifier", [](nlohmann::json* d) { (*d)["mentions"][0]["qualifier"] = "roughly"; }},
      {"span without end", [](nlohmann::json* d) { (*d)["mentions"][0]["span"].erase("end"); }},
      {"bad sha256", [](nlohmann::json* d) { (*d)["source"]["sha256"] = "xyz"; }},
      {"bad metric id", [](nlohmann::json* d) {
         (*d)["metrics"].push_back({{"id", "Requests Total"}, {"value", 1}, {"unit", "件"},
                                   {"scope", nullptr}, {"source", "prose"}, {"derived", false},
                                   {"blank", false}, {"span", {{"start", 0}, {"end", 1}}}, {"text", "1"}});
       }},
  };
  for (const Case& c : cases) {
    nlohmann::json doc = nlohmann::json::parse(ReportToJson(SampleReport()).dump());
    ASSERT_TRUE(Validator().Validate(doc).ok());
    c.breaks(&doc);
    Status status = Validator().Validate(doc);
    EXPECT_FALSE(status.ok()) << c.what;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << c.what;
  }
}

}  // namespace
}  // namespace ogi
