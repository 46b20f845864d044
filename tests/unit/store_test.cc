// The store (schema, idempotent writes, evidence spans), near-duplicate
// detection (shingles, MinHash, LSH, Jaccard) and fusion over the
// syndicated Palmyra variants of samples/syndication.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "base/geo.h"
#include "cli/app.h"
#include "cli/progress.h"
#include "fuse/fuse.h"
#include "fuse/minhash.h"
#include "ingest/reader.h"
#include "store/query.h"
#include "store/schema.h"
#include "store/store.h"
#include "test_util.h"

namespace vigie {
namespace {

namespace fs = std::filesystem;

class TempDb {
 public:
  TempDb() {
    path_ = (fs::temp_directory_path() /
             ("vigie-store-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) + ".db"))
                .string();
    Remove();
  }
  ~TempDb() { Remove(); }
  const std::string& path() const { return path_; }

 private:
  void Remove() {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path_ + suffix);
  }
  static inline int counter_ = 0;
  std::string path_;
};

std::vector<Document> ReadAll(const std::vector<std::string>& paths, const std::string& published = "") {
  ReaderOptions options;
  options.published = published;
  Reader reader(paths, options);
  std::vector<Document> docs;
  Document doc;
  while (reader.Next(&doc)) {
    EXPECT_TRUE(doc.status.ok()) << doc.id << ": " << doc.status.ToString();
    doc.layers = {Layer::kSource};
    testing::DefaultPipeline().Run(doc);
    docs.push_back(std::move(doc));
    doc = Document();
  }
  return docs;
}

store::Store::WriteResult Write(store::Store& s, const Document& doc) {
  return s.Write(doc, cli::EventRecords(doc), fuse::Signature(fuse::Shingles(doc.text)));
}

const std::string kSyndication = std::string(VIGIE_SAMPLES_DIR) + "/syndication";

// Runs `sql` (an INSERT ... SELECT ... FROM n) over n(x), the numbers from
// `first` to `last`.
void Numbered(store::Connection& c, int first, int last, const std::string& sql) {
  c.Exec(("WITH RECURSIVE n(x) AS (SELECT " + std::to_string(first) + " UNION ALL SELECT x + 1 FROM n WHERE x < " +
          std::to_string(last) + ")" + sql)
             .c_str());
}

TEST(Schema, MigratesOnceAndRefusesNewer) {
  TempDb db;
  { auto s = store::Store::Open(db.path()); }
  auto c = store::Connection::Open(db.path(), false);
  EXPECT_EQ(store::SchemaVersion(*c), store::LatestSchemaVersion());
  store::Migrate(*c);  // nothing to do
  c->Prepare("SELECT count(*) FROM schema_version").Step();
  c->Exec("INSERT INTO schema_version(version) VALUES (999)");
  EXPECT_THROW(store::Migrate(*c), store::StoreError);
  EXPECT_THROW(store::Store::Open(db.path()), store::StoreError);
}

// A database as vigie wrote it before the fused layer's freshness was
// recorded (schema version 1), with `articles` rows or none.
void MakeVersionOne(const std::string& path, int articles) {
  auto c = store::Connection::Open(path, false);
  c->Exec("CREATE TABLE schema_version (version INTEGER NOT NULL)");
  c->Exec(store::Migrations()[0].sql);
  c->Exec("INSERT INTO schema_version(version) VALUES (1)");
  for (int i = 0; i < articles; ++i) {
    c->Prepare("INSERT INTO articles(doc_id, raw_hash, text, raw_size, ingested_at)"
               " VALUES ('a', ?, 'text', 4, 'now')")
        .Bind(1, std::to_string(i))
        .Run();
  }
}

TEST(Schema, AVersionOneLayerIsStaleWhenThereAreArticles) {
  // Its fused layer may be what an interrupted fusion left: unknown, so stale.
  TempDb with, without;
  MakeVersionOne(with.path(), 2);
  MakeVersionOne(without.path(), 0);
  auto s = store::Store::Open(with.path());
  EXPECT_EQ(store::SchemaVersion(s->connection()), store::LatestSchemaVersion());
  EXPECT_EQ(s->ArticlesGeneration(), 2);
  EXPECT_EQ(s->FusedGeneration(), 0);
  EXPECT_TRUE(s->FusedLayerStale());
  EXPECT_FALSE(store::Store::Open(without.path())->FusedLayerStale());
}

TEST(Schema, VersionThreeAddsWhatTheExportsRead) {
  // An old database gains the columns, unknown (NULL) for its old rows,
  // and a region's admin1 code from the code it already had.
  TempDb db;
  MakeVersionOne(db.path(), 1);
  {
    auto c = store::Connection::Open(db.path(), false);
    c->Exec("INSERT INTO places(article_id, text, code, name, country, precision, begin, end)"
            " VALUES (1, 'Borno', 'NG.27', 'Borno', 'NG', 'admin1', 0, 5),"
            "        (1, 'Maiduguri', NULL, 'Maiduguri', 'NG', 'point', 6, 15)");
  }
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  store::Statement& a = c.Prepare("SELECT published_rule IS NULL FROM articles");
  ASSERT_TRUE(a.Step());
  EXPECT_EQ(a.Int(0), 1);
  a.Reset();
  store::Statement& p = c.Prepare("SELECT coalesce(admin1_code, '-') FROM places ORDER BY id");
  ASSERT_TRUE(p.Step());
  EXPECT_EQ(p.Text(0), "NG.27");
  ASSERT_TRUE(p.Step());
  EXPECT_EQ(p.Text(0), "-");
  p.Reset();
  store::Statement& e = c.Prepare("SELECT count(in_lead) FROM events");
  ASSERT_TRUE(e.Step());
  EXPECT_EQ(e.Int(0), 0);
  e.Reset();
}

// The number of segments of an FTS5 index: the second varint of its
// structure record (row 10 of its data table, after a 4-byte cookie).
int64_t Fts5Segments(store::Connection& c, const std::string& table) {
  store::Statement& s = c.Prepare("SELECT block FROM " + table + "_data WHERE id = 10");
  EXPECT_TRUE(s.Step());
  const std::string block(s.TextView(0));
  s.Reset();
  size_t at = 4;
  auto varint = [&] {
    int64_t v = 0;
    for (int k = 0; k < 9 && at < block.size(); ++k) {
      const auto b = static_cast<unsigned char>(block[at++]);
      if (k == 8) return (v << 8) | b;
      v = (v << 7) | (b & 0x7F);
      if (!(b & 0x80)) break;
    }
    return v;
  };
  varint();  // levels
  return varint();
}

// Each commit adds a segment to the text index; once the articles have
// grown by a tenth since the last merge, the next one merges them all.
TEST(Store, TheTextIndexIsMergedWhenTheArticlesGrewByATenth) {
  TempDb db;
  auto docs = ReadAll({kSyndication});
  ASSERT_EQ(docs.size(), 3u);  // three commits: three segments (FTS5 merges by fours)
  auto s = store::Store::Open(db.path());
  for (const Document& doc : docs) {
    s->Begin();
    EXPECT_EQ(Write(*s, doc), store::Store::WriteResult::kAdded);
    s->Commit();
  }
  EXPECT_EQ(Fts5Segments(s->connection(), "articles_fts"), 3);
  EXPECT_TRUE(s->OptimizeTextIndexIfGrown());  // never merged
  EXPECT_EQ(Fts5Segments(s->connection(), "articles_fts"), 1);
  store::Statement& q = s->connection().Prepare("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'palmyre'");
  ASSERT_TRUE(q.Step());
  EXPECT_GT(q.Int(0), 0);
  q.Reset();
  EXPECT_FALSE(s->OptimizeTextIndexIfGrown());  // no article since
  // 3 then 4 articles: grown by a third.
  s->connection().Exec("INSERT INTO articles(doc_id, raw_hash, text, raw_size, ingested_at) VALUES ('x', 'x',"
                       " 'extra', 5, 'now')");
  EXPECT_EQ(Fts5Segments(s->connection(), "articles_fts"), 2);
  EXPECT_TRUE(s->OptimizeTextIndexIfGrown());
  EXPECT_EQ(Fts5Segments(s->connection(), "articles_fts"), 1);
}

TEST(Store, FusedLayerFreshnessIsCommittedWithTheRowsItDescribes) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl",
                       kSyndication + "/fr-palmyre-gazette-breve.jsonl"});
  ASSERT_EQ(docs.size(), 2u);
  auto s = store::Store::Open(db.path());
  EXPECT_FALSE(s->FusedLayerStale());  // nothing stored, nothing to fuse

