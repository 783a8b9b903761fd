// Shared by the content plugin's test files.
#pragma once

#include "RecommenderTestSupport.hpp"

namespace sb::test {

class ContentTest : public RecommenderTest {
 protected:
  ContentTest() : RecommenderTest("content") {}
};

}  // namespace sb::test
