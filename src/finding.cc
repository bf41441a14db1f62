// The declarative rules (data/rules.tsv) are evaluated over the metrics that have no scope
// (the reporting body as a whole); table rules read table metrics, prose_table rules compare a
// prose metric with table metrics. A rule is skipped when a metric it needs is missing: a
// missing table row is reported by the table reader, and guessing it as 0 would raise false
// alarms. Derived values (group rows summed from their sub-rows) are never checked against the
// sub-rows they were computed from.
#include "ogi/finding.h"

#include <re2/re2.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <unordered_map>

#include "ogi/metric.h"

namespace ogi {

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = s.find(separator, start);
    parts.push_back(Trim(s.substr(start, at == std::string_view::npos ? at : at - start)));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  return parts;
}

std::string Num(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

bool Same(double a, double b) { return std::fabs(a - b) <= 1e-6 * std::max(1.0, std::fabs(b)); }

Finding MakeFinding(std::string rule, std::string severity, std::string message, std::vector<std::string> ids,
                    double expected, double actual, Span at) {
  Finding f;
  f.rule = std::move(rule);
  f.severity = std::move(severity);
  f.message = std::move(message);
  f.metrics = std::move(ids);
  f.expected = expected;
  f.actual = actual;
  f.at = at;
  return f;
}

// Half a unit of the last printed digit: 66% may stand for 65.5 to 66.5.
double RoundingOf(int decimals) { return 0.5 * std::pow(10.0, -decimals) + 1e-9; }

}  // namespace

struct ConsistencyChecker::Rules {
  // Metric ids with their slots: the checks of a report look metrics up by slot, not by id
  // (hashing ids was most of the check).
  struct Ids {
    std::vector<std::string> names;
    std::vector<uint32_t> slots;
  };
  struct Rule {
    std::string id, severity, type, message;
    // type, decoded once at load: the checks of every report branch on it.
    enum class Kind { kEquation, kChildrenOrColumns, kProseTable } kind = Kind::kEquation;
    std::unique_ptr<RE2> target;  // children / columns
    std::string target_id;        // prose_table
    std::vector<std::vector<std::string>> lhs_rhs;  // equation: two sums of ids
    std::vector<std::vector<std::string>> alternatives;  // prose_table: sums of ids
    // Worked out once at load, not for every report:
    struct Instance {
      std::string column;
      Ids sides[2];  // lhs_rhs with $c replaced by the column
    };
    std::vector<Instance> per_column;       // equation: one per 表三 column
    Ids parents;                            // children / columns: the targets, in order
    std::vector<Ids> parts;                 // children / columns: the parts of each target
    std::vector<Ids> alternative_ids;       // prose_table: alternatives
    uint32_t target_slot = 0;               // prose_table
  };
  // Ids are hashed eight bytes at a step: the lookup of every metric of every report by its
  // id (some 40 bytes) with std::hash was a third of Check.
  struct IdHash {
    using is_transparent = void;
    size_t operator()(std::string_view id) const {
      constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
      uint64_t h = id.size();
      size_t i = 0;
      for (; i + 8 <= id.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, id.data() + i, 8);
        h = (h ^ word) * kMultiplier;
        h ^= h >> 29;
      }
      uint64_t tail = 0;
      std::memcpy(&tail, id.data() + i, id.size() - i);
      h = (h ^ tail) * kMultiplier;
      return static_cast<size_t>(h ^ (h >> 32));
    }
  };
  std::unordered_map<std::string, uint32_t, IdHash, std::equal_to<>> slot_of;

  uint32_t SlotFor(const std::string& id) {
    return slot_of.emplace(id, static_cast<uint32_t>(slot_of.size())).first->second;
  }
  Ids IdsOf(std::vector<std::string> names) {
    Ids ids{std::move(names), {}};
    for (const std::string& name : ids.names) ids.slots.push_back(SlotFor(name));
    return ids;
  }
  std::vector<Rule> rules;
  std::vector<std::string> table3_columns;  // natural_person ... total
  std::map<std::string, std::vector<std::string>> children;       // catalogue order
  std::map<std::string, std::vector<std::string>> column_parts;   // row total -> applicant cells
  std::vector<std::string> parents_in_order;
  std::vector<std::string> row_totals_in_order;
};

ConsistencyChecker::ConsistencyChecker(std::unique_ptr<Rules> rules) : rules_(std::move(rules)) {}
ConsistencyChecker::ConsistencyChecker(ConsistencyChecker&&) noexcept = default;
ConsistencyChecker& ConsistencyChecker::operator=(ConsistencyChecker&&) noexcept = default;
ConsistencyChecker::~ConsistencyChecker() = default;