  // An article makes the layer stale in the article's own transaction...
  s->Begin();
  EXPECT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAdded);
  s->Commit();
  EXPECT_EQ(s->ArticlesGeneration(), 1);
  EXPECT_TRUE(s->FusedLayerStale());
  // ... and an article rolled back takes its mark with it.
  s->Begin();
  Write(*s, docs[1]);
  s->Rollback();
  EXPECT_EQ(s->ArticlesGeneration(), 1);
  EXPECT_EQ(s->Count().articles, 1);

  // A fusion that never commits (killed, disk full, locked out) leaves it stale.
  s->Begin();
  fuse::Rebuild(*s, fuse::Options{});
  s->Rollback();
  EXPECT_TRUE(s->FusedLayerStale());
  EXPECT_EQ(s->Count().stories, 0);
  // A committed one makes it fresh, and that survives reopening.
  s->Begin();
  fuse::Rebuild(*s, fuse::Options{});
  s->Commit();
  EXPECT_FALSE(s->FusedLayerStale());
  EXPECT_EQ(s->FusedGeneration(), 1);
  EXPECT_EQ(s->Count().stories, 1);
  s.reset();
  s = store::Store::Open(db.path());
  EXPECT_FALSE(s->FusedLayerStale());

  // An article already stored changes nothing; a new one makes it stale again.
  s->Begin();
  EXPECT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAlreadyStored);
  s->Commit();
  EXPECT_FALSE(s->FusedLayerStale());
  s->Begin();
  EXPECT_EQ(Write(*s, docs[1]), store::Store::WriteResult::kAdded);
  s->Commit();
  EXPECT_EQ(s->ArticlesGeneration(), 2);
  EXPECT_TRUE(s->FusedLayerStale());

  // A fused layer computed before an article arrived is stored as stale.
  store::FusedLayer layer = fuse::Fuse(*s, fuse::Options{}, nullptr);
  s->Begin();
  Write(*s, ReadAll({kSyndication + "/en-palmyra-northern-herald.jsonl"})[0]);
  s->ReplaceFusedLayer(layer);
  s->Commit();
  EXPECT_EQ(s->FusedGeneration(), 2);
  EXPECT_TRUE(s->FusedLayerStale());
}

