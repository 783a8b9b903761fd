// Shared by the itemknn plugin's test files.
#pragma once

#include "RecommenderTestSupport.hpp"

namespace sb::test {

class ItemKnnTest : public RecommenderTest {
 protected:
  ItemKnnTest() : RecommenderTest("itemknn") {}
};

}  // namespace sb::test