Result<ConsistencyChecker> ConsistencyChecker::Load(const DataFiles& files, const MetricCatalog& catalog) {
  Result<TsvTable> table = LoadTsv(files, "rules.tsv");
  if (!table.ok()) return table.status();
  auto rules = std::make_unique<Rules>();
  for (const CatalogEntry& entry : catalog.entries()) {
    if (!entry.parent.empty()) {
      if (!rules->children.count(entry.parent)) rules->parents_in_order.push_back(entry.parent);
      rules->children[entry.parent].push_back(entry.id);
    }
    if (!entry.column_total.empty()) {
      if (!rules->column_parts.count(entry.column_total)) rules->row_totals_in_order.push_back(entry.column_total);
      rules->column_parts[entry.column_total].push_back(entry.id);
    }
    const std::string prefix = "requests.new_received.";
    if (entry.id.rfind(prefix, 0) == 0) rules->table3_columns.push_back(entry.id.substr(prefix.size()));
  }
  for (size_t r = 0; r < table->rows.size(); ++r) {
    Rules::Rule rule;
    rule.id = table->Cell(r, "rule");
    rule.severity = table->Cell(r, "severity");
    rule.type = table->Cell(r, "type");
    rule.message = table->Cell(r, "message");
    std::string where = "rules.tsv line " + std::to_string(table->line_numbers[r]) + ": ";
    std::string target(table->Cell(r, "target"));
    std::string expression(table->Cell(r, "expression"));
    if (rule.type == "children" || rule.type == "columns") {
      rule.target = std::make_unique<RE2>(target);
      if (!rule.target->ok()) return Status(StatusCode::kInvalidArgument, where + rule.target->error());
    } else if (rule.type == "equation") {
      std::vector<std::string> sides = Split(expression, '=');
      if (sides.size() != 2) return Status(StatusCode::kInvalidArgument, where + "an equation needs one '='");
      for (const std::string& side : sides) rule.lhs_rhs.push_back(Split(side, '+'));
    } else if (rule.type == "prose_table") {
      rule.target_id = target;
      for (const std::string& alternative : Split(expression, '|')) rule.alternatives.push_back(Split(alternative, '+'));
    } else {
      return Status(StatusCode::kInvalidArgument, where + "unknown type '" + rule.type + "'");
    }
    rule.kind = rule.type == "equation"      ? Rules::Rule::Kind::kEquation
                : rule.type == "prose_table" ? Rules::Rule::Kind::kProseTable
                                             : Rules::Rule::Kind::kChildrenOrColumns;
    // Every id a rule names must be in the catalogue: a typo would silently disable the rule.
    auto check_ids = [&](const std::vector<std::vector<std::string>>& sums) -> Status {
      for (const auto& sum : sums) {
        for (const std::string& id : sum) {
          std::string probe = id;
          size_t dollar = probe.find("$c");
          if (dollar != std::string::npos) probe.replace(dollar, 2, "total");
          if (catalog.Find(probe) == nullptr) {
            return Status(StatusCode::kInvalidArgument, where + "unknown metric id '" + id + "'");
          }
        }
      }
      return Status::Ok();
    };
    for (const auto* sums : {&rule.lhs_rhs, &rule.alternatives}) {
      Status ok = check_ids(*sums);
      if (!ok.ok()) return ok;
    }
    if (rule.type == "prose_table" && catalog.Find(rule.target_id) == nullptr) {
      return Status(StatusCode::kInvalidArgument, where + "unknown metric id '" + rule.target_id + "'");
    }
    if (rule.type == "equation") {
      for (const std::string& column : rules->table3_columns) {
        Rules::Rule::Instance instance;
        instance.column = column;
        for (size_t side = 0; side < 2; ++side) {
          std::vector<std::string> ids = rule.lhs_rhs[side];
          for (std::string& id : ids) {
            size_t dollar = id.find("$c");
            if (dollar != std::string::npos) id.replace(dollar, 2, column);
          }
          instance.sides[side] = rules->IdsOf(std::move(ids));
        }
        rule.per_column.push_back(std::move(instance));
      }
    } else if (rule.type == "children" || rule.type == "columns") {
      const auto& parents = rule.type == "children" ? rules->parents_in_order : rules->row_totals_in_order;
      const auto& parts_of = rule.type == "children" ? rules->children : rules->column_parts;
      std::vector<std::string> targets;
      for (const std::string& parent : parents) {
        if (!RE2::PartialMatch(parent, *rule.target)) continue;
        targets.push_back(parent);
        rule.parts.push_back(rules->IdsOf(parts_of.at(parent)));
      }
      rule.parents = rules->IdsOf(std::move(targets));
    } else if (rule.type == "prose_table") {
      rule.target_slot = rules->SlotFor(rule.target_id);
      for (const auto& alternative : rule.alternatives) rule.alternative_ids.push_back(rules->IdsOf(alternative));
    }
    rules->rules.push_back(std::move(rule));
  }
  return ConsistencyChecker(std::move(rules));
}