// Regression (issue 17): a batch that fills the disk used to end in
// SIGABRT, because SQLite had already rolled the transaction back and
// Rollback() threw "cannot rollback - no transaction is active" from the
// command's catch block. `max_page_count` makes the database file full for
// real (SQLITE_FULL from the pager, no mock).
TEST(Store, DiskFullIsANumberedErrorAndKeepsCommittedBatches) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl",
                       kSyndication + "/fr-palmyre-gazette-breve.jsonl",
                       kSyndication + "/en-palmyra-northern-herald.jsonl"});
  ASSERT_EQ(docs.size(), 3u);
  auto s = store::Store::Open(db.path());
  s->Begin();
  ASSERT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAdded);
  s->Commit();
  // Not one page more than the file has now.
  {
    store::Statement& q = s->connection().Prepare("PRAGMA page_count");
    ASSERT_TRUE(q.Step());
    const int64_t pages = q.Int(0);
    q.Reset();
    s->connection().Exec(("PRAGMA max_page_count = " + std::to_string(pages)).c_str());
  }
  std::optional<Status> failure;
  try {
    s->Begin();
    for (size_t i = 1; i < docs.size(); ++i) Write(*s, docs[i]);
    s->Commit();
  } catch (const store::StoreError& e) {
    failure = e.status();
  }
  ASSERT_TRUE(failure.has_value()) << "the writes fitted: max_page_count did not bite";
  EXPECT_EQ(failure->code(), ErrorCode::kDiskFull) << failure->ToString();
  EXPECT_EQ(failure->CodeString(), "E601");
  EXPECT_NE(failure->ToString().find("full"), std::string::npos) << failure->ToString();
  Status rollback;
  EXPECT_NO_THROW(rollback = s->Rollback());
  EXPECT_TRUE(rollback.ok()) << rollback.ToString();
  EXPECT_NO_THROW((void)s->Rollback());  // twice is harmless
  EXPECT_EQ(s->Count().articles, 1);
  s.reset();
  s = store::Store::Open(db.path());
  EXPECT_EQ(s->Count().articles, 1);  // the committed batch survived
  s->Begin();
  EXPECT_EQ(Write(*s, docs[1]), store::Store::WriteResult::kAdded);  // room again
  s->Commit();
}

TEST(Store, ReadOnlyAndLockedAreNumberedErrors) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl"});
  { auto init = store::Store::Open(db.path()); }
  {
    // query_only refuses writes as a read-only file does, even for root.
    auto s = store::Store::Open(db.path());
    s->connection().Exec("PRAGMA query_only = 1");
    std::optional<Status> failure;
    try {
      s->Begin();
      Write(*s, docs[0]);
      s->Commit();
    } catch (const store::StoreError& e) {
      failure = e.status();
    }
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->code(), ErrorCode::kReadOnly) << failure->ToString();
    EXPECT_NO_THROW((void)s->Rollback());
    s->connection().Exec("PRAGMA query_only = 0");
    EXPECT_EQ(s->Count().articles, 0);
  }
  {
    // Another writer holds the lock: a bounded wait, then E603.
    auto holder = store::Store::Open(db.path());
    holder->Begin();
    auto s = store::Store::Open(db.path(), false, 50);
    std::optional<Status> failure;
    try {
      s->Begin();
    } catch (const store::StoreError& e) {
      failure = e.status();
    }
    ASSERT_TRUE(failure.has_value());
    EXPECT_EQ(failure->code(), ErrorCode::kDatabaseLocked) << failure->ToString();
    EXPECT_TRUE(s->Rollback().ok());
    holder->Commit();
    s->Begin();  // free again
    EXPECT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAdded);
    s->Commit();
  }
  EXPECT_EQ(store::StoreErrorCode(13 /* SQLITE_FULL */), ErrorCode::kDiskFull);
  EXPECT_EQ(store::StoreErrorCode(8 | (1 << 8) /* SQLITE_READONLY_RECOVERY */), ErrorCode::kReadOnly);
  EXPECT_EQ(store::StoreErrorCode(10 | (4 << 8) /* SQLITE_IOERR_WRITE */), ErrorCode::kStoreIoError);
}

TEST(Store, SameArticleTwiceChangesNothing) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl"});
  ASSERT_EQ(docs.size(), 1u);
  ASSERT_FALSE(docs[0].events.empty());
  auto s = store::Store::Open(db.path());
  s->Begin();
  EXPECT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAdded);
  s->Commit();
  auto before = s->Count();
  s->Begin();
  EXPECT_EQ(Write(*s, docs[0]), store::Store::WriteResult::kAlreadyStored);
  s->Commit();
  auto after = s->Count();
  EXPECT_EQ(before.articles, 1);
  EXPECT_EQ(after.articles, 1);
  EXPECT_EQ(after.events, before.events);
  EXPECT_EQ(static_cast<size_t>(after.events), docs[0].events.size());
}

TEST(Store, EvidenceSpansPointIntoCleanTextAndRawBytes) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl"});
  auto s = store::Store::Open(db.path());
  s->Begin();
  Write(*s, docs[0]);
  s->Commit();
  const Document& doc = docs[0];
  auto& st = s->connection().Prepare(
      "SELECT v.field, v.begin, v.end, v.raw_begin, v.raw_end, v.rule FROM evidence v"
      " JOIN events e ON e.id = v.event_id WHERE e.ordinal = 1 ORDER BY v.id");
  std::set<std::string> fields;
  while (st.Step()) {
    std::string field = st.Text(0);
    fields.insert(field);
    uint32_t b = st.Int(1), e = st.Int(2);
    ASSERT_LE(e, doc.text.size());
    if (field == "trigger") {
      EXPECT_EQ(doc.text.substr(b, e - b), doc.Slice(doc.events[0].trigger.span));
      EXPECT_FALSE(st.Text(5).empty());
    }
    if (!st.IsNull(3) && field != "sentence") {
      // Raw bytes of a JSON line: the same words (no escapes in this record).
      EXPECT_EQ(doc.raw.substr(st.Int(3), st.Int(4) - st.Int(3)), doc.text.substr(b, e - b)) << field;
    }
  }
  st.Reset();
  EXPECT_TRUE(fields.count("trigger") && fields.count("source") && fields.count("place") &&
              fields.count("date") && fields.count("sentence"));
}

