// Writing articles and reading fusion input; see store.h.
//
// Each article is written with prepared statements only: the article row
// (its FTS5 entry follows by trigger), its actor mentions and places, then
// each event, its claims and one evidence row per field. Spans are stored
// twice: in the clean text (what the explain view highlights) and in the
// raw input (doc.ToRaw). The fused layer's freshness is two counters in
// `meta` (see store.h): writing an article bumps one, storing a fusion sets
// the other, each in the transaction of the rows it describes.
#include "store/store.h"

#include <xxhash.h>

#include "store/postgres.h"
#include "store/schema.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstring>

namespace vigie::store {

namespace {

std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Binds begin, end, raw_begin, raw_end, rule at `first`..first+4.
void BindSpan(Statement& s, int first, const Document& doc, const Evidence& e) {
  s.Bind(first, e.span.begin).Bind(first + 1, e.span.end);
  if (e.span.empty()) {
    s.BindNull(first + 2).BindNull(first + 3);
  } else {
    Span raw = doc.ToRaw(e.span);
    s.Bind(first + 2, raw.begin).Bind(first + 3, raw.end);
  }
  s.Bind(first + 4, e.rule);
}

}  // namespace

std::string RawHash(std::string_view raw) {
  XXH128_hash_t h = XXH3_128bits(raw.data(), raw.size());
  char buf[33];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(h.high64),
                static_cast<unsigned long long>(h.low64));
  return buf;
}

std::unique_ptr<Store> Store::Open(const std::string& spec, bool read_only, int busy_timeout_ms) {
  if (IsPostgresUrl(spec)) {
    std::unique_ptr<Connection> pg = PgConnection::Open(spec);
    if (read_only) {
      pg->Exec("SET default_transaction_read_only = on");  // a reader's session writes nothing
      const int v = SchemaVersion(*pg);
      if (v != LatestSchemaVersion())
        throw StoreError("the database is at schema version " + std::to_string(v) + ", this vigie reads " +
                         std::to_string(LatestSchemaVersion()));
    } else {
      Migrate(*pg);
    }
    return std::unique_ptr<Store>(new Store(std::move(pg)));
  }
  const std::string path = spec.substr(0, 7) == "sqlite:" ? spec.substr(7) : spec;
  auto db = Connection::Open(path, read_only, busy_timeout_ms);
  if (read_only) {
    int v = SchemaVersion(*db);
    if (v != LatestSchemaVersion())
      throw StoreError(path + " is at schema version " + std::to_string(v) + ", this vigie reads " +
                       std::to_string(LatestSchemaVersion()) + (v == 0                          ? " (not a vigie database?)"
                        : v < LatestSchemaVersion() ? "; `vigie fuse --db " + path + "` upgrades it"
                                                    : ""));
  } else {
    Migrate(*db);
  }
  return std::unique_ptr<Store>(new Store(std::move(db)));
}

void Store::Begin() {
  db_->Begin();
  in_transaction_ = true;
}

// The session advisory lock that serializes fusion on PostgreSQL
// ("vigiefus"). Taken before the transaction, so that its snapshot
// (REPEATABLE READ: every statement of the fusion reads the same articles
// and the same generation) includes what the previous fusion committed.
constexpr const char* kFusionLock = "SELECT pg_advisory_lock(7622154012289070451)";
constexpr const char* kFusionUnlock = "SELECT pg_advisory_unlock(7622154012289070451)";

void Store::BeginFusion() {
  if (db_->dialect() != Dialect::kPostgres) return Begin();
  db_->Exec(kFusionLock);
  fusion_locked_ = true;
  db_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
  in_transaction_ = true;
}

void Store::CommitFusion() {
  Commit();
  if (fusion_locked_) {
    fusion_locked_ = false;
    db_->Exec(kFusionUnlock);
  }
}
void Store::Commit() {
  db_->Exec("COMMIT");
  in_transaction_ = false;
}
Status Store::Rollback() noexcept {
  const bool open = in_transaction_ && !db_->AutoCommit();
  in_transaction_ = false;
  Status status = open ? db_->TryExec("ROLLBACK") : Status::Ok();
  if (fusion_locked_) {
    fusion_locked_ = false;
    (void)db_->TryExec(kFusionUnlock);  // a lost connection released it already
  }
  return status;
}

