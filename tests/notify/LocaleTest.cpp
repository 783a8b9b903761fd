#include "notify/users/Locale.hpp"

#include <gtest/gtest.h>

namespace sb::notify {
namespace {

TEST(Locale, CanonicalSpellingFollowsBcp47Case) {
  EXPECT_EQ(canonicalLocale("en"), "en");
  EXPECT_EQ(canonicalLocale("pt-br"), "pt-BR");
  EXPECT_EQ(canonicalLocale("PT_BR"), "pt-BR");
  EXPECT_EQ(canonicalLocale("zh-hant-tw"), "zh-Hant-TW");
  EXPECT_EQ(canonicalLocale("es-419"), "es-419");
  EXPECT_EQ(canonicalLocale("fil"), "fil");
}

TEST(Locale, RejectsWhatIsNotALanguageTag) {
  for (const char* bad : {"", "e", "english", "en-", "-en", "en--US", "en US", "12", "en-toolongsubtag", "en/US"}) {
    EXPECT_FALSE(canonicalLocale(bad)) << bad;
  }
}

TEST(Locale, FallbacksGoFromTheFullTagDownToTheLanguage) {
  EXPECT_EQ(localeFallbacks("zh-Hant-TW"), (std::vector<std::string>{"zh-Hant-TW", "zh-Hant", "zh"}));
  EXPECT_EQ(localeFallbacks("pt-BR"), (std::vector<std::string>{"pt-BR", "pt"}));
  EXPECT_EQ(localeFallbacks("en"), (std::vector<std::string>{"en"}));
  EXPECT_TRUE(localeFallbacks("").empty());
}

}  // namespace
}  // namespace sb::notify