TEST(MinHash, CopyWithoutAParagraphIsNearDuplicateAndOtherStoriesAreNot) {
  std::string text = testing::Slurp(std::string(VIGIE_SAMPLES_DIR) + "/fr-mali-gao-frappes.txt");
  // Drop the third paragraph.
  size_t p = 0;
  for (int k = 0; k < 3; ++k) p = text.find("\n\n", p) + 2;
  size_t q = text.find("\n\n", p);
  std::string copy = text.substr(0, p) + text.substr(q + 2);
  auto a = fuse::Shingles(text), b = fuse::Shingles(copy);
  auto other = fuse::Shingles(testing::Slurp(std::string(VIGIE_SAMPLES_DIR) + "/fr-syrie-idleb-frappes.txt"));
  double j = fuse::Jaccard(a, b);
  EXPECT_GE(j, 0.5);
  EXPECT_LT(fuse::Jaccard(a, other), 0.05);
  auto sa = fuse::Signature(a), sb = fuse::Signature(b), so = fuse::Signature(other);
  EXPECT_NEAR(fuse::EstimatedJaccard(sa, sb), j, 0.15);
  auto pairs = fuse::LshCandidates({sa, sb, so});
  EXPECT_NE(std::find(pairs.begin(), pairs.end(), std::pair<uint32_t, uint32_t>{0, 1}), pairs.end());
  EXPECT_EQ(std::find(pairs.begin(), pairs.end(), std::pair<uint32_t, uint32_t>{0, 2}), pairs.end());
}

TEST(MinHash, AShortenedCopyIsContainedInItsOriginal) {
  std::string text = testing::Slurp(std::string(VIGIE_SAMPLES_DIR) + "/fr-syrie-idleb-frappes.txt");
  // The first paragraphs only, as a brief.
  size_t p = 0;
  for (int k = 0; k < 4; ++k) p = text.find("\n\n", p) + 2;
  const std::string brief = text.substr(0, p);
  auto a = fuse::Shingles(text), b = fuse::Shingles(brief);
  auto other = fuse::Shingles(testing::Slurp(std::string(VIGIE_SAMPLES_DIR) + "/fr-mali-gao-frappes.txt"));
  EXPECT_LT(fuse::Jaccard(a, b), 0.5);  // too short for the Jaccard rule
  EXPECT_GE(fuse::Containment(a, b), 0.95);
  EXPECT_LT(fuse::Containment(a, other), 0.05);
  auto pairs = fuse::LshCandidates({fuse::Signature(a), fuse::Signature(b)});
  EXPECT_EQ(pairs.size(), 1u);
}

TEST(MinHash, WordsIgnoreCaseAndTypographicPunctuation) {
  EXPECT_EQ(fuse::Shingles("L’aviation russe a mené des raids « hier » soir"),
            fuse::Shingles("l'AVIATION russe a mené des raids hier soir"));
  EXPECT_TRUE(fuse::Shingles("").empty());
}

TEST(Fuse, Distances) {
  // Palmyra to Homs: about 150 km.
  EXPECT_NEAR(HaversineKm(34.5624, 38.2840, 34.7268, 36.7234), 144, 10);
  EXPECT_EQ(fuse::DaysBetween("2016-12-11", "2016-12-08"), 3);
  EXPECT_EQ(fuse::DaysBetween("2016-02-28", "2016-03-01"), 2);
  EXPECT_EQ(fuse::DaysBetween("2016-12-11", ""), -1);
}

TEST(Fuse, SyndicatedVariantsMakeOneStoryAndFusedEvents) {
  TempDb db;
  auto docs = ReadAll({kSyndication});
  ASSERT_EQ(docs.size(), 3u);
  auto s = store::Store::Open(db.path());
  s->Begin();
  for (const auto& d : docs) Write(*s, d);
  fuse::Report r = fuse::Rebuild(*s, fuse::Options{});
  s->Commit();
  EXPECT_EQ(r.stories, 1u);
  EXPECT_EQ(r.copies, 1u);            // the two French copies
  EXPECT_EQ(r.same_event_links, 1u);  // the English version, by its events

  std::map<std::string, std::string> reason;
  auto& m = s->connection().Prepare(
      "SELECT a.doc_id, m.reason, m.similarity FROM story_members m JOIN articles a ON a.id = m.article_id");
  while (m.Step()) {
    reason[m.Text(0)] = m.Text(1);
    if (m.Text(1) == "near_duplicate") {
      EXPECT_GE(m.Double(2), 0.5);
    }
  }
  m.Reset();
  EXPECT_EQ(reason["gazette-du-parvis-palmyre"], "near_duplicate");
  EXPECT_EQ(reason["northern-herald-palmyra"], "same_events");

  // The air raids: one event from three articles and three sources, with
  // every contribution's evidence and every member's claims.
  auto& f = s->connection().Prepare(
      "SELECT r.record, f.mentions, f.articles, f.sources FROM fused_events f"
      " JOIN fused_records r ON r.id = f.id WHERE f.cameo = '195'");
  ASSERT_TRUE(f.Step());
  auto record = nlohmann::json::parse(f.Text(0));
  EXPECT_EQ(f.Int(1), 3);
  EXPECT_EQ(f.Int(2), 3);
  EXPECT_EQ(f.Int(3), 3);
  EXPECT_FALSE(f.Step());
  f.Reset();
  EXPECT_EQ(record["counts"]["articles"], 3);
  EXPECT_EQ(record["place"]["geonames_id"], 163808);
  ASSERT_EQ(record["contributions"].size(), 3u);
  size_t member_claims = 0;
  std::set<std::string> languages;
  for (const auto& c : record["contributions"]) {
    EXPECT_TRUE(c["evidence"].contains("trigger"));
    languages.insert(c["language"].get<std::string>());
  }
  for (const auto& d : docs)
    for (const auto& e : d.events)
      if (e.cameo == "195") member_claims += e.claims.size();
  EXPECT_EQ(record["claims"].size(), member_claims);
  for (const auto& c : record["claims"]) EXPECT_TRUE(c.contains("source") && c.contains("claimed_by"));
  EXPECT_EQ(languages, (std::set<std::string>{"fr", "en"}));

  // Rebuilding gives the same layer (ids are stable).
  auto before = s->Count();
  s->Begin();
  fuse::Rebuild(*s, fuse::Options{});
  s->Commit();
  EXPECT_EQ(s->Count().fused_events, before.fused_events);
}

