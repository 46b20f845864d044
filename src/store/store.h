// The store of articles, events and the fused layer: SQLite (one file) or
// PostgreSQL (shared by many workers), the same schema and statements.
//
//   auto store = Store::Open("vigie.db");     // creates or migrates
//   auto shared = Store::Open("postgresql://127.0.0.1:5432/vigie");
//   store->Begin();
//   store->Write(doc, records, minhash);      // skipped if already stored
//   store->Commit();
//   if (store->FusedLayerStale()) ...         // fuse::Rebuild in one transaction
//
// An article is identified by the XXH3-128 hash of its raw bytes: writing
// the same article again changes nothing (and commits nothing). Failures of
// the database itself throw StoreError, with a numbered 6xx Status: they end
// the command, and the batches committed before are kept.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "doc/document.h"
#include "store/rows.h"
#include "store/sqlite.h"

namespace vigie::store {

// Hex XXH3-128 of the raw bytes.
std::string RawHash(std::string_view raw);

class Store {
 public:
  // Opens or creates the database and brings its schema up to date. A
  // read-only store refuses an out-of-date schema instead of migrating it.
  // `spec` is a file path, `sqlite:FILE`, or a `postgresql://` URL.
  static std::unique_ptr<Store> Open(const std::string& spec, bool read_only = false,
                                     int busy_timeout_ms = Connection::kDefaultBusyTimeoutMs);

  // Batches writes in one transaction (BEGIN IMMEDIATE .. COMMIT). Begin
  // and Commit throw StoreError (E601 disk full, E602 read-only, E603
  // locked after the busy timeout, ...).
  void Begin();
  void Commit();
  // Never throws, so it is safe in the handler of the error that ended the
  // batch: a transaction SQLite already ended (it does after SQLITE_FULL or
  // an I/O error) is not rolled back twice, and a failing ROLLBACK is
  // returned, not thrown (closing the connection then discards the batch).
  Status Rollback() noexcept;
  // The transaction of a fusion (fuse::Update or fuse::Rebuild). On
  // SQLite, Begin (BEGIN IMMEDIATE already makes it the one writer). On
  // PostgreSQL, several workers write articles at once and each fuses
  // after its batch: a session advisory lock makes fusions run one at a
  // time (each continues the layer the previous one committed, as one
  // ingest would), and REPEATABLE READ gives the whole fusion one
  // snapshot, so the articles it fuses and the generation it records
  // agree; articles committed meanwhile stay unfused for the next one.
  // Article writes are not blocked by it. Rollback releases the lock.
  void BeginFusion();
  void CommitFusion();

  enum class WriteResult { kAdded, kAlreadyStored, kNotStored };
  // Stores one processed article: its text and metadata, actor mentions,
  // places, events with their claims and the evidence of every field.
  // `records[i]` is the JSON record of doc.events[i] (as `vigie code`
  // prints it); `minhash` the fusion signature of its text. A document
  // with an error is not stored (kNotStored).
  WriteResult Write(const Document& doc, std::span<const std::string> records,
                    std::span<const uint32_t> minhash);

  // Fusion input: every article and every article event.
  std::vector<ArticleRow> LoadArticles();
  std::vector<EventRow> LoadEvents();
  std::string ArticleText(int64_t article_id);
  // Replaces the fused layer (stories, fused events, their index) at once,
  // and records it as computed from articles generation layer.generation
  // with layer.options.
  void ReplaceFusedLayer(const FusedLayer& layer);

  // Incremental fusion (fuse/update.cc) reads only what new articles can
  // touch; lists of ids are bound as one JSON array. The options text the
  // stored layer was computed with ("" when none or unknown).
  std::string FusedOptions();
  // Articles no fusion has placed yet (no story), with their signatures.
  std::vector<ArticleRow> UnfusedArticles();
  // Placed articles published on days [first, last], or without a day,
  // with their signatures.
  std::vector<ArticleRow> ArticlesOnDays(int first, int last, bool undated_too);
  // Articles by id, without signatures.
  std::vector<ArticleRow> ArticlesById(std::span<const int64_t> ids);
  // Every article of the stories these articles belong to.
  std::vector<int64_t> StoryMates(std::span<const int64_t> article_ids);
  // Article events without their records: of these articles; of one root
  // from (first_day, id) on, in that order, at most `limit`; of one root
  // without days. The days of a root's events open on `day` (first_day <=
  // day <= last_day). The last three read placed events only.
  std::vector<EventRow> EventsOfArticles(std::span<const int64_t> article_ids);
  std::vector<EventDays> EventsOpenOn(const std::string& root, int day);
  std::vector<EventRow> EventsFrom(const std::string& root, int first_day, int64_t id, int limit);
  std::vector<EventRow> UndatedEvents(const std::string& root);
  // The record JSON of these events (in `ids` order).
  std::vector<std::string> EventRecords(std::span<const int64_t> ids);
  // Who is fused with whom: the members of the fused events that take an
  // event of these articles (the members from these articles only), and
  // the fused event of each of these events.
  std::vector<Membership> MembershipOfArticles(std::span<const int64_t> article_ids);
  std::vector<std::pair<int64_t, int64_t>> FusedIdsOfEvents(std::span<const int64_t> event_ids);
  // The members of these fused events (fused id, event without record).
  std::vector<std::pair<int64_t, EventRow>> EventsOfFused(std::span<const int64_t> fused_ids);
  std::vector<CopyLink> CopyLinksOf(std::span<const int64_t> article_ids);
  std::vector<std::pair<int64_t, int>> EventCounts(std::span<const int64_t> article_ids);
  // Writes an incremental fusion, and records the layer as computed from
  // update.generation.
  void ApplyFusedUpdate(const FusedUpdate& update);

  // The fused layer is derived state. `articles_generation` counts every
  // article ever written; Write bumps it in the article's own transaction.
  // ReplaceFusedLayer records, in the fusion's transaction, the generation
  // it was computed from. They differ while the fused layer is stale or
  // missing: after an ingest that added articles and until a fusion of
  // them commits, whatever stopped it (a kill, a full disk, a lock).
  int64_t ArticlesGeneration();
  int64_t FusedGeneration();
  bool FusedLayerStale() { return FusedGeneration() != ArticlesGeneration(); }

  // After an ingest (SQLite): the text index merged into one segment when
  // the articles grew by a tenth or more since it last was. Returns
  // whether it was.
  bool OptimizeTextIndexIfGrown();

  struct Counts {
    int64_t articles = 0, events = 0, stories = 0, fused_events = 0;
  };
  Counts Count();

  Connection& connection() { return *db_; }

 private:
  explicit Store(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
  std::unique_ptr<Connection> db_;
  bool in_transaction_ = false;
  bool fusion_locked_ = false;
};

}  // namespace vigie::store
