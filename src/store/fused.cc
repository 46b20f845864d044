// Reading fusion's input and writing the fused layer; see store.h.
//
// A full rebuild reads every article and event and replaces the layer; an
// incremental fusion reads through indexes only what new articles can
// touch (articles by day, events by root and days, fused members by event)
// and writes its changes at once: removed fused events and stories go
// first, then their new versions. Lists of ids are bound as one JSON array
// read by json_each, so statements never depend on how many there are.
// Besides the layer, fusion keeps what lets the next one continue it
// (schema 5): each article's day, each event's days, the confirmed copies,
// and the options text in `meta`.
#include <cstring>

#include "store/schema.h"
#include "store/store.h"

namespace vigie::store {

namespace {

// The ids of a JSON array bound at `param` ("?" or "?N"), as a subquery.
std::string Ids(Connection& db, const char* param = "?") {
  if (db.dialect() == Dialect::kPostgres)
    return std::string("(SELECT value::bigint FROM json_array_elements_text(CAST(") + param + " AS json)))";
  return std::string("(SELECT value FROM json_each(") + param + "))";
}

std::string IdList(std::span<const int64_t> ids) {
  std::string out = "[";
  for (int64_t id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "]";
}

// Columns of an article row, with the signature when `with_minhash`.
constexpr const char* kArticleColumns =
    "id, doc_id, published, language, outlet, agency, title, url, path, coalesce(story_id, 0), minhash";

ArticleRow ReadArticle(Statement& s) {
  ArticleRow a;
  a.id = s.Int(0);
  a.doc_id = s.Text(1);
  a.published = s.Text(2);
  a.language = s.Text(3);
  a.outlet = s.Text(4);
  a.agency = s.Text(5);
  a.title = s.Text(6);
  a.url = s.Text(7);
  a.path = s.Text(8);
  a.story_id = s.Int(9);
  std::string_view blob = s.TextView(10);
  a.minhash.resize(blob.size() / sizeof(uint32_t));
  if (!a.minhash.empty()) std::memcpy(a.minhash.data(), blob.data(), a.minhash.size() * sizeof(uint32_t));
  return a;
}

std::vector<ArticleRow> ReadArticles(Statement& s) {
  std::vector<ArticleRow> out;
  while (s.Step()) out.push_back(ReadArticle(s));
  s.Reset();
  return out;
}

// Columns of an event row joined with its place; the record when asked.
constexpr const char* kEventColumns =
    "e.id, e.article_id, e.ordinal, e.cameo, e.root,"
    " e.source_name, e.source_country, e.source_sector, e.source_group,"
    " e.target_name, e.target_country, e.target_sector, e.target_group,"
    " p.id, p.geonames_id, p.code, p.name, p.country, p.lat, p.lon, p.precision,"
    " e.earliest, e.latest, d.first_day, d.last_day";

EventRow ReadEvent(Statement& s) {
  EventRow r;
  r.id = s.Int(0);
  r.article_id = s.Int(1);
  r.ordinal = static_cast<int>(s.Int(2));
  r.cameo = s.Text(3);
  r.root = s.Text(4);
  r.source = {s.Text(5), s.Text(6), s.Text(7), s.Text(8)};
  r.target = {s.Text(9), s.Text(10), s.Text(11), s.Text(12)};
  r.has_place = !s.IsNull(13);
  r.geonames_id = s.Int(14);
  r.place_code = s.Text(15);
  r.place_name = s.Text(16);
  r.place_country = s.Text(17);
  r.lat = s.Double(18);
  r.lon = s.Double(19);
  r.precision = s.Text(20);
  r.earliest = s.Text(21);
  r.latest = s.Text(22);
  r.first_day = s.IsNull(23) ? kNoDay : static_cast<int>(s.Int(23));
  r.last_day = s.IsNull(24) ? kNoDay : static_cast<int>(s.Int(24));
  return r;
}

std::vector<EventRow> ReadEvents(Statement& s) {
  std::vector<EventRow> out;
  while (s.Step()) out.push_back(ReadEvent(s));
  s.Reset();
  return out;
}

void BindDay(Statement& s, int i, int day) {
  if (day == kNoDay) s.BindNull(i); else s.Bind(i, day);
}

}  // namespace

std::vector<ArticleRow> Store::LoadArticles() {
  return ReadArticles(db_->Prepare(std::string("SELECT ") + kArticleColumns + " FROM articles ORDER BY id"));
}

std::vector<EventRow> Store::LoadEvents() {
  std::vector<EventRow> out;
  Statement& s = db_->Prepare(std::string("SELECT ") + kEventColumns +
                              ", e.record FROM events e LEFT JOIN places p ON p.id = e.place_id"
                              " LEFT JOIN event_days d ON d.event_id = e.id ORDER BY e.id");
  while (s.Step()) {
    out.push_back(ReadEvent(s));
    out.back().record = s.Text(25);
  }
  s.Reset();
  return out;
}

std::string Store::ArticleText(int64_t article_id) {
  Statement& s = db_->Prepare("SELECT text FROM articles WHERE id = ?");
  s.Bind(1, article_id);
  std::string text = s.Step() ? s.Text(0) : std::string();
  s.Reset();
  return text;
}

namespace {

void InsertStories(Connection& db, std::span<const StoryRow> stories) {
  Statement& st = db.Prepare("INSERT INTO stories(id, article_count, title) VALUES (?,?,?)");
  Statement& sm = db.Prepare(
      "INSERT INTO story_members(story_id, article_id, reason, similarity, via) VALUES (?,?,?,?,?)");
  Statement& as = db.Prepare("UPDATE articles SET story_id = ? WHERE id = ?");
  for (const StoryRow& story : stories) {
    st.Bind(1, story.id).Bind(2, static_cast<int64_t>(story.members.size()));
    st.BindTextOrNull(3, story.title).Run();
    for (const StoryMember& m : story.members) {
      sm.Bind(1, story.id).Bind(2, m.article_id).Bind(3, m.reason);
      if (m.similarity >= 0) sm.Bind(4, m.similarity); else sm.BindNull(4);
      if (m.via) sm.Bind(5, m.via); else sm.BindNull(5);
      sm.Run();
      as.Bind(1, story.id).Bind(2, m.article_id).Run();
    }
  }
}

void InsertFusedEvents(Connection& db, std::span<const FusedEventRow> events) {
  Statement& fe = db.Prepare(
      "INSERT INTO fused_events(id, cameo, root, earliest, latest, place_name, place_country, lat,"
      " lon, precision, source_country, target_country, source_group, target_group, actors,"
      " story_id, mentions, articles, sources)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Statement& fr = db.Prepare("INSERT INTO fused_records(id, summary, record) VALUES (?,?,?)");
  Statement& fm = db.Prepare("INSERT INTO fused_members(fused_id, event_id) VALUES (?,?)");
  Statement& geo = db.Prepare(
      "INSERT INTO fused_geo(id, min_lon, max_lon, min_lat, max_lat) VALUES (?,?,?,?,?)");
  for (const FusedEventRow& f : events) {
    fe.Bind(1, f.id).Bind(2, f.cameo).Bind(3, f.root).BindTextOrNull(4, f.earliest);
    fe.BindTextOrNull(5, f.latest);
    if (f.has_place) {
      fe.Bind(6, f.place_name).BindTextOrNull(7, f.place_country).Bind(8, f.lat).Bind(9, f.lon);
      fe.Bind(10, f.precision);
    } else {
      for (int k = 6; k <= 10; ++k) fe.BindNull(k);
    }
    fe.BindTextOrNull(11, f.source_country).BindTextOrNull(12, f.target_country);
    fe.BindTextOrNull(13, f.source_group).BindTextOrNull(14, f.target_group);
    fe.Bind(15, f.actors);
    if (f.story_id) fe.Bind(16, f.story_id); else fe.BindNull(16);
    fe.Bind(17, f.mentions).Bind(18, f.articles).Bind(19, f.sources);
    fe.Run();
    fr.Bind(1, f.id).Bind(2, f.summary).Bind(3, f.record).Run();
    for (int64_t m : f.members) fm.Bind(1, f.id).Bind(2, m).Run();
    if (f.has_place) geo.Bind(1, f.id).Bind(2, f.lon).Bind(3, f.lon).Bind(4, f.lat).Bind(5, f.lat).Run();
  }
}

void WriteDays(Connection& db, std::span<const std::pair<int64_t, int>> article_days,
               std::span<const EventDays> event_days) {
  Statement& a = db.Prepare("UPDATE articles SET day = CAST(?2 AS BIGINT) WHERE id = ?1 AND day IS DISTINCT FROM CAST(?2 AS BIGINT)");
  for (const auto& [id, day] : article_days) {
    a.Bind(1, id);
    BindDay(a, 2, day);
    a.Run();
  }
  Statement& e = db.Prepare(
      "INSERT INTO event_days(event_id, root, first_day, last_day)"
      " SELECT id, root, CAST(?2 AS BIGINT), CAST(?3 AS BIGINT) FROM events WHERE id = ?1"
      " ON CONFLICT (event_id) DO UPDATE SET root = excluded.root, first_day = excluded.first_day,"
      " last_day = excluded.last_day");
  for (const EventDays& d : event_days) {
    e.Bind(1, d.id);
    BindDay(e, 2, d.first);
    BindDay(e, 3, d.last);
    e.Run();
  }
}

void InsertCopies(Connection& db, std::span<const CopyLink> copies) {
  Statement& c = db.Prepare("INSERT INTO copy_links(a, b, similarity) VALUES (?,?,?)"
                              " ON CONFLICT (a, b) DO UPDATE SET similarity = excluded.similarity");
  for (const CopyLink& l : copies) c.Bind(1, l.a).Bind(2, l.b).Bind(3, l.similarity).Run();
}

void MarkFused(Connection& db, int64_t generation, const std::string& options) {
  db.Prepare("INSERT INTO meta(key, value) VALUES ('fused_options', ?)"
             " ON CONFLICT (key) DO UPDATE SET value = excluded.value").Bind(1, options).Run();
  // Last, in the same transaction: the layer is complete.
  db.Prepare("UPDATE meta SET value = CAST(? AS TEXT) WHERE key = 'fused_generation'").Bind(1, generation).Run();
}

}  // namespace

void Store::ReplaceFusedLayer(const FusedLayer& layer) {
  db_->Exec("DELETE FROM story_members; DELETE FROM stories; DELETE FROM fused_members;"
            " DELETE FROM fused_events; DELETE FROM fused_records; DELETE FROM fused_geo;"
            " DELETE FROM copy_links; DELETE FROM event_days; UPDATE articles SET story_id = NULL");
  InsertStories(*db_, layer.stories);
  InsertFusedEvents(*db_, layer.events);
  db_->Exec(FusedColumnsSql(*db_));
  WriteDays(*db_, layer.article_days, layer.event_days);
  InsertCopies(*db_, layer.copies);
  MarkFused(*db_, layer.generation, layer.options);
}

void Store::ApplyFusedUpdate(const FusedUpdate& u) {
  const std::string removed_events = IdList(u.removed_events);
  for (const char* sql : {"DELETE FROM fused_members WHERE fused_id IN ",
                          "DELETE FROM fused_events WHERE id IN ",
                          "DELETE FROM fused_records WHERE id IN ",
                          "DELETE FROM fused_geo WHERE id IN "})
    db_->Prepare(sql + Ids(*db_)).Bind(1, removed_events).Run();
  const std::string removed_stories = IdList(u.removed_stories);
  db_->Prepare("DELETE FROM story_members WHERE story_id IN " + Ids(*db_))
      .Bind(1, removed_stories)
      .Run();
  db_->Prepare("DELETE FROM stories WHERE id IN " + Ids(*db_)).Bind(1, removed_stories).Run();
  InsertStories(*db_, u.stories);
  InsertFusedEvents(*db_, u.events);
  std::vector<int64_t> written;
  for (const FusedEventRow& f : u.events) written.push_back(f.id);
  db_->Prepare(std::string(FusedColumnsSql(*db_)) + " WHERE fused_events.id IN " + Ids(*db_))
      .Bind(1, IdList(written))
      .Run();
  WriteDays(*db_, u.article_days, u.event_days);
  InsertCopies(*db_, u.copies);
  MarkFused(*db_, u.generation, FusedOptions());
}

std::string Store::FusedOptions() {
  Statement& s = db_->Prepare("SELECT value FROM meta WHERE key = 'fused_options'");
  std::string v = s.Step() ? s.Text(0) : std::string();
  s.Reset();
  return v;
}

std::vector<ArticleRow> Store::UnfusedArticles() {
  return ReadArticles(db_->Prepare(std::string("SELECT ") + kArticleColumns +
                                   " FROM articles WHERE story_id IS NULL ORDER BY id"));
}

std::vector<ArticleRow> Store::ArticlesOnDays(int first, int last, bool undated_too) {
  // Two statements: an OR of both would not use the index on day.
  Statement& s = db_->Prepare(std::string("SELECT ") + kArticleColumns +
                              " FROM articles WHERE day BETWEEN ? AND ? AND story_id IS NOT NULL");
  s.Bind(1, first).Bind(2, last);
  std::vector<ArticleRow> out = ReadArticles(s);
  if (undated_too) {
    Statement& u = db_->Prepare(std::string("SELECT ") + kArticleColumns +
                                " FROM articles WHERE day IS NULL AND story_id IS NOT NULL");
    for (auto& a : ReadArticles(u)) out.push_back(std::move(a));
  }
  return out;
}

std::vector<ArticleRow> Store::ArticlesById(std::span<const int64_t> ids) {
  Statement& s = db_->Prepare(
      "SELECT id, doc_id, published, language, outlet, agency, title, url, path, coalesce(story_id, 0), NULL"
      " FROM articles WHERE id IN " + Ids(*db_) + " ORDER BY id");
  s.Bind(1, IdList(ids));
  return ReadArticles(s);
}

std::vector<int64_t> Store::StoryMates(std::span<const int64_t> article_ids) {
  Statement& s = db_->Prepare(
      "SELECT m.article_id FROM story_members m WHERE m.story_id IN"
      " (SELECT story_id FROM articles WHERE id IN " + Ids(*db_) + " AND story_id IS NOT NULL)"
      " ORDER BY m.article_id");
  s.Bind(1, IdList(article_ids));
  std::vector<int64_t> out;
  while (s.Step()) out.push_back(s.Int(0));
  s.Reset();
  return out;
}

std::vector<EventRow> Store::EventsOfArticles(std::span<const int64_t> article_ids) {
  Statement& s = db_->Prepare(std::string("SELECT ") + kEventColumns +
                              " FROM events e LEFT JOIN places p ON p.id = e.place_id"
                              " LEFT JOIN event_days d ON d.event_id = e.id"
                              " WHERE e.article_id IN " + Ids(*db_) + " ORDER BY e.id");
  s.Bind(1, IdList(article_ids));
  return ReadEvents(s);
}

std::vector<EventDays> Store::EventsOpenOn(const std::string& root, int day) {
  // From event_days_ends alone: the events ending on or after `day` (for
  // a live feed, the last days' and the long ranges still open).
  Statement& s = db_->Prepare(
      std::string("SELECT event_id, first_day, last_day FROM event_days") +
      (db_->dialect() == Dialect::kSqlite ? " INDEXED BY event_days_ends" : "") +
      " WHERE root = ?1 AND last_day >= ?2 AND first_day <= ?2");
  s.Bind(1, root).Bind(2, day);
  std::vector<EventDays> out;
  while (s.Step()) out.push_back({s.Int(0), static_cast<int>(s.Int(1)), static_cast<int>(s.Int(2))});
  s.Reset();
  return out;
}

std::vector<EventRow> Store::EventsFrom(const std::string& root, int first_day, int64_t id, int limit) {
  Statement& s = db_->Prepare(std::string("SELECT ") + kEventColumns +
                              " FROM event_days d" + (db_->dialect() == Dialect::kSqlite ? " INDEXED BY event_days_order" : "") +
                              " JOIN events e ON e.id = d.event_id"
                              " LEFT JOIN places p ON p.id = e.place_id"
                              " WHERE d.root = ?1 AND (d.first_day > ?2 OR (d.first_day = ?2 AND d.event_id >= ?3))"
                              " ORDER BY d.first_day, d.event_id LIMIT ?4");
  s.Bind(1, root).Bind(2, first_day).Bind(3, id).Bind(4, limit);
  return ReadEvents(s);
}

std::vector<EventRow> Store::UndatedEvents(const std::string& root) {
  Statement& s = db_->Prepare(std::string("SELECT ") + kEventColumns +
                              " FROM event_days d JOIN events e ON e.id = d.event_id"
                              " LEFT JOIN places p ON p.id = e.place_id"
                              " WHERE d.root = ? AND d.first_day IS NULL");
  s.Bind(1, root);
  return ReadEvents(s);
}

std::vector<std::string> Store::EventRecords(std::span<const int64_t> ids) {
  Statement& s = db_->Prepare("SELECT record FROM events WHERE id = ?");
  std::vector<std::string> out;
  out.reserve(ids.size());
  for (int64_t id : ids) {
    s.Bind(1, id);
    out.push_back(s.Step() ? s.Text(0) : std::string("{}"));
    s.Reset();
  }
  return out;
}

std::vector<Membership> Store::MembershipOfArticles(std::span<const int64_t> article_ids) {
  Statement& s = db_->Prepare(
      "SELECT fm.fused_id, e.id, e.article_id, CAST(e.place_id IS NOT NULL AS INTEGER) FROM events e"
      " JOIN fused_members fm ON fm.event_id = e.id"
      " WHERE e.article_id IN " + Ids(*db_) + " ORDER BY fm.fused_id, e.id");
  s.Bind(1, IdList(article_ids));
  std::vector<Membership> out;
  while (s.Step()) out.push_back({s.Int(0), s.Int(1), s.Int(2), s.Int(3) != 0});
  s.Reset();
  return out;
}

std::vector<std::pair<int64_t, int64_t>> Store::FusedIdsOfEvents(std::span<const int64_t> event_ids) {
  Statement& s = db_->Prepare(
      "SELECT event_id, fused_id FROM fused_members WHERE event_id IN " + Ids(*db_));
  s.Bind(1, IdList(event_ids));
  std::vector<std::pair<int64_t, int64_t>> out;
  while (s.Step()) out.emplace_back(s.Int(0), s.Int(1));
  s.Reset();
  return out;
}

std::vector<std::pair<int64_t, EventRow>> Store::EventsOfFused(std::span<const int64_t> fused_ids) {
  Statement& s = db_->Prepare(std::string("SELECT ") + kEventColumns +
                              ", fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id"
                              " LEFT JOIN places p ON p.id = e.place_id LEFT JOIN event_days d ON d.event_id = e.id"
                              " WHERE fm.fused_id IN " + Ids(*db_) + " ORDER BY fm.fused_id, e.id");
  s.Bind(1, IdList(fused_ids));
  std::vector<std::pair<int64_t, EventRow>> out;
  while (s.Step()) {
    EventRow r = ReadEvent(s);
    out.emplace_back(s.Int(25), std::move(r));
  }
  s.Reset();
  return out;
}

std::vector<CopyLink> Store::CopyLinksOf(std::span<const int64_t> article_ids) {
  Statement& s = db_->Prepare(
      "SELECT a, b, similarity FROM copy_links WHERE a IN " + Ids(*db_, "?1") +
      " UNION SELECT a, b, similarity FROM copy_links WHERE b IN " + Ids(*db_, "?1") + " ORDER BY 1, 2");
  s.Bind(1, IdList(article_ids));
  std::vector<CopyLink> out;
  while (s.Step()) out.push_back({s.Int(0), s.Int(1), s.Double(2)});
  s.Reset();
  return out;
}

std::vector<std::pair<int64_t, int>> Store::EventCounts(std::span<const int64_t> article_ids) {
  Statement& s = db_->Prepare(
      "SELECT article_id, count(*) FROM events WHERE article_id IN " + Ids(*db_) + " GROUP BY article_id");
  s.Bind(1, IdList(article_ids));
  std::vector<std::pair<int64_t, int>> out;
  while (s.Step()) out.emplace_back(s.Int(0), static_cast<int>(s.Int(1)));
  s.Reset();
  return out;
}

}  // namespace vigie::store