std::vector<Finding> ConsistencyChecker::Check(const std::vector<Metric>& metrics,
                                               const std::vector<Mention>& mentions) const {
  // The metrics the rules name, by slot; the first one wins, as in the output.
  std::vector<const Metric*> table(rules_->slot_of.size(), nullptr), prose(rules_->slot_of.size(), nullptr);
  for (const Metric& m : metrics) {
    if (!m.scope.empty()) continue;
    auto slot = rules_->slot_of.find(m.id);
    if (slot == rules_->slot_of.end()) continue;
    const Metric*& entry = (m.source == "table" ? table : prose)[slot->second];
    if (entry == nullptr) entry = &m;
  }
  // The ids a finding names are copied only when there is a finding: most checks pass.
  auto sum_of = [&](const Rules::Ids& ids) -> std::optional<double> {
    double sum = 0;
    for (uint32_t slot : ids.slots) {
      if (table[slot] == nullptr) return std::nullopt;
      sum += table[slot]->value;
    }
    return sum;
  };
  std::vector<Finding> findings;
  auto add = [&](const Rules::Rule& rule, std::string message, std::vector<std::string> ids, double expected,
                 double actual, Span at) {
    findings.push_back(
        MakeFinding(rule.id, rule.severity, std::move(message), std::move(ids), expected, actual, at));
  };
  for (const Rules::Rule& rule : rules_->rules) {
    if (rule.kind == Rules::Rule::Kind::kEquation) {
      for (const Rules::Rule::Instance& instance : rule.per_column) {
        const auto& sides = instance.sides;
        std::optional<double> lhs = sum_of(sides[0]), rhs = sum_of(sides[1]);
        if (!lhs || !rhs || Same(*lhs, *rhs)) continue;
        std::vector<std::string> used = sides[0].names;
        used.insert(used.end(), sides[1].names.begin(), sides[1].names.end());
        add(rule, rule.message + " (" + instance.column + "): " + Num(*lhs) + " vs " + Num(*rhs), used, *lhs,
            *rhs, table[sides[1].slots.front()]->at);
      }
    } else if (rule.kind == Rules::Rule::Kind::kChildrenOrColumns) {
      for (size_t k = 0; k < rule.parents.slots.size(); ++k) {
        const Metric* total = table[rule.parents.slots[k]];
        if (total == nullptr || total->derived) continue;
        const Rules::Ids& parts = rule.parts[k];
        std::optional<double> sum = sum_of(parts);
        if (!sum || Same(*sum, total->value)) continue;
        const std::string& parent = rule.parents.names[k];
        std::vector<std::string> used = {parent};
        used.insert(used.end(), parts.names.begin(), parts.names.end());
        add(rule, rule.message + ": " + parent + " is " + Num(total->value) + ", its parts sum to " + Num(*sum),
            used, *sum, total->value, total->at);
      }
    } else if (rule.kind == Rules::Rule::Kind::kProseTable) {
      const Metric* stated = prose[rule.target_slot];
      if (stated == nullptr) continue;
      std::optional<double> first;
      const Rules::Ids* first_alternative = nullptr;
      bool agrees = false;
      for (const Rules::Ids& alternative : rule.alternative_ids) {
        std::optional<double> value = sum_of(alternative);
        if (!value) continue;
        if (!first) {
          first = value;
          first_alternative = &alternative;
        }
        agrees = agrees || Same(*value, stated->value);
      }
      if (!first || agrees) continue;
      std::vector<std::string> first_ids = {rule.target_id};
      first_ids.insert(first_ids.end(), first_alternative->names.begin(), first_alternative->names.end());
      add(rule, rule.message + ": the prose says " + Num(stated->value) + ", the table " + Num(*first),
          first_ids, *first, stated->value, stated->at);
    }
  }
  std::vector<Finding> prose_findings = CheckProse(mentions);
  findings.insert(findings.end(), prose_findings.begin(), prose_findings.end());
  return findings;
}

bool ConsistencyChecker::Owns(std::string_view rule) const {
  if (rule.substr(0, 6) == "prose.") return true;
  for (const Rules::Rule& r : rules_->rules) {
    if (r.id == rule) return true;
  }
  return false;
}

