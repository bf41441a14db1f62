// CSV: reports as long-format tables, one row per metric (or per mention), for spreadsheets,
// pandas and R.
//
// Consumes Reports; produces UTF-8 text with a header line, fields quoted after RFC 4180 (a
// field with a comma, a double quote, CR or LF is enclosed in double quotes, its quotes doubled),
// lines ending in LF. Every row repeats the input's columns (path, issuer, year, revision), so
// rows of many inputs concatenate into one table: `pd.read_csv("out.csv")`.
//
// Metric rows (the default), one per Report::metrics entry:
//   path,issuer,year,revision,id,scope,value,unit,source,derived,blank,source_id,error
// Mention rows (CsvOptions::mentions), one per Report::mentions entry:
//   path,issuer,year,revision,mention,value,unit,kind,qualifier,subject,scope,mention_year,
//   metric,base_year,base_value,delta,direction,rate_percent,share_percent,share_of,part_of,
//   start,end,text,source_id,error
//
// Absent values are empty fields. Numbers print as in the JSON (8417833, not 8417833.0;
// otherwise the shortest text that reads back the same double); booleans as true/false.
// `source_id` is the input's id (--stdin-jsonl), `error` the codes of its errors joined by ';'.
// An input with errors and no rows still gets one row — path, source_id and error, the rest
// empty — so no input vanishes from the table.
#ifndef OGI_CSV_H_
#define OGI_CSV_H_

#include <string>
#include <string_view>

#include "ogi/report.h"

namespace ogi {

struct CsvOptions {
  bool mentions = false;  // one row per mention instead of one per metric
};

// The header line, with its '\n'.
std::string CsvHeader(const CsvOptions& options = {});

// Appends the rows of one report, each ending in '\n'.
void AppendCsvRows(const Report& report, const CsvOptions& options, std::string* out);

// Appends one field, quoted when RFC 4180 requires it.
void AppendCsvField(std::string_view field, std::string* out);

}  // namespace ogi

#endif  // OGI_CSV_H_
