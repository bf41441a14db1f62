// A text dump of a report for people: per mention, the figure, what was found about it and
// why (`ogi extract --explain`). Not a stable format: for reading, not for parsing.
#ifndef OGI_EXPLAIN_H_
#define OGI_EXPLAIN_H_

#include <string>

#include "ogi/report.h"

namespace ogi {

// One block per mention:
//   #12 2132场 = 2132 场 count [-]  subject=新闻发布会 scope=省政府及各市政府 year=2016
//       compare: base_year=2015 base_value=2266 delta=143 direction=down
//       metric: press_conferences
//       why: clause '...': scope '...'; subject from clause '...';
std::string ExplainReport(const Report& report);

}  // namespace ogi

#endif  // OGI_EXPLAIN_H_