Store::WriteResult Store::Write(const Document& doc, std::span<const std::string> records,
                                std::span<const uint32_t> minhash) {
  if (!doc.status.ok()) return WriteResult::kNotStored;
  const std::string hash = RawHash(doc.raw);
  {
    Statement& s = db_->Prepare("SELECT id FROM articles WHERE raw_hash = ?");
    s.Bind(1, hash);
    bool found = s.Step();
    s.Reset();
    if (found) return WriteResult::kAlreadyStored;
  }
  // Idempotent on the hash even against another writer that stored the
  // same article since the check above (PostgreSQL waits for its commit).
  Statement& a = db_->Prepare(
      "INSERT INTO articles(doc_id, raw_hash, url, path, published, language, title, outlet, agency,"
      " byline, text, raw_size, minhash, ingested_at, published_rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
      " ON CONFLICT (raw_hash) DO NOTHING RETURNING id");
  a.Bind(1, doc.id).Bind(2, hash).BindTextOrNull(3, doc.url).BindTextOrNull(4, doc.path);
  a.BindTextOrNull(5, doc.published).BindTextOrNull(6, doc.language);
  a.BindTextOrNull(7, doc.title.value).BindTextOrNull(8, doc.outlet.value);
  a.BindTextOrNull(9, doc.agency.value).BindTextOrNull(10, doc.byline.value);
  a.Bind(11, doc.text).Bind(12, static_cast<int64_t>(doc.raw.size()));
  if (minhash.empty())
    a.BindNull(13);
  else
    a.BindBlob(13, std::string_view(reinterpret_cast<const char*>(minhash.data()),
                                    minhash.size() * sizeof(uint32_t)));
  a.Bind(14, Now());
  a.BindTextOrNull(15, doc.published.empty() ? std::string() : doc.published_evidence.rule);
  if (!a.Step()) {
    a.Reset();
    return WriteResult::kAlreadyStored;
  }
  const int64_t article_id = a.Int(0);
  a.Reset();
  // In the article's transaction: the fused layer no longer covers it.
  db_->Prepare("UPDATE meta SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = 'articles_generation'")
      .Run();

  Statement& m = db_->Prepare(
      "INSERT INTO actors(article_id, text, kind, code, country, sector, begin, \"end\", raw_begin,"
      " raw_end, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  for (const Mention& mention : doc.mentions) {
    m.Bind(1, article_id).Bind(2, doc.Slice(mention.span)).Bind(3, MentionKindName(mention.kind));
    m.BindTextOrNull(4, mention.id).BindTextOrNull(5, mention.country).BindTextOrNull(6, mention.sector);
    BindSpan(m, 7, doc, {mention.span, mention.evidence.rule});
    m.Run();
  }

  std::vector<int64_t> place_ids;
  Statement& p = db_->Prepare(
      "INSERT INTO places(article_id, text, geonames_id, code, name, admin1, country, lat, lon,"
      " precision, begin, \"end\", raw_begin, raw_end, rule, admin1_code)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  for (const Place& place : doc.places) {
    p.Bind(1, article_id).Bind(2, doc.Slice(place.span));
    if (place.geonames_id) p.Bind(3, place.geonames_id); else p.BindNull(3);
    p.BindTextOrNull(4, place.code).Bind(5, place.name).BindTextOrNull(6, place.admin1);
    p.BindTextOrNull(7, place.country).Bind(8, place.lat).Bind(9, place.lon);
    p.Bind(10, PlacePrecisionName(place.precision));
    BindSpan(p, 11, doc, {place.span, place.evidence.rule});
    p.BindTextOrNull(16, place.admin1_code);
    if (!p.Step()) throw StoreError("a place row was not written");
    place_ids.push_back(p.Int(0));
    p.Reset();
  }

  Statement& e = db_->Prepare(
      "INSERT INTO events(article_id, ordinal, cameo, root, plover, acled_type, acled_subtype,"
      " quad_class, goldstein, source_name, source_country, source_sector, source_group,"
      " target_name, target_country, target_sector, target_group, place_id, earliest, latest,"
      " modality, claimed_by, background, confidence, sentence_begin, sentence_end, record, in_lead)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
      " ON CONFLICT (article_id, ordinal) DO NOTHING RETURNING id");
  Statement& c = db_->Prepare(
      "INSERT INTO claims(event_id, quantity, value, qualifier, claimed_by, begin, \"end\", raw_begin,"
      " raw_end, rule) VALUES (?,?,?,?,?,?,?,?,?,?)");
  Statement& ev = db_->Prepare(
      "INSERT INTO evidence(event_id, field, begin, \"end\", raw_begin, raw_end, rule)"
      " VALUES (?,?,?,?,?,?,?)");
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& x = doc.events[i];
    e.Bind(1, article_id).Bind(2, static_cast<int64_t>(i + 1)).Bind(3, x.cameo);
    e.Bind(4, x.cameo.substr(0, 2)).BindTextOrNull(5, x.plover);
    e.BindTextOrNull(6, x.acled_type).BindTextOrNull(7, x.acled_subtype);
    if (x.quad_class) e.Bind(8, x.quad_class).Bind(9, x.goldstein); else e.BindNull(8).BindNull(9);
    int col = 10;
    for (const EventActor* actor : {&x.source, &x.target}) {
      if (actor->empty()) {
        for (int k = 0; k < 4; ++k) e.BindNull(col++);
      } else {
        e.Bind(col++, actor->text);
        e.BindTextOrNull(col++, actor->country);
        e.BindTextOrNull(col++, actor->sector);
        e.BindTextOrNull(col++, actor->group);
      }
    }
    if (x.place >= 0 && static_cast<size_t>(x.place) < place_ids.size())
      e.Bind(18, place_ids[x.place]);
    else
      e.BindNull(18);
    e.BindTextOrNull(19, x.earliest).BindTextOrNull(20, x.latest);
    e.Bind(21, ModalityName(x.modality)).BindTextOrNull(22, x.claimed_by);
    e.Bind(23, x.background ? 1 : 0).Bind(24, x.confidence);
    if (x.sentence < doc.sentences.size()) {
      e.Bind(25, doc.sentences[x.sentence].span.begin).Bind(26, doc.sentences[x.sentence].span.end);
    } else {
      e.BindNull(25).BindNull(26);
    }
    e.Bind(27, i < records.size() ? std::string_view(records[i]) : std::string_view("{}"));
    e.Bind(28, InLeadParagraph(doc, x) ? 1 : 0);
    if (!e.Step()) {  // stored already (the event key): its claims and evidence too
      e.Reset();
      continue;
    }
    const int64_t event_id = e.Int(0);
    e.Reset();

    for (const Claim& claim : x.claims) {
      c.Bind(1, event_id).Bind(2, claim.quantity);
      if (claim.has_value) c.Bind(3, claim.value); else c.BindNull(3);
      c.Bind(4, QualifierName(claim.qualifier)).BindTextOrNull(5, claim.claimed_by);
      BindSpan(c, 6, doc, claim.evidence);
      c.Run();
    }
    auto add = [&](std::string_view field, const Evidence& evidence) {
      ev.Bind(1, event_id).Bind(2, field);
      BindSpan(ev, 3, doc, evidence);
      ev.Run();
    };
    add("trigger", x.trigger);
    if (!x.source.empty()) add("source", x.source.evidence);
    if (!x.target.empty()) add("target", x.target.evidence);
    if (x.place >= 0) add("place", x.place_evidence);
    add("date", x.date_evidence);
    if (!x.claimed_by.empty()) add("claimed_by", x.speaker_evidence);
    for (const Claim& claim : x.claims) add("claim", claim.evidence);
    if (x.sentence < doc.sentences.size())
      add("sentence", {doc.sentences[x.sentence].span, "the sentence of the trigger"});
  }
  return WriteResult::kAdded;
}

