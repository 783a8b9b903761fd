#include "recommend/eval/EvalData.hpp"

namespace sb::recommend::eval {

DataSummary summarize(const EvalData& data) {
  DataSummary s;
  s.source = data.source;
  s.users = data.data.user_ids.size();
  s.items = data.data.items.size();
  s.interactions = data.data.interactions.size();
  if (s.users > 0 && s.items > 0)
    s.density = static_cast<double>(s.interactions) / (static_cast<double>(s.users) * static_cast<double>(s.items));
  return s;
}

}  // namespace sb::recommend::eval