// The whole fused layer as text: every row of every fused table, in order.
std::string DumpLayer(store::Connection& c) {
  std::string out;
  for (const char* sql : {
           "SELECT group_concat(r, ';') FROM (SELECT quote(id) || ',' || quote(story_id) || ',' || quote(day) AS r"
           " FROM articles ORDER BY id)",
           "SELECT group_concat(r, ';') FROM (SELECT event_id || ',' || quote(first_day) || ',' || quote(last_day)"
           " AS r FROM event_days ORDER BY event_id)",
           "SELECT group_concat(r, ';') FROM (SELECT quote(id) || ',' || article_count || ',' || quote(title) AS r"
           " FROM stories ORDER BY id)",
           "SELECT group_concat(r, ';') FROM (SELECT story_id || ',' || article_id || ',' || reason || ','"
           " || quote(similarity) || ',' || quote(via) AS r FROM story_members ORDER BY story_id, article_id)",
           "SELECT group_concat(r, ';') FROM (SELECT id || ',' || cameo || ',' || quote(earliest) || ','"
           " || quote(latest) || ',' || quote(story_id) || ',' || mentions || ',' || articles || ',' || sources"
           " || ',' || quote(plover) || ',' || quote(fatalities) AS r FROM fused_events ORDER BY id)",
           "SELECT group_concat(r, ';') FROM (SELECT id || ',' || summary || ',' || record AS r"
           " FROM fused_records ORDER BY id)",
           "SELECT group_concat(r, ';') FROM (SELECT fused_id || ',' || event_id AS r FROM fused_members"
           " ORDER BY fused_id, event_id)",
           "SELECT group_concat(r, ';') FROM (SELECT a || ',' || b || ',' || similarity AS r FROM copy_links"
           " ORDER BY a, b)",
           "SELECT group_concat(r, ';') FROM (SELECT key || '=' || value AS r FROM meta ORDER BY key)"}) {
    store::Statement& s = c.Prepare(sql);
    if (s.Step()) out += s.Text(0);
    s.Reset();
    out += "\n";
  }
  return out;
}

TEST(Fuse, ArticlesAddedOneByOneGiveTheRebuiltLayer) {
  // The French copies and the English version, each fused as it arrives
  // (cli/fuse_incremental_test.sh does it with 900 articles in batches).
  TempDb db;
  auto docs = ReadAll({kSyndication});
  ASSERT_EQ(docs.size(), 3u);
  auto s = store::Store::Open(db.path());
  for (size_t i = 0; i < docs.size(); ++i) {
    s->Begin();
    Write(*s, docs[i]);
    fuse::Report r = fuse::Update(*s, fuse::Options{});
    s->Commit();
    EXPECT_EQ(r.rebuilt, i == 0) << i;  // the first has no layer to continue
    EXPECT_EQ(r.articles, 1u);  // the one stored then
    EXPECT_FALSE(s->FusedLayerStale());
  }
  const std::string added = DumpLayer(s->connection());
  EXPECT_EQ(s->Count().stories, 1);
  s->Begin();
  fuse::Report r = fuse::Rebuild(*s, fuse::Options{});
  s->Commit();
  EXPECT_TRUE(r.rebuilt);
  EXPECT_EQ(DumpLayer(s->connection()), added);

  // Other options cannot continue the layer: Update rebuilds it.
  fuse::Options other;
  other.max_days = 5;
  EXPECT_FALSE(fuse::CanContinue(*s, other));
  EXPECT_TRUE(fuse::CanContinue(*s, fuse::Options{}));
}

TEST(Schema, VersionFourLayerIsRebuiltByTheFirstFusion) {
  // A layer from before schema 5 kept no days, copies or options: the
  // first fusion after the upgrade rebuilds it, and the next continue it.
  TempDb db;
  auto docs = ReadAll({kSyndication});
  {
    auto s = store::Store::Open(db.path());
    s->Begin();
    Write(*s, docs[0]);
    fuse::Rebuild(*s, fuse::Options{});
    s->Commit();
    s->connection().Exec("DELETE FROM meta WHERE key = 'fused_options'; DELETE FROM event_days");
  }
  auto s = store::Store::Open(db.path());
  EXPECT_FALSE(fuse::CanContinue(*s, fuse::Options{}));
  s->Begin();
  Write(*s, docs[1]);
  EXPECT_TRUE(fuse::Update(*s, fuse::Options{}).rebuilt);
  s->Commit();
  s->Begin();
  Write(*s, docs[2]);
  EXPECT_FALSE(fuse::Update(*s, fuse::Options{}).rebuilt);
  s->Commit();
  EXPECT_EQ(s->Count().stories, 1);
}

