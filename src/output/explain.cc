#include "ogi/explain.h"

#include <cstdio>

namespace ogi {

namespace {

std::string Number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

}  // namespace

std::string ExplainReport(const Report& report) {
  std::string out = report.source.path + ": " + report.report.title + " (issuer " +
                    report.report.issuer + ", year " +
                    (report.report.year ? std::to_string(*report.report.year) : "?") + ", " +
                    report.report.format_revision + ")\n";
  for (const ReportError& e : report.errors) out += "error: " + e.message + "\n";
  for (size_t i = 0; i < report.mentions.size(); ++i) {
    const Mention& m = report.mentions[i];
    out += "#" + std::to_string(i) + " " + m.evidence.text + " = " + Number(m.figure.value) + " " +
           (m.figure.unit.empty() ? "-" : m.figure.unit) + " " + m.figure.kind + " [" +
           (m.figure.qualifier.empty() ? "-" : m.figure.qualifier) + "]  subject=" + m.subject +
           (m.scope.empty() ? "" : " scope=" + m.scope) +
           (m.year ? " year=" + std::to_string(*m.year) : "") + "\n";
    if (m.compare) {
      const Compare& c = *m.compare;
      out += "    compare:";
      if (c.base_year) out += " base_year=" + std::to_string(*c.base_year);
      if (c.base_value) out += " base_value=" + Number(*c.base_value);
      if (c.delta) out += " delta=" + Number(*c.delta);
      if (c.rate_percent) out += " rate_percent=" + Number(*c.rate_percent);
      if (!c.direction.empty()) out += " direction=" + c.direction;
      out += "\n";
    }
    if (m.share) {
      out += "    share: " + (m.share->percent ? Number(*m.share->percent) + "%" : std::string("?")) +
             (m.share->of.empty() ? "" : " of " + m.share->of) + "\n";
    }
    if (m.part_of) out += "    part of #" + std::to_string(*m.part_of) + "\n";
    if (!m.metric.empty()) out += "    metric: " + m.metric + "\n";
    if (!m.explain.empty()) out += "    why: " + m.explain + "\n";
  }
  return out;
}

}  // namespace ogi
