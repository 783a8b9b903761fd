// DatasetBuilder: a tenant's training snapshot — every event, weighted, indexed by user
// and item; the catalog's items plus bare entries for items that have events but are not
// (yet) in the catalog (imported histories often arrive before the catalog does).
#pragma once

#include "plugin/RecommenderCalls.hpp"

#include <string>

namespace sb::recommend {

class CatalogReader;

plugin::Dataset buildDataset(CatalogReader& catalog, const std::string& tenant, int64_t now);

}  // namespace sb::recommend
