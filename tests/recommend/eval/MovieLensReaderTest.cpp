// MovieLensReader: u.data (with u.item beside it) and CSV with a column mapping.
#include "recommend/eval/MovieLensReader.hpp"

#include <gtest/gtest.h>

#include <sstream>

using namespace sb::recommend::eval;

TEST(MovieLensReader, ReadsUDataAsImplicitFeedbackWithMillisecondTimes) {
  std::istringstream in("196\t242\t3\t881250949\n186\t302\t1\t891717742\n196\t302\t5\t881250950\n");
  const EvalData d = readMovieLens(in, "u.data");
  ASSERT_EQ(d.data.user_ids, (std::vector<std::string>{"196", "186"}));
  ASSERT_EQ(d.data.items.size(), 2u);
  EXPECT_EQ(d.data.items[0].id, "242");
  ASSERT_EQ(d.data.interactions.size(), 3u);
  EXPECT_EQ(d.data.interactions[0].user, 0u);
  EXPECT_EQ(d.data.interactions[0].item, 0u);
  EXPECT_EQ(d.data.interactions[0].weight, 1.0f);  // a rating of 3 is weight 1
  EXPECT_EQ(d.data.interactions[1].weight, 1.0f);  // and so is a rating of 1
  EXPECT_EQ(d.data.interactions[0].timestamp, 881250949000);
  EXPECT_EQ(d.data.now, 891717742001);
}

TEST(MovieLensReader, CountsARepeatedPairOnceKeepingTheLatestTime) {
  std::istringstream in("1\t10\t4\t100\n1\t10\t2\t300\n1\t10\t5\t200\n");
  const EvalData d = readMovieLens(in, "u.data");
  ASSERT_EQ(d.data.interactions.size(), 1u);
  EXPECT_EQ(d.data.interactions[0].timestamp, 300000);
}

TEST(MovieLensReader, TakesTitlesAndGenresFromUItem) {
  std::istringstream ratings("1\t2\t4\t100\n");
  // Item 2 is Action + Adventure + Thriller (flags 1, 2 and 16); its title is Latin-1.
  std::istringstream items(
      "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n"
      "2|Caf\xe9 (1995)|01-Jan-1995||http://x|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n");
  const EvalData d = readMovieLens(ratings, "u.data", &items);
  ASSERT_EQ(d.data.items.size(), 2u);  // the whole catalogue, rated or not
  EXPECT_EQ(d.data.items[1].id, "2");
  EXPECT_EQ(d.data.items[1].title, "Caf\xc3\xa9 (1995)");
  EXPECT_EQ(d.data.items[1].category, "Action");
  EXPECT_EQ(d.data.items[1].tags, (std::vector<std::string>{"Action", "Adventure", "Thriller"}));
  EXPECT_EQ(d.data.items[0].tags, (std::vector<std::string>{"Animation", "Children's", "Comedy"}));
  EXPECT_EQ(d.data.interactions[0].item, 1u);
}

TEST(MovieLensReader, NamesTheLineOfAMalformedRating) {
  std::istringstream in("1\t2\t3\t4\nnot a rating\n");
  try {
    readMovieLens(in, "u.data");
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("u.data:2:"), std::string::npos) << e.what();
  }
}

TEST(MovieLensReader, ReadsCsvColumnsByHeaderName) {
  std::istringstream in("ts,item,rating,user\n1700000000,\"a,1\",5,alice\n1700000001,b,2,bob\n");
  CsvLayout layout;
  parseColumns("user=user,item=item,timestamp=ts", layout);
  const EvalData d = readCsv(in, "events.csv", layout);
  EXPECT_EQ(d.data.user_ids, (std::vector<std::string>{"alice", "bob"}));
  ASSERT_EQ(d.data.items.size(), 2u);
  EXPECT_EQ(d.data.items[0].id, "a,1");
  EXPECT_EQ(d.data.interactions[1].timestamp, 1700000001000);
}

TEST(MovieLensReader, ReadsCsvColumnsByPositionWithoutAHeader) {
  std::istringstream in("x;7;u1\ny;8;u2\n");
  CsvLayout layout;
  layout.delimiter = ';';
  layout.header = false;
  parseColumns("user=3,item=2", layout);
  const EvalData d = readCsv(in, "events.csv", layout);
  EXPECT_EQ(d.data.user_ids, (std::vector<std::string>{"u1", "u2"}));
  EXPECT_EQ(d.data.items[1].id, "8");
  EXPECT_EQ(d.data.interactions[0].timestamp, 0);
}

TEST(MovieLensReader, RejectsAnUnknownColumn) {
  std::istringstream in("a,b\n1,2\n");
  CsvLayout layout;
  EXPECT_THROW(readCsv(in, "events.csv", layout), DataError);  // no user_id column
}

TEST(MovieLensReader, ParseColumnsNeedsUserAndItem) {
  CsvLayout layout;
  EXPECT_THROW(parseColumns("user=1", layout), std::invalid_argument);
  EXPECT_THROW(parseColumns("user=1,item=2,rating=3", layout), std::invalid_argument);
  EXPECT_THROW(parseColumns("user", layout), std::invalid_argument);
}