namespace {
int64_t MetaInt(Connection& db, const char* key) {
  Statement& s = db.Prepare("SELECT CAST(value AS BIGINT) FROM meta WHERE key = ?");
  s.Bind(1, std::string_view(key));
  int64_t v = s.Step() ? s.Int(0) : -1;
  s.Reset();
  return v;
}
}  // namespace

int64_t Store::ArticlesGeneration() { return MetaInt(*db_, "articles_generation"); }
int64_t Store::FusedGeneration() { return MetaInt(*db_, "fused_generation"); }

// FTS5 writes a segment of the text index at each commit (and each
// megabyte within one) and merges them by fours: 11 after 500,000 articles.
// A common text is checked on each event of a page, one seek in every
// segment: q=killed at a million events served 150 requests/s with 11, 537
// with one. Merging them all rewrites the index (2 to 4 s at 500,000
// short articles), so it is done once the articles have grown by a tenth since
// the last time: an article's entries are rewritten ten times at most over
// the database's life, whatever its size.
bool Store::OptimizeTextIndexIfGrown() {
  if (db_->dialect() != Dialect::kSqlite) return false;
  Statement& count = db_->Prepare("SELECT count(*) FROM articles");
  const int64_t articles = count.Step() ? count.Int(0) : 0;
  count.Reset();
  const int64_t last = MetaInt(*db_, "text_index_articles");
  if (articles == 0 || (last > 0 && articles * 10 < last * 11)) return false;
  Transaction t(*db_);
  db_->Exec("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')");
  db_->Prepare("INSERT INTO meta(key, value) VALUES ('text_index_articles', ?)"
               " ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .Bind(1, std::to_string(articles))
      .Run();
  t.Commit();
  return true;
}

Store::Counts Store::Count() {
  Counts c;
  auto one = [&](const char* sql) {
    Statement& s = db_->Prepare(sql);
    int64_t n = s.Step() ? s.Int(0) : 0;
    s.Reset();
    return n;
  };
  c.articles = one("SELECT count(*) FROM articles");
  c.events = one("SELECT count(*) FROM events");
  c.stories = one("SELECT count(*) FROM stories");
  c.fused_events = one("SELECT count(*) FROM fused_events");
  return c;
}

}  // namespace vigie::store
