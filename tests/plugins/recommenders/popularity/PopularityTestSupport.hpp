// Shared by the popularity plugin's test files.
#pragma once

#include "RecommenderTestSupport.hpp"

namespace sb::test {

class PopularityTest : public RecommenderTest {
 protected:
  PopularityTest() : RecommenderTest("popularity") {}
};

}  // namespace sb::test
