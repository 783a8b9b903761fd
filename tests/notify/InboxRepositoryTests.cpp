// The inbox repository's contract on every backend (see InboxRepositoryBehaviour.hpp):
// items written by the accept transaction, pages, counts, read state, and what a
// reconnecting socket is replayed.
#include "InboxRepositoryBehaviour.hpp"

#include <Poco/Data/Session.h>

namespace sb::notify::testing {
namespace {

TEST_P(InboxRepositoryBehaviour, ListsNewestFirstCountsUnreadAndKeepsTenantsApart) {
  InboxRepository inbox(*db);
  auto a = accept("t1", "alice", 1), b = accept("t1", "alice", 2), c = accept("t1", "alice", 3);
  accept("t2", "alice", 4);
  EXPECT_EQ(ids(inbox.list("t1", "alice", {})), (std::vector<std::string>{c, b, a}));
  EXPECT_EQ(inbox.unreadCount("t1", "alice"), 3);
  EXPECT_EQ(inbox.unreadCount("t2", "alice"), 1);
  EXPECT_EQ(inbox.unreadCount("t1", "bob"), 0);

  InboxQuery page;
  page.limit = 2;
  auto first = inbox.list("t1", "alice", page);
  ASSERT_EQ(first.size(), 2u);
  page.before_seq = first.back().seq;
  EXPECT_EQ(ids(inbox.list("t1", "alice", page)), (std::vector<std::string>{a}));

  auto counts = inbox.unreadCounts("t1", {"alice", "bob"});
  EXPECT_EQ(counts["alice"], 3);
  EXPECT_EQ(counts["bob"], 0);
}

TEST_P(InboxRepositoryBehaviour, ReadAndArchiveChangeOnlyTheOwnersItems) {
  InboxRepository inbox(*db);
  auto a = accept("t1", "alice", 1), b = accept("t1", "alice", 2);
  EXPECT_EQ(inbox.markRead("t2", "alice", {a}, 5000), 0);  // another tenant
  EXPECT_EQ(inbox.markRead("t1", "bob", {a}, 5000), 0);    // another user
  EXPECT_EQ(inbox.markRead("t1", "alice", {a, "ntf_unknown"}, 5000), 1);
  EXPECT_EQ(inbox.markRead("t1", "alice", {a}, 6000), 0);  // already read
  EXPECT_EQ(inbox.unreadCount("t1", "alice"), 1);
  InboxQuery unreadOnly;
  unreadOnly.unread_only = true;
  EXPECT_EQ(ids(inbox.list("t1", "alice", unreadOnly)), (std::vector<std::string>{b}));

  EXPECT_EQ(inbox.archive("t1", "alice", b, 7000), InboxRepository::ArchiveResult::Archived);
  EXPECT_EQ(inbox.archive("t1", "alice", b, 7000), InboxRepository::ArchiveResult::AlreadyArchived);
  EXPECT_EQ(inbox.archive("t1", "bob", b, 7000), InboxRepository::ArchiveResult::NotFound);
  EXPECT_EQ(inbox.unreadCount("t1", "alice"), 0);
  InboxQuery archived;
  archived.archived = true;
  EXPECT_EQ(ids(inbox.list("t1", "alice", archived)), (std::vector<std::string>{b}));
  EXPECT_EQ(ids(inbox.list("t1", "alice", {})), (std::vector<std::string>{a}));

  accept("t1", "alice", 3);
  EXPECT_EQ(inbox.markAllRead("t1", "alice", 8000), 1);
  EXPECT_EQ(inbox.unreadCount("t1", "alice"), 0);
}

TEST_P(InboxRepositoryBehaviour, ReplayGivesWhatCameAfterSinceAndWhatWasNeverPushed) {
  InboxRepository inbox(*db);
  auto n1 = accept("t1", "alice", 1), n2 = accept("t1", "alice", 2), n3 = accept("t1", "alice", 3),
       n4 = accept("t1", "alice", 4);
  EXPECT_EQ(ids(inbox.replay("t1", "alice", "", 10)), (std::vector<std::string>{n1, n2, n3, n4}));
  EXPECT_EQ(ids(inbox.replay("t1", "alice", "", 2)), (std::vector<std::string>{n3, n4}));  // the newest

  // n2 committed late and never reached a socket; n1 and n3 were pushed.
  inbox.markDelivered({{"t1", n1}, {"t1", n3}}, 9000);
  EXPECT_EQ(ids(inbox.replay("t1", "alice", n3, 10)), (std::vector<std::string>{n2, n4}));
  inbox.markRead("t1", "alice", {n4}, 9500);
  EXPECT_EQ(ids(inbox.replay("t1", "alice", n3, 10)), (std::vector<std::string>{n2}));
  // An id this user never had: everything unread.
  EXPECT_EQ(ids(inbox.replay("t1", "alice", "ntf_999", 10)), (std::vector<std::string>{n1, n2, n3}));
  EXPECT_TRUE(inbox.replay("t1", "bob", "", 10).empty());

  auto item = inbox.find("t1", "alice", n1);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->delivered_at, 9000);
  int64_t delivered = 0;
  db->acquire().session() << "SELECT COUNT(*) FROM deliveries WHERE status = 'delivered'",
      Poco::Data::Keywords::into(delivered), Poco::Data::Keywords::now;
  EXPECT_EQ(delivered, 2);
}

TEST_P(InboxRepositoryBehaviour, DeletingTheUserDeletesTheInbox) {
  Recipient alice;
  alice.tenant_id = "t1";
  alice.id = "alice";
  users->put(alice, true, true, 1000);
  accept("t1", "alice", 1);
  accept("t2", "alice", 2);
  EXPECT_TRUE(users->remove("t1", "alice"));
  InboxRepository inbox(*db);
  EXPECT_EQ(inbox.unreadCount("t1", "alice"), 0);
  EXPECT_EQ(inbox.unreadCount("t2", "alice"), 1);
}

}  // namespace
}  // namespace sb::notify::testing
