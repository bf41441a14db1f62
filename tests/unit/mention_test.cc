// Mentions, table-driven: each text and the exact mentions it must give, one per line:
// "text: subject=.. [scope=..] [year=..] [compare{..}] [share{..}] [part_of=#n] [metric=..]".
#include "ogi/mention.h"

#include <gtest/gtest.h>

#include <cstdio>

#include "ogi/metric.h"
#include "ogi/report.h"

#include "testing/extractor.h"

#include "testing/table_driven.h"

namespace ogi {
namespace {

const Extractor& TheExtractor() { return ogi::testing::SharedExtractor(); }

std::string Number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.15g", v);
  return buffer;
}

// Extracts `text` as a report of year 2016 and dumps its mentions.
std::string Dump(const std::string& text) {
  Report report = TheExtractor().Extract(SourceFromBytes("t.txt", "浙江省2016年政府信息公开工作年度报告\n" + text));
  std::string out;
  for (const Mention& m : report.mentions) {
    out += m.evidence.text + ": subject=" + m.subject;
    if (!m.scope.empty()) out += " scope=" + m.scope;
    if (m.year && *m.year != 2016) out += " year=" + std::to_string(*m.year);
    if (m.compare) {
      out += " compare{";
      if (m.compare->base_year) out += "year=" + std::to_string(*m.compare->base_year) + " ";
      if (m.compare->base_value) out += "base=" + Number(*m.compare->base_value) + " ";
      if (m.compare->delta) out += "delta=" + Number(*m.compare->delta) + " ";
      if (m.compare->rate_percent) out += "rate=" + Number(*m.compare->rate_percent) + " ";
      out += m.compare->direction + "}";
    }
    if (m.share) out += " share{" + Number(*m.share->percent) + " of=" + m.share->of + "}";
    if (m.part_of) out += " part_of=#" + std::to_string(*m.part_of);
    if (!m.metric.empty()) out += " metric=" + m.metric;
    out += "\n";
  }
  return out;
}

void Check(const std::vector<ogi::testing::DumpCase>& cases) { ogi::testing::ExpectDumps(cases, Dump); }

TEST(MentionTest, Subjects) {
  Check({
      {"主动公开政府信息8417833条。", "8417833条: subject=主动公开政府信息 metric=proactive.total\n"},
      {"2016年共办理网民来信15万余封。", "15万余封: subject=网民来信\n"},
      {"属于已经主动公开的为2527件。", "2527件: subject=属于已经主动公开\n"},
      {"召开新闻发布会2132场。", "2132场: subject=新闻发布会 metric=press_conferences\n"},
      // A figure with nothing before it takes the short noun phrase after it.
      {"对53家省级有关单位进行评估。", "53家: subject=省级有关单位进行评估\n"},
      // Only whole words are trimmed off a subject's end (行为 keeps its 为).
      {"维持具体行政行为987件。", "987件: subject=维持具体行政行为\n"},
      // Layout text breaks lines inside words: a paragraph wrapped at a fixed width.
      {"   （一）主动公开情况。2024 年，市政府网站主动公开各类政\n"
       "府信息 5500 余条，全年新增公开市政府规章 1 件、市政府及市\n"
       "政府办政策性文件 11 件，通过文字、图片等形式制作政策解读\n"
       "21 个，制作《淮安市人民政府公报》6 期。紧紧围绕保障民生、\n"
       "深化改革、科技创新等工作主线，组织召开了新闻发布会 12 场。\n",
       "5500 余条: subject=市政府网站主动公开各类政府信息\n"
       "1 件: subject=新增公开市政府规章\n"
       "11 件: subject=市政府及市政府办政策性文件\n"
       "21 个: subject=形式制作政策解读 metric=policy_interpretations\n"
       "6 期: subject=制作《淮安市人民政府公报》\n"
       "12 场: subject=新闻发布会 metric=press_conferences\n"},
  });
}

TEST(MentionTest, SubjectEdges) {
  Check({
      {"共收到申请156件（其中上年结转6件）。",
       "156件: subject=收到申请\n6件: subject=上年结转 part_of=#0 metric=requests.carried_over.total\n"},
  });
}

TEST(MentionTest, Scopes) {
  Check({
      {"省政府及各市政府召开新闻发布会2132场。",
       "2132场: subject=新闻发布会 scope=省政府及各市政府 metric=press_conferences\n"},
      {"全省通过政府网站公开政府信息2797179条。",
       "2797179条: subject=通过政府网站公开政府信息 scope=全省\n"},
      // The reporting body itself is no scope.
      {"2016年度浙江省主动公开政府信息8417833条。", "8417833条: subject=主动公开政府信息 metric=proactive.total\n"},
  });
}

TEST(MentionTest, Comparisons) {
  Check({
      {"主动公开政府信息8417833条，同比增长6%。",
       "8417833条: subject=主动公开政府信息 compare{year=2015 rate=6 up} metric=proactive.total\n"
       "6%: subject=主动公开政府信息\n"},
      {"省级部门主动公开规范性文件3834件，比2015的950件增加2884件。",
       "3834件: subject=主动公开规范性文件 scope=省级部门 compare{year=2015 base=950 delta=2884 up}\n"
       "950件: subject=主动公开规范性文件 scope=省级部门 year=2015\n"
       "2884件: subject=主动公开规范性文件 scope=省级部门\n"},
      {"召开新闻发布会2132场，较2015年2266场减少143场。",
       "2132场: subject=新闻发布会 compare{year=2015 base=2266 delta=143 down} metric=press_conferences\n"
       "2266场: subject=新闻发布会 year=2015\n"
       "143场: subject=新闻发布会\n"},
      {"全省共接到各类投诉23788件，比2015年有所增长。",
       "23788件: subject=接到各类投诉 scope=全省 compare{year=2015 up} metric=complaints\n"},
      {"受理申请120件，与上年持平。", "120件: subject=受理申请 compare{year=2015 flat}\n"},
      {"网站访问量达320.5万人次，比上年增长两成。",
       "320.5万人次: subject=网站访问量 compare{year=2015 rate=20 up}\n两成: subject=网站访问量\n"},
      {"办理率为98%，较去年回落12.3%。",
       "98%: subject=办理率 compare{year=2015 rate=12.3 down}\n12.3%: subject=办理率\n"},
  });
}

TEST(MentionTest, Shares) {
  Check({
      {"其中维持具体行政行为987件，占66%。",
       "987件: subject=维持具体行政行为\n66%: subject=维持具体行政行为 share{66 of=}\n"},
      {"部分公开的为1730件，其公开率占全部申请的58%。",
       "1730件: subject=部分公开 metric=requests.partially_granted.total\n"
       "58%: subject=其公开率 share{58 of=全部申请}\n"},
  });
}

TEST(MentionTest, PartsAndCanonicalMetrics) {
  Check({
      {"全省各级行政复议机关共办理行政复议1489件，其中维持具体行政行为987件，占66%；被依法纠错147件，占10%；其他情形355件，占24%。",
       "1489件: subject=各级行政复议机关共办理行政复议 scope=全省 metric=review.total\n"
       "987件: subject=维持具体行政行为 part_of=#0 metric=review.upheld\n"
       "66%: subject=维持具体行政行为 share{66 of=}\n"
       "147件: subject=被依法纠错 part_of=#0 metric=review.corrected\n"
       "10%: subject=被依法纠错 share{10 of=}\n"
       "355件: subject=其他情形 part_of=#0 metric=review.other\n"
       "24%: subject=其他情形 share{24 of=}\n"},
      // A second total in the same sentence starts its own parts.
      {"政府信息公开行政复议351件，其中结果维持72件；政府信息公开行政诉讼46件，其中结果纠正5件。",
       "351件: subject=政府信息公开行政复议 metric=review.total\n"
       "72件: subject=结果维持 part_of=#0 metric=review.upheld\n"
       "46件: subject=政府信息公开行政诉讼 metric=litigation.total\n"
       "5件: subject=结果纠正 part_of=#2 metric=litigation.corrected\n"},
      // 其中 opening the next sentence refers to the total of the sentence before.
      {"全省回应舆情共43308次。其中，省级部门483次，各市政府及其部门42825次。",
       "43308次: subject=回应舆情 scope=全省\n"
       "483次: subject=回应舆情 scope=省级部门 part_of=#0\n"
       "42825次: subject=回应舆情 scope=各市政府及其部门 part_of=#0\n"},
      // Figures of another year, and approximate figures, are not canonical.
      {"同意公开的为9835件，同意公开约100件。", "9835件: subject=同意公开 metric=requests.granted.total\n约100件: subject=同意公开\n"},
  });
}

TEST(MentionTest, SubcategoriesAndRepeatsOfAMetric) {
  Check({
      // Parts with the meaning and scope of their total are subcategories, not the metric again.
      {"发布政策解读23篇，其中图文解读12篇。",
       "23篇: subject=发布政策解读 metric=policy_interpretations\n12篇: subject=图文解读 part_of=#0\n"},
      // The same figure stated twice is the metric both times; a different value is not.
      {"召开新闻发布会6场。共召开新闻发布会6场。召开新闻发布会8场。",
       "6场: subject=新闻发布会 metric=press_conferences\n6场: subject=新闻发布会 metric=press_conferences\n"
       "8场: subject=新闻发布会\n"},
  });
}

TEST(MentionTest, FormerBugs) {
  Check({
      // 其他 must not lose 其 as if it were a connective.
      {"行政复议351件，其中其他结果178件。",
       "351件: subject=行政复议 metric=review.total\n178件: subject=其他结果 part_of=#0 metric=review.other\n"},
  });
}

}  // namespace
}  // namespace ogi