std::vector<Finding> ConsistencyChecker::CheckProse(const std::vector<Mention>& mentions) const {
  std::vector<Finding> findings;
  auto add = [&](std::string rule, std::string severity, std::string message, double expected, double actual,
                 Span at) {
    findings.push_back(
        MakeFinding(std::move(rule), std::move(severity), std::move(message), {}, expected, actual, at));
  };
  // The parts announced with 其中 of each total, summed in one pass in text order (the order
  // of a loop over the later mentions per total, so the sums are the same doubles): a scan of
  // all later mentions for every main mention grew with the square of a report's mentions.
  struct PartsOf {
    double sum = 0;
    bool any = false, exhaustive = false;
  };
  std::vector<PartsOf> parts_of(mentions.size());
  for (size_t k = 0; k < mentions.size(); ++k) {
    if (!mentions[k].part_of || *mentions[k].part_of >= k) continue;  // parts follow their total
    PartsOf& p = parts_of[*mentions[k].part_of];
    p.sum += mentions[k].figure.value;
    p.any = true;
    // A catch-all part (其他) means the parts are meant to make up the whole.
    const std::string& id = mentions[k].metric;
    p.exhaustive = p.exhaustive || (id.size() > 6 && id.compare(id.size() - 6, 6, ".other") == 0);
  }
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Mention& m = mentions[i];
    if (m.role != MentionRole::kMain) continue;
    const std::string& what = m.subject.empty() ? m.evidence.text : m.subject;
    // The figures of the comparison itself, for their printed precision and spans.
    const Mention* delta = nullptr;
    const Mention* rate = nullptr;
    for (size_t k = i + 1; k < mentions.size() && mentions[k].role != MentionRole::kMain; ++k) {
      if (mentions[k].role == MentionRole::kDelta) delta = &mentions[k];
      if (mentions[k].role == MentionRole::kRate) rate = &mentions[k];
    }
    if (m.compare && m.compare->base_value) {
      const Compare& c = *m.compare;
      double change = m.figure.value - *c.base_value;
      if (c.delta && delta != nullptr) {
        double tolerance = RoundingOf(delta->figure.decimals) + RoundingOf(m.figure.decimals);
        if (std::fabs(std::fabs(change) - *c.delta) > tolerance) {
          add("prose.delta", "error",
              what + ": " + Num(*c.base_value) + " -> " + Num(m.figure.value) + " is a change of " +
                  Num(std::fabs(change)) + ", the text says " + Num(*c.delta),
              std::fabs(change), *c.delta, delta->figure.span);
        }
      }
      std::string direction = change > 0 ? "up" : change < 0 ? "down" : "flat";
      if (!c.direction.empty() && c.direction != direction && std::fabs(change) > 0) {
        add("prose.direction", "error",
            what + ": " + Num(*c.base_value) + " -> " + Num(m.figure.value) + " goes " + direction +
                ", the text says " + c.direction,
            change, c.delta.value_or(change), m.figure.span);
      }
      if (c.rate_percent && rate != nullptr && *c.base_value != 0) {
        double computed = std::fabs(change) / *c.base_value * 100;
        if (std::fabs(computed - *c.rate_percent) > RoundingOf(rate->figure.decimals)) {
          add("prose.rate", "error",
              what + ": " + Num(*c.base_value) + " -> " + Num(m.figure.value) + " is " + Num(computed) +
                  "%, the text says " + Num(*c.rate_percent) + "%",
              computed, *c.rate_percent, rate->figure.span);
        }
      }
    }
    // Parts announced with 其中 against their total.
    const double parts = parts_of[i].sum;
    const bool any = parts_of[i].any, exhaustive = parts_of[i].exhaustive;
    if (any && m.figure.qualifier.empty() && parts > m.figure.value + 1e-6) {
      add("prose.parts_exceed_total", "error",
          what + ": the parts listed after 其中 sum to " + Num(parts) + ", more than the total " +
              Num(m.figure.value),
          m.figure.value, parts, m.figure.span);
    } else if (any && exhaustive && m.figure.qualifier.empty() && !Same(parts, m.figure.value)) {
      add("prose.parts_sum", "error",
          what + ": the parts listed after 其中 (including 其他) sum to " + Num(parts) + ", not to the total " +
              Num(m.figure.value),
          m.figure.value, parts, m.figure.span);
    }
  }
  // A stated share against the count it follows and that count's total.
  for (size_t i = 1; i < mentions.size(); ++i) {
    const Mention& share = mentions[i];
    if (share.role != MentionRole::kShare || !share.share || !share.share->percent) continue;
    const Mention& part = mentions[i - 1];
    if (part.role != MentionRole::kMain || !part.part_of || !part.figure.qualifier.empty()) continue;
    const Mention& total = mentions[*part.part_of];
    if (total.figure.value == 0 || !total.figure.qualifier.empty()) continue;
    double computed = part.figure.value / total.figure.value * 100;
    if (std::fabs(computed - *share.share->percent) > RoundingOf(share.figure.decimals)) {
      add("prose.share", "warning",
          (part.subject.empty() ? part.evidence.text : part.subject) + ": " + Num(part.figure.value) + " of " +
              Num(total.figure.value) + " is " + Num(std::round(computed * 100) / 100) + "%, the text says " +
              Num(*share.share->percent) + "%",
          std::round(computed * 100) / 100, *share.share->percent, share.figure.span);
    }
  }
  return findings;
}

}  // namespace ogi