// The plans of the API's main queries read indexes: a query that falls
// back to reading the whole fused_events table shows here.
TEST(Query, TheMainApiQueriesReadIndexes) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  auto plan = [&](const store::EventFilter& f) { return store::ExplainEvents(c, f); };
  auto scans_table = [](const std::string& p) {
    return p.find("SCAN f\n") != std::string::npos;  // "SCAN f USING ... INDEX" reads an index
  };
  store::EventFilter newest;
  EXPECT_FALSE(scans_table(plan(newest))) << plan(newest);
  EXPECT_NE(plan(newest).find("fused_date_filters"), std::string::npos) << plan(newest);

  store::EventFilter box;
  box.has_bbox = true;
  box.min_lon = 30, box.min_lat = 10, box.max_lon = 50, box.max_lat = 40;
  EXPECT_FALSE(scans_table(plan(box))) << plan(box);
  EXPECT_NE(plan(box).find("SEARCH f USING COVERING INDEX fused_lat_lon"), std::string::npos) << plan(box);

  store::EventFilter ccy;  // code + country + year
  ccy.codes = {"195"};
  ccy.countries = {"SY"};
  ccy.from = "2023-01-01";
  ccy.to = "2023-12-31";
  EXPECT_FALSE(scans_table(plan(ccy))) << plan(ccy);
  EXPECT_NE(plan(ccy).find("SEARCH f USING COVERING INDEX fused_country_filters"), std::string::npos) << plan(ccy);
  // The year is a range of the index (from the longest span before it to
  // its end), not every event up to its end.
  EXPECT_NE(plan(ccy).find("(place_country=? AND earliest>? AND earliest<?)"), std::string::npos) << plan(ccy);

  store::EventFilter dates;
  dates.from = "2023-06-01";
  dates.to = "2023-06-30";
  EXPECT_NE(plan(dates).find("SEARCH f USING COVERING INDEX fused_date_filters"), std::string::npos) << plan(dates);

  // A box with many events: its page is read in date order from the
  // covering index, not sorted.
  Numbered(c, 1, 6000,
           " INSERT INTO fused_events(id, cameo, root, earliest, latest, lat, lon, actors, mentions, articles, sources)"
           " SELECT x, '190', '19', '2023-01-01', '2023-01-01', 20, 40, '', 1, 1, 1 FROM n");
  c.Exec("INSERT INTO fused_geo(id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat FROM fused_events");
  const std::string page = plan(box);
  EXPECT_NE(page.find("SCAN f USING COVERING INDEX fused_date_filters"), std::string::npos) << page;
  EXPECT_FALSE(scans_table(page)) << page;
}

// A box alone is counted through the R*Tree, exactly: points a hair inside
// or outside its edges (the R*Tree keeps 32-bit floats, rounded outwards)
// count as their exact coordinates say.
TEST(Query, ABoxIsCountedThroughTheRTreeExactly) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  Numbered(c, 0, 399,
           " INSERT INTO fused_events(id, cameo, root, earliest, latest, lat, lon, actors, mentions, articles, sources)"
           " SELECT x + 1, '190', '19', '2023-01-01', '2023-01-01',"
           " 10 + (x % 20 - 10) * 1e-8, 30 + (x / 20) * 1.0, '', 1, 1, 1 FROM n");
  c.Exec("INSERT INTO fused_geo(id, min_lon, max_lon, min_lat, max_lat) SELECT id, lon, lon, lat, lat FROM fused_events");
  store::EventFilter box;
  box.has_bbox = true;
  box.min_lat = 10, box.max_lat = 20, box.min_lon = 30, box.max_lon = 49;
  // Latitudes 10 - 1e-7 .. 10 + 0.9e-7: those from 10 on, 10 of every 20;
  // longitudes 30 .. 49, all of them.
  store::EventCount n = store::CountEvents(c, box);
  EXPECT_EQ(n.n, 200);
  EXPECT_TRUE(n.exact);
  store::EventCount capped = store::CountEvents(c, box, 150);
  EXPECT_EQ(capped.n, 150);
  EXPECT_FALSE(capped.exact);
  box.max_lon = 38.5;  // longitudes 30 .. 38
  EXPECT_EQ(store::CountEvents(c, box).n, 90);
  const std::string plan = store::ExplainEvents(c, box);
  EXPECT_NE(plan.find("SCAN g VIRTUAL TABLE", plan.find("count:")), std::string::npos) << plan;
  box.countries = {"SY"};  // with another filter, the filter columns' index
  EXPECT_EQ(store::CountEvents(c, box).n, 0);
}

// CAMEO prefixes match the same events whether they are written as ranges
// (a few) or read from one JSON list (many), and a few of them leave no
// subquery run for every row.
TEST(Query, CodePrefixesAsRangesOrAsAList) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  Numbered(c, 1, 400,
           " INSERT INTO fused_events(id, cameo, root, earliest, latest, actors, mentions, articles, sources)"
           " SELECT x, printf('%03d', 100 + x % 100), printf('%02d', 10 + (x % 100) / 10), '2023-01-01',"
           " '2023-01-01', '', 1, 1, 1 FROM n");
  store::EventFilter few;
  few.codes = {"19", "145"};
  EXPECT_EQ(store::CountEvents(c, few).n, 4 * 11);  // 190..199 and 145, four of each
  EXPECT_EQ(store::ExplainEvents(c, few).find("CORRELATED"), std::string::npos) << store::ExplainEvents(c, few);
  store::EventFilter many = few;
  for (const char* unused : {"01", "02", "03", "04", "05", "06", "07", "08"}) many.codes.push_back(unused);
  EXPECT_EQ(store::CountEvents(c, many).n, 4 * 11);
  store::EventFilter one;
  one.codes = {"1"};  // a one-digit prefix: every code that starts with 1 ('1' to '1:')
  EXPECT_EQ(store::CountEvents(c, one).n, 400);
}

// An actor is a substring of the actor lines, any case, codes included. A
// rare one is read through the trigrams of fused_actors, a common one in
// date order; both give the same events, and the trigrams follow the
// events as fusion deletes and rewrites them.
TEST(Query, ARareActorIsReadThroughItsTrigrams) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  Numbered(c, 1, 6000,
           " INSERT INTO fused_events(id, cameo, root, earliest, latest, actors, mentions, articles, sources)"
           " SELECT x, '190', '19', '2023-01-01', '2023-01-02', 'Syrian army' || char(10) || 'SYR' || char(10)"
           " || 'MIL' || char(10), 1, 1, 1 FROM n");
  c.Exec("INSERT INTO fused_events(id, cameo, root, earliest, latest, actors, mentions, articles, sources) VALUES"
         " (7001, '190', '19', '2023-02-01', '2023-02-01', 'Wagner Group' || char(10) || 'RUS' || char(10), 1, 1, 1),"
         " (7002, '190', '19', '2023-02-02', '2023-02-02', 'les mercenaires de WAGNER' || char(10), 1, 1, 1),"
         " (7003, '190', '19', '2023-02-03', '2023-02-03', 'Syrian army' || char(10) || 'Wagnerites' || char(10), 1, 1, 1)");
  c.Exec("INSERT INTO fused_records(id, summary, record) SELECT id, '{}', '{}' FROM fused_events");
  auto count = [&](const char* actor, int64_t cap = -1) {
    store::EventFilter f;
    f.actor = actor;
    return store::CountEvents(c, f, cap);
  };
  auto explain = [&](const char* actor) {
    store::EventFilter f;
    f.actor = actor;
    return store::ExplainEvents(c, f);
  };
  EXPECT_EQ(count("wagner").n, 3);
  EXPECT_NE(explain("wagner").find("fused_actors"), std::string::npos) << explain("wagner");
  EXPECT_EQ(count("rus").n, 1);  // the code
  EXPECT_EQ(count("wa").n, 3);   // two characters: no trigram, every event read
  EXPECT_EQ(count("syrian army").n, 6001);
  // The page in date order; the count (of this actor alone) through the
  // trigrams, each event checked.
  const std::string common = explain("syrian army");
  EXPECT_NE(common.find("VIRTUAL TABLE"), std::string::npos) << common;
  EXPECT_GT(common.find("VIRTUAL TABLE"), common.find("count:")) << common;
  EXPECT_LT(common.find("SCAN f USING COVERING INDEX fused_date_filters"), common.find("count:")) << common;
  store::EventCount capped = count("SYR", 100);
  EXPECT_EQ(capped.n, 100);
  EXPECT_FALSE(capped.exact);
  store::EventFilter page;
  page.actor = "Wagner";
  page.limit = 10;
  EXPECT_EQ(store::QueryEvents(c, page).size(), 3u);
  page.actor = "army";
  EXPECT_EQ(store::QueryEvents(c, page).size(), 10u);
  c.Exec("DELETE FROM fused_events WHERE id = 7001");
  c.Exec("UPDATE fused_events SET actors = 'Syrian army' || char(10) WHERE id = 7003");
  c.Exec("UPDATE fused_events SET actors = 'Wagner' || char(10) WHERE id = 1");
  EXPECT_EQ(count("wagner").n, 2);  // 7002 and 1
  EXPECT_EQ(count("rus").n, 0);
}

// A text few articles hold is read through its matches; one many hold is
// checked on each event in date order (the page stops after its events)
// and, alone, counted from its articles, each fused event once. Both
// plans give the same answers.
TEST(Query, ACommonTextIsCheckedOnEachEventInDateOrder) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  // 6,000 articles about shelling, one event each, the later ones newer;
  // every 500th also mentions a ceasefire; the last two are one fused
  // event (syndicated copies); an article without events mentions both.
  Numbered(c, 1, 6001,
           " INSERT INTO articles(id, doc_id, raw_hash, text, raw_size, ingested_at) SELECT x, 'a' || x, 'h' || x,"
           " CASE WHEN x = 6001 THEN 'No event: shelling, ceasefire.' WHEN x % 500 = 0"
           " THEN 'Shelling went on despite the ceasefire.' ELSE 'Heavy shelling overnight.' END, 30, '2025-01-01'"
           " FROM n");
  c.Exec("INSERT INTO events(id, article_id, ordinal, cameo, root, modality, background, record)"
         " SELECT id, id, 1, '190', '19', 'asserted', 0, '{}' FROM articles WHERE id <= 6000");
  c.Exec("INSERT INTO fused_events(id, cameo, root, earliest, latest, place_country, actors, mentions, articles,"
         " sources) SELECT id, '190', '19', date('2020-01-01', '+' || (id / 4) || ' days'), date('2020-01-01', '+'"
         " || (id / 4) || ' days'), CASE WHEN id % 2 = 0 THEN 'SY' ELSE 'ML' END, '', 1, 1, 1 FROM events"
         " WHERE id < 6000");
  c.Exec("INSERT INTO fused_members(fused_id, event_id) SELECT id, id FROM events WHERE id < 6000");
  c.Exec("INSERT INTO fused_members(fused_id, event_id) VALUES (5999, 6000)");
  c.Exec("INSERT INTO fused_records(id, summary, record) SELECT id, CAST(id AS TEXT), '{}' FROM fused_events");
  auto filter = [](const char* words, const char* country = nullptr) {
    store::EventFilter f;
    f.text = words;
    if (country) f.countries = {country};
    return f;
  };
  auto ids = [&](store::EventFilter f, int limit, int offset = 0) {
    f.limit = limit;
    f.offset = offset;
    std::string out;
    for (const auto& e : store::QueryEvents(c, f)) out += e.json + " ";
    return out;
  };
  const store::EventFilter rare = filter("\"ceasefire\""), common = filter("\"shelling\"");
  EXPECT_EQ(store::CountEvents(c, rare).n, 12);  // 500, 1000, ..., 5500, and 5999 for 6000
  EXPECT_EQ(ids(rare, 3), "5999 5500 5000 ");
  EXPECT_EQ(store::ExplainEvents(c, rare).find("CORRELATED"), std::string::npos) << store::ExplainEvents(c, rare);
  const std::string plan = store::ExplainEvents(c, common);
  EXPECT_LT(plan.find("SCAN f USING COVERING INDEX fused_date_filters"), plan.find("count:")) << plan;
  EXPECT_LT(plan.find("CORRELATED"), plan.find("count:")) << plan;
  EXPECT_GT(plan.find("SCAN a VIRTUAL TABLE INDEX 0:M"), plan.find("count:")) << plan;  // from the articles
  EXPECT_EQ(store::CountEvents(c, common).n, 5999);  // the copies once
  store::EventCount capped = store::CountEvents(c, common, 100);
  EXPECT_EQ(capped.n, 100);
  EXPECT_FALSE(capped.exact);
  EXPECT_EQ(ids(common, 4), "5999 5998 5997 5996 ");
  EXPECT_EQ(ids(common, 2, 3000), "2999 2998 ");
  // With another condition, both plans: the count reads the events.
  EXPECT_EQ(store::CountEvents(c, filter("\"shelling\"", "ML")).n, 3000);
  EXPECT_EQ(store::CountEvents(c, filter("\"ceasefire\"", "ML")).n, 1);  // 5999
  EXPECT_EQ(ids(filter("\"shelling\" \"ceasefire\"", "SY"), 3), "5500 5000 4500 ");
}

// A count with a cap stops reading at the cap and says it is not exact;
// under the cap, or without one, it is every match.
TEST(Query, CountStopsAtItsCapAndSaysSo) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  Numbered(c, 1, 500,
           " INSERT INTO fused_events(id, cameo, root, earliest, latest, place_country, actors, mentions, articles,"
           " sources) SELECT x, CASE WHEN x % 5 = 0 THEN '195' ELSE '190' END, '19', '2023-01-01', '2023-01-02',"
           " 'SY', '', 1, 1, 1 FROM n");
  store::EventFilter all;
  store::EventCount n = store::CountEvents(c, all);
  EXPECT_EQ(n.n, 500);
  EXPECT_TRUE(n.exact);
  n = store::CountEvents(c, all, 120);
  EXPECT_EQ(n.n, 120);
  EXPECT_FALSE(n.exact);
  n = store::CountEvents(c, all, 500);  // exactly at the cap: all of them
  EXPECT_EQ(n.n, 500);
  EXPECT_TRUE(n.exact);
  store::EventFilter raids;
  raids.codes = {"195"};
  raids.countries = {"SY"};
  n = store::CountEvents(c, raids, 120);
  EXPECT_EQ(n.n, 100);
  EXPECT_TRUE(n.exact);
}

// An event that began long before `from` and ends after it overlaps the
// range: the bound on its beginning comes from the longest span there is.
TEST(Query, ADateRangeFindsEventsThatBeganLongBefore) {
  TempDb db;
  auto s = store::Store::Open(db.path());
  auto& c = s->connection();
  store::EventFilter june;
  june.from = "2023-06-01";
  june.to = "2023-06-30";
  EXPECT_EQ(store::CountEvents(c, june).n, 0);  // no events: no span, no error
  c.Exec("INSERT INTO fused_events(id, cameo, root, earliest, latest, actors, mentions, articles, sources) VALUES"
         " (1, '190', '19', '2023-06-10', '2023-06-10', '', 1, 1, 1),"   // inside
         " (2, '190', '19', '2021-03-01', '2023-06-02', '', 1, 1, 1),"   // a siege of two years, ending in June
         " (3, '190', '19', '2021-03-01', '2023-05-31', '', 1, 1, 1),"   // ended the day before
         " (4, '190', '19', '2023-05-20', '2023-06-01', '', 1, 1, 1),"   // ends on the first day
         " (5, '190', '19', '2023-07-01', '2023-07-01', '', 1, 1, 1),"   // after
         " (6, '190', '19', NULL, NULL, '', 1, 1, 1)");                   // undated
  EXPECT_EQ(store::CountEvents(c, june).n, 3);
  store::EventFilter from_only;
  from_only.from = "2023-06-02";
  EXPECT_EQ(store::CountEvents(c, from_only).n, 3);  // 1, 2 and 5
  int64_t in_timeline = 0;
  for (const auto& d : store::Timeline(c, june).dates) in_timeline += d.count;
  EXPECT_EQ(in_timeline, 3);
}

TEST(Fuse, CopiesTooFarApartInTimeStayApart) {
  TempDb db;
  auto docs = ReadAll({kSyndication + "/fr-palmyre-courrier-du-soir.jsonl",
                       kSyndication + "/fr-palmyre-gazette-breve.jsonl"});
  docs[1].published = "2017-01-20";
  docs[1].raw += " ";  // another article for the store
  auto s = store::Store::Open(db.path());
  s->Begin();
  for (const auto& d : docs) Write(*s, d);
  fuse::Report r = fuse::Rebuild(*s, fuse::Options{});
  s->Commit();
  EXPECT_EQ(r.copies, 0u);
  EXPECT_EQ(r.stories, 2u);
}

}  // namespace
}  // namespace vigie

namespace vigie {
namespace {

// The progress line's total: the bytes of the article files, unknown (0) as
// soon as one is gzip-compressed (its size is not that of what it holds).
TEST(Progress, TotalBytesIsUnknownForCompressedInput) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("vigie-progress-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.txt", std::ios::binary) << std::string(1000, 'a');
  std::ofstream(dir / "README.md", std::ios::binary) << std::string(500, 'r');  // not read, not counted
  EXPECT_EQ(cli::TotalBytes({dir.string()}), 1000u);
  std::ofstream(dir / "b.warc.gz", std::ios::binary) << std::string("\x1f\x8b\x08\x00", 4) << std::string(50, 'z');
  EXPECT_EQ(cli::TotalBytes({dir.string()}), 0u);
  EXPECT_EQ(cli::TotalBytes({(dir / "a.txt").string()}), 1000u);
  EXPECT_EQ(cli::TotalBytes({"-"}), 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace vigie
