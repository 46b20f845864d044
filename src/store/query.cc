// Queries for the API and the exports; see query.h.
//
// The events query is assembled from a fixed set of clauses, each with its
// own placeholders: the bounding box is a latitude and a longitude range
// (schema 6 indexes them, and the dates with every filter column), the text
// through the FTS5 index of article text (the fused events one of whose
// articles matches), dates compare ISO strings. Statements are cached per
// connection by their text, so each combination of filters is prepared once.
//
// The statements are the same on PostgreSQL but for what SQLite spells
// its own way: a list is read by jsonb_array_elements_text instead of
// json_each, a CAMEO prefix by starts_with, a substring by strpos instead
// of instr; the text goes through the GIN index of version 7
// (VIGIE_ARTICLE_TSVECTOR @@ plainto_tsquery: every word, as FTS5's
// "w1" "w2", lower-cased and without diacritics on both sides); the unary + that steers SQLite's planner is left out;
// descending sorts put NULLs last (SQLite's order, PostgreSQL's is the
// reverse) and place names sort bytewise (COLLATE "C", SQLite's BINARY)
// whatever the database's locale.
#include "store/query.h"

#include "store/schema.h"

#include <algorithm>
#include <chrono>
#include <unordered_map>

namespace vigie::store {

namespace {

struct Where {
  std::string sql;
  std::vector<std::function<void(Statement&, int&)>> binds;
};

// A list of values as one JSON array, bound to one placeholder and read by
// json_each: the statement's text does not depend on how many values there
// are. Values are checked before (no control characters).
std::string JsonList(const std::vector<std::string>& values) {
  std::string out = "[";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "]";
}

// How the bounding box is read. Latitude and longitude ranges either go
// through fused_lat_lon (kIndexed: for counts, groupings, and a page of a
// small box), or are checked on the entries of the date index the page is
// read in (kInDateOrder: a page of a box with many events stops after
// the page instead of sorting them all).
enum class BoxPlan { kIndexed, kInDateOrder };

// How the actor is read on SQLite: every event's actor lines checked
// (kScan: a common actor, whose page comes after a few hundred events in
// date order), or first the events that hold its trigrams in fused_actors
// (kTrigrams: a rare one, or reading every event would be the page).
enum class ActorPlan { kScan, kTrigrams };

// How the text is read on SQLite: first the fused events of the articles
// that match it (kMatches: a rare text), or each event, read in the
// page's order, checked for an article that matches (kEach: a common
// text, whose page comes after a few events and never needs them all).
enum class TextPlan { kMatches, kEach };

// How a filter is read: the page's plan, or a count's or a grouping's.
struct Plan {
  BoxPlan box = BoxPlan::kIndexed;
  ActorPlan actor = ActorPlan::kScan;
  TextPlan text = TextPlan::kMatches;
};

// Up to this many CAMEO prefixes are written as ranges in the statement
// (one statement text per number of prefixes); more go through one JSON list.
constexpr size_t kCodeRanges = 8;

// The subquery of the values of a list bound as one JSON array.
const char* ListValues(Dialect d) {
  return d == Dialect::kPostgres ? "SELECT value FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value)"
                                 : "SELECT value FROM json_each(?)";
}

// The actor as an FTS5 query: one phrase, its quotes doubled.
std::string TrigramPhrase(const std::string& actor) {
  std::string out = "\"";
  for (char c : actor) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The actor as a LIKE pattern anywhere in the lines, its % and _ escaped.
std::string LikePattern(const std::string& actor) {
  std::string out = "%";
  for (char c : actor) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

Where BuildWhere(Dialect d, const EventFilter& f, const Plan& plan = {}) {
  const BoxPlan box = plan.box;
  const bool pg = d == Dialect::kPostgres;
  Where w;
  std::string clause;
  auto add = [&](const char* clause) { w.sql += w.sql.empty() ? " WHERE " : " AND "; w.sql += clause; };
  auto text = [&](std::string v) {
    return [v = std::move(v)](Statement& s, int& i) { s.Bind(i++, v); };
  };
  auto num = [&](double v) { return [v](Statement& s, int& i) { s.Bind(i++, v); }; };
  auto integer = [&](int64_t v) { return [v](Statement& s, int& i) { s.Bind(i++, v); }; };
  if (!f.from.empty()) {
    add("f.latest >= ?");
    w.binds.push_back(text(f.from));
    // Implied, and a range of the indexes led by earliest: an event that
    // ends on or after `from` began at most the longest span before it
    // (fused_span gives that span in one read).
    if (!pg) {
      add("f.earliest >= date(?, '-' || (SELECT coalesce(max(julianday(s.latest) - julianday(s.earliest)), 0)"
          " FROM fused_events s) || ' days')");
      w.binds.push_back(text(f.from));
    }
  }
  if (!f.to.empty()) {
    add("f.earliest <= ?");
    w.binds.push_back(text(f.to));
  }
  if (f.has_bbox) {
    add(box == BoxPlan::kIndexed || pg ? "f.lat BETWEEN ? AND ? AND f.lon BETWEEN ? AND ?"
                                 : "+f.lat BETWEEN ? AND ? AND +f.lon BETWEEN ? AND ?");
    w.binds.push_back(num(f.min_lat));
    w.binds.push_back(num(f.max_lat));
    w.binds.push_back(num(f.min_lon));
    w.binds.push_back(num(f.max_lon));
  }
  // Event types: CAMEO prefixes, PLOVER and ACLED types, any of them. A
  // prefix of digits is a range (':' follows '9'). The unary + keeps SQLite
  // from choosing a code index for a broad prefix ("19" is half the events)
  // and sorting them all: the newest-first scan stops after one page.
  std::string types;
  auto any = [&](const char* clause) { types += types.empty() ? "(" : " OR "; types += clause; };
  if (pg && !f.codes.empty()) {
    any("EXISTS (SELECT 1 FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS j(value)"
        " WHERE starts_with(f.cameo, j.value))");
    w.binds.push_back(text(JsonList(f.codes)));
  } else if (f.codes.size() > kCodeRanges) {
    any("EXISTS (SELECT 1 FROM json_each(?) j WHERE +f.cameo >= j.value AND +f.cameo < j.value || ':')");
    w.binds.push_back(text(JsonList(f.codes)));
  } else {
    // A few prefixes as ranges of their own: a correlated json_each parses
    // its list again for every row it checks (30,000 rows for a country's
    // year, 25 ms of the 28 a request took at 1M events).
    for (const std::string& code : f.codes) {
      any("(+f.cameo >= ? AND +f.cameo < ?)");
      w.binds.push_back(text(code));
      w.binds.push_back(text(code + ':'));
    }
  }
  if (!f.plover.empty()) {
    clause = std::string(pg ? "f.plover IN (" : "+f.plover IN (") + ListValues(d) + ")";
    any(clause.c_str());
    w.binds.push_back(text(JsonList(f.plover)));
  }
  if (!f.acled.empty()) {
    clause = std::string(pg ? "f.acled_type IN (" : "+f.acled_type IN (") + ListValues(d) + ")";
    any(clause.c_str());
    w.binds.push_back(text(JsonList(f.acled)));
  }
  if (!types.empty()) {
    types += ")";
    add(types.c_str());
  }
  if (!f.actor.empty()) {
    // A substring of the actor lines, any case: they hold the names and the
    // codes (country, sector, group) of every member's source and target,
    // so a code matches too. The trigrams find a superset (they fold case
    // beyond ASCII), checked exactly.
    if (!pg && plan.actor == ActorPlan::kTrigrams) {
      add("f.id IN (SELECT rowid FROM fused_actors WHERE fused_actors MATCH ?)");
      w.binds.push_back(text(TrigramPhrase(f.actor)));
    }
    // SQLite's LIKE folds ASCII case, as its lower() does, without a copy
    // of every row's lines.
    add(pg ? "strpos(lower(f.actors), lower(?)) > 0" : "f.actors LIKE ? ESCAPE '\\'");
    w.binds.push_back(text(pg ? f.actor : LikePattern(f.actor)));
  }
  if (!f.countries.empty()) {
    clause = std::string("f.place_country IN (") + ListValues(d) + ")";
    add(clause.c_str());
    w.binds.push_back(text(JsonList(f.countries)));
  }
  if (f.min_fatalities >= 0) {
    add("f.fatalities >= ?");
    w.binds.push_back(integer(f.min_fatalities));
  }
  if (!f.modality.empty()) {
    clause = std::string("f.modality IN (") + ListValues(d) + ")";
    add(clause.c_str());
    w.binds.push_back(text(JsonList(f.modality)));
  }
  if (f.background >= 0) {
    add("f.background = ?");
    w.binds.push_back(integer(f.background));
  }
  if (!f.text.empty()) {
    if (pg)
      add("f.id IN (SELECT fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id"
          " WHERE e.article_id IN (SELECT id FROM articles WHERE " VIGIE_ARTICLE_TSVECTOR
          " @@ plainto_tsquery('vigie_text', ?)))");
    else if (plan.text == TextPlan::kMatches)
      add("f.id IN (SELECT fm.fused_id FROM fused_members fm JOIN events e ON e.id = fm.event_id"
          " WHERE e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))");
    else  // FTS5 seeks the one article in each term's list
      add("EXISTS (SELECT 1 FROM fused_members fm JOIN events e ON e.id = fm.event_id"
          " JOIN articles_fts a ON a.rowid = e.article_id WHERE fm.fused_id = f.id AND articles_fts MATCH ?)");
    w.binds.push_back(text(f.text));
  }
  return w;
}

// The ORDER BY of each sort, over columns of the inner query `t` (a
// constant per value: nothing of the request reaches SQL as text). Undated
// events and events without a figure come last either way.
struct SortSql {
  const char* inner;  // over fused_events f
  const char* outer;  // over the page t
};
SortSql OrderBy(EventFilter::Sort sort) {
  using S = EventFilter::Sort;
  switch (sort) {
    case S::kDateDesc: return {"f.earliest DESC, f.id DESC", "t.k1 DESC, t.id DESC"};
    case S::kDateAsc: return {"f.earliest IS NULL, f.earliest ASC, f.id ASC", "t.k1 IS NULL, t.k1 ASC, t.id ASC"};
    case S::kFatalitiesDesc:
      return {"f.fatalities IS NULL, f.fatalities DESC, f.earliest DESC, f.id DESC",
              "t.k1 IS NULL, t.k1 DESC, t.k2 DESC, t.id DESC"};
    case S::kFatalitiesAsc:
      return {"f.fatalities IS NULL, f.fatalities ASC, f.earliest DESC, f.id DESC",
              "t.k1 IS NULL, t.k1 ASC, t.k2 DESC, t.id DESC"};
    case S::kSourcesDesc: return {"f.sources DESC, f.earliest DESC, f.id DESC", "t.k1 DESC, t.k2 DESC, t.id DESC"};
    case S::kSourcesAsc: return {"f.sources ASC, f.earliest DESC, f.id DESC", "t.k1 ASC, t.k2 DESC, t.id DESC"};
    case S::kMentionsDesc: return {"f.mentions DESC, f.earliest DESC, f.id DESC", "t.k1 DESC, t.k2 DESC, t.id DESC"};
    case S::kCodeAsc: return {"f.cameo ASC, f.earliest DESC, f.id DESC", "t.k1 ASC, t.k2 DESC, t.id DESC"};
    case S::kCodeDesc: return {"f.cameo DESC, f.earliest DESC, f.id DESC", "t.k1 DESC, t.k2 DESC, t.id DESC"};
    case S::kPlaceAsc:
      return {"f.place_name IS NULL, f.place_name ASC, f.earliest DESC, f.id DESC",
              "t.k1 IS NULL, t.k1 ASC, t.k2 DESC, t.id DESC"};
    case S::kPlaceDesc:
      return {"f.place_name IS NULL, f.place_name DESC, f.earliest DESC, f.id DESC",
              "t.k1 IS NULL, t.k1 DESC, t.k2 DESC, t.id DESC"};
  }
  return {"f.earliest DESC, f.id DESC", "t.k1 DESC, t.id DESC"};
}

// The sort keys the inner query selects as k1, k2.
const char* SortKeys(EventFilter::Sort sort) {
  using S = EventFilter::Sort;
  switch (sort) {
    case S::kDateDesc:
    case S::kDateAsc: return "f.earliest AS k1, NULL AS k2";
    case S::kFatalitiesDesc:
    case S::kFatalitiesAsc: return "f.fatalities AS k1, f.earliest AS k2";
    case S::kSourcesDesc:
    case S::kSourcesAsc: return "f.sources AS k1, f.earliest AS k2";
    case S::kMentionsDesc: return "f.mentions AS k1, f.earliest AS k2";
    case S::kCodeAsc:
    case S::kCodeDesc: return "f.cameo AS k1, f.earliest AS k2";
    case S::kPlaceAsc:
    case S::kPlaceDesc: return "f.place_name AS k1, f.earliest AS k2";
  }
  return "f.earliest AS k1, NULL AS k2";
}

}  // namespace

namespace {

// A box with fewer events than this is read through fused_lat_lon and its
// events sorted; one with more is read in date order (the page then comes
// from the first entries of the date index: at 100,000 events, at most
// 5,000 for a page of 100). Sorting 2,000 entries and reading 5,000 both
// take about a millisecond.
constexpr int64_t kSmallBox = 2000;

// The events in the box, up to `cap`, through SQLite's R*Tree (fused_geo):
// a two-dimensional index reads the box, where fused_lat_lon reads its band
// of latitudes and skips the longitudes outside (10 ms against 0.6 ms for
// 10,000 of a million events). The R*Tree keeps 32-bit floats rounded
// outwards, so a stored point that overlaps the box but is not inside it is
// checked against its exact coordinates: the count is exact.
constexpr const char* kCountInBox =
    "SELECT count(*) FROM (SELECT 1 FROM fused_geo g WHERE g.max_lon >= ?1 AND g.min_lon <= ?2"
    " AND g.max_lat >= ?3 AND g.min_lat <= ?4 AND ((g.min_lon >= ?1 AND g.max_lon <= ?2 AND g.min_lat >= ?3"
    " AND g.max_lat <= ?4) OR EXISTS (SELECT 1 FROM fused_events f WHERE f.id = g.id"
    " AND f.lat BETWEEN ?3 AND ?4 AND f.lon BETWEEN ?1 AND ?2)) LIMIT ?5) t";

int64_t CountInBox(Connection& db, const EventFilter& f, int64_t cap) {
  Statement& s = db.Prepare(kCountInBox);
  s.Bind(1, f.min_lon).Bind(2, f.max_lon).Bind(3, f.min_lat).Bind(4, f.max_lat).Bind(5, cap);
  int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n;
}

// Whether the filter has no condition but the box, the actor or the text,
// where allowed.
bool NothingBut(const EventFilter& f, bool box, bool actor, bool text = false) {
  return (box || !f.has_bbox) && (actor || f.actor.empty()) && (text || f.text.empty()) && f.from.empty() &&
         f.to.empty() && f.codes.empty() && f.plover.empty() && f.acled.empty() && f.countries.empty() &&
         f.min_fatalities < 0 && f.modality.empty() && f.background < 0;
}

// Whether the box, the actor or the text is the filter's only condition.
bool OnlyTheBox(const EventFilter& f) { return f.has_bbox && NothingBut(f, true, false); }
bool OnlyTheActor(const EventFilter& f) { return !f.actor.empty() && NothingBut(f, false, true); }
bool OnlyTheText(const EventFilter& f) { return !f.text.empty() && NothingBut(f, false, false, true); }

// An actor held by fewer events than this is read through its trigrams
// and its events sorted; one held by more is read in date order, where a
// page of 100 comes after at most 50,000 events at a million (10 to 25 ms).
// Counting the candidates costs about 600 instructions each.
constexpr int64_t kRareActor = 2000;

// Whether the actor has trigrams: at least three characters.
bool ActorHasTrigrams(const std::string& actor) {
  size_t chars = 0;
  for (char c : actor) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars >= 3;
}

// What a plan is chosen by: the actor's candidates in its trigrams, or
// the articles that match the text, counted up to a bound.
enum class Probe { kActor, kText };

// The probe's count up to `cap`. A plan changes how fast the answer comes,
// never what it holds: the count a page's plan was chosen by is kept for
// the plan of its count, the thread's next call (and for a second at most,
// while the events change).
int64_t ProbeUpTo(Connection& db, Probe probe, const std::string& bound, int64_t cap) {
  static constexpr const char* kSql[] = {
      "SELECT count(*) FROM (SELECT 1 FROM fused_actors WHERE fused_actors MATCH ? LIMIT ?) t",
      "SELECT count(*) FROM (SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT ?) t"};
  struct Counted {
    const Connection* db = nullptr;
    std::string bound;
    std::chrono::steady_clock::time_point at;
    int64_t n = 0;
  };
  thread_local Counted last[2];
  Counted& c = last[static_cast<int>(probe)];
  const auto now = std::chrono::steady_clock::now();
  if (c.db == &db && c.bound == bound && now - c.at < std::chrono::seconds(1)) return c.n;
  Statement& s = db.Prepare(kSql[static_cast<int>(probe)]);
  s.Bind(1, bound).Bind(2, cap);
  const int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  c = {&db, bound, now, n};
  return n;
}

// Whether the actor is read through its trigrams (SQLite, at least three
// characters: shorter ones have none, and fewer than kRareActor events).
ActorPlan ActorPlanOf(Connection& db, const EventFilter& f) {
  if (db.dialect() != Dialect::kSqlite || !ActorHasTrigrams(f.actor)) return ActorPlan::kScan;
  return ProbeUpTo(db, Probe::kActor, TrigramPhrase(f.actor), kRareActor) < kRareActor ? ActorPlan::kTrigrams
                                                                                       : ActorPlan::kScan;
}

BoxPlan BoxPlanOf(Connection& db, const EventFilter& f) {
  using S = EventFilter::Sort;
  if (!f.has_bbox || (f.sort != S::kDateDesc && f.sort != S::kDateAsc)) return BoxPlan::kIndexed;
  if (db.dialect() == Dialect::kSqlite)
    return CountInBox(db, f, kSmallBox) < kSmallBox ? BoxPlan::kIndexed : BoxPlan::kInDateOrder;
  Statement& s = db.Prepare(
      "SELECT count(*) FROM (SELECT 1 FROM fused_events f WHERE f.lat BETWEEN ? AND ? AND f.lon BETWEEN ? AND ?"
      " LIMIT ?) t");
  s.Bind(1, f.min_lat).Bind(2, f.max_lat).Bind(3, f.min_lon).Bind(4, f.max_lon).Bind(5, kSmallBox);
  int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n < kSmallBox ? BoxPlan::kIndexed : BoxPlan::kInDateOrder;
}

// A text that fewer articles than this match is read through its matches
// (a few microseconds a fused event to find, read and sort); one that more
// match is checked on each event in the page's order (an FTS5 seek in
// each segment of the index, 4 to 10 us an event with one: a page of 100
// of a text one article in a hundred holds reads about 5,000 events).
// Counting the matches costs 30 ns each.
constexpr int64_t kRareText = 5000;

TextPlan TextPlanOf(Connection& db, const EventFilter& f) {
  if (db.dialect() != Dialect::kSqlite || f.text.empty()) return TextPlan::kMatches;
  return ProbeUpTo(db, Probe::kText, f.text, kRareText) < kRareText ? TextPlan::kMatches : TextPlan::kEach;
}

// The plan of a page, and of everything else: counts and groupings read
// the box through its index, and every match of the text (a timeline of
// a common word reads its matches once instead of checking each event).
Plan PagePlan(Connection& db, const EventFilter& f) {
  return {BoxPlanOf(db, f), ActorPlanOf(db, f), TextPlanOf(db, f)};
}
Plan FilterPlan(Connection& db, const EventFilter& f) { return {BoxPlan::kIndexed, ActorPlanOf(db, f)}; }
Plan CountPlan(Connection& db, const EventFilter& f) {
  return {BoxPlan::kIndexed, ActorPlanOf(db, f), TextPlanOf(db, f)};
}

// PostgreSQL's spelling of SQLite's order: NULLs after the values when
// descending (ascending, both put them where the sort's `IS NULL` key
// says), place names bytewise.
std::string PgOrder(std::string sql) {
  for (size_t at = 0; (at = sql.find(" DESC", at)) != std::string::npos; at += 5) sql.insert(at + 5, " NULLS LAST");
  for (size_t at = 0; (at = sql.find("f.place_name", at)) != std::string::npos; at += 12)
    sql.insert(at + 12, " COLLATE \"C\"");
  return sql;
}

std::string PageSql(Dialect d, const EventFilter& filter, const Where& w) {
  SortSql order = OrderBy(filter.sort);
  std::string keys = SortKeys(filter.sort), inner = order.inner, outer = order.outer;
  if (d == Dialect::kPostgres) {
    keys = PgOrder(keys);
    inner = PgOrder(inner);
    outer = PgOrder(outer);
  }
  // Ids first over the narrow rows, then the summaries of the page only.
  return "SELECT r.summary, coalesce(t.fat, -1) FROM (SELECT f.id, f.fatalities AS fat, " + keys +
         " FROM fused_events f" + w.sql + " ORDER BY " + inner +
         " LIMIT ? OFFSET ?) t JOIN fused_records r ON r.id = t.id ORDER BY " + outer;
}

std::string QueryPlan(Connection& db, const std::string& sql) {
  const bool pg = db.dialect() == Dialect::kPostgres;
  Statement& s = db.Prepare((pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + sql);
  std::string out;
  while (s.Step()) out += s.Text(pg ? 0 : 3) + "\n";
  s.Reset();
  return out;
}

}  // namespace

std::vector<EventSummary> QueryEvents(Connection& db, const EventFilter& filter) {
  Where w = BuildWhere(db.dialect(), filter, PagePlan(db, filter));
  Statement& s = db.Prepare(PageSql(db.dialect(), filter, w));
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  s.Bind(i++, filter.limit);
  s.Bind(i++, filter.offset);
  std::vector<EventSummary> out;
  while (s.Step()) out.push_back({s.Text(0), s.Int(1)});
  s.Reset();
  return out;
}

namespace {

// A common actor alone, counted from its trigrams: the events that hold
// them, in the order of fused_actors, each checked exactly, where the
// date index would read seven events for each match of an actor one
// event in seven has.
constexpr const char* kCountActor =
    "SELECT count(*) FROM (SELECT 1 FROM fused_actors a JOIN fused_events f ON f.id = a.rowid"
    " WHERE fused_actors MATCH ? AND f.actors LIKE ? ESCAPE '\\' LIMIT ?) t";

// A text alone, counted from its matching articles: their fused events,
// each once, where checking events in any order would read a hundred for
// each match of a text one article in a hundred holds.
constexpr const char* kCountText =
    "SELECT count(*) FROM (SELECT DISTINCT fm.fused_id FROM articles_fts a JOIN events e ON e.article_id = a.rowid"
    " JOIN fused_members fm ON fm.event_id = e.id WHERE articles_fts MATCH ? LIMIT ?) t";

// The count's own statement for a box alone (the R*Tree), a common actor
// alone (its trigrams) or a text alone (its articles), or nullptr: the
// filter's WHERE.
const char* CountShortcut(Connection& db, const EventFilter& f) {
  if (db.dialect() != Dialect::kSqlite) return nullptr;
  if (OnlyTheBox(f)) return kCountInBox;
  if (OnlyTheActor(f) && ActorHasTrigrams(f.actor) && ActorPlanOf(db, f) == ActorPlan::kScan) return kCountActor;
  if (OnlyTheText(f)) return kCountText;
  return nullptr;
}

// The matches of the filter, up to `limit` when it is not negative (LIMIT
// -1 is no limit).
int64_t CountUpTo(Connection& db, const EventFilter& filter, int64_t limit) {
  const char* shortcut = CountShortcut(db, filter);
  if (shortcut == kCountInBox) return CountInBox(db, filter, limit);
  if (shortcut == kCountActor || shortcut == kCountText) {
    Statement& s = db.Prepare(shortcut);
    if (shortcut == kCountActor)
      s.Bind(1, TrigramPhrase(filter.actor)).Bind(2, LikePattern(filter.actor)).Bind(3, limit);
    else
      s.Bind(1, filter.text).Bind(2, limit);
    const int64_t n = s.Step() ? s.Int(0) : 0;
    s.Reset();
    return n;
  }
  Where w = BuildWhere(db.dialect(), filter, CountPlan(db, filter));
  Statement& s = db.Prepare(limit < 0 ? "SELECT count(*) FROM fused_events f" + w.sql
                                      : "SELECT count(*) FROM (SELECT 1 FROM fused_events f" + w.sql + " LIMIT ?) t");
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  if (limit >= 0) s.Bind(i++, limit);
  int64_t n = s.Step() ? s.Int(0) : 0;
  s.Reset();
  return n;
}

}  // namespace

std::string ExplainEvents(Connection& db, const EventFilter& filter) {
  Where page = BuildWhere(db.dialect(), filter, PagePlan(db, filter));
  const char* shortcut = CountShortcut(db, filter);
  return "page:\n" + QueryPlan(db, PageSql(db.dialect(), filter, page)) + "count:\n" +
         QueryPlan(db, shortcut != nullptr ? std::string(shortcut)
                                           : "SELECT count(*) FROM fused_events f" +
                                                 BuildWhere(db.dialect(), filter, CountPlan(db, filter)).sql);
}

EventCount CountEvents(Connection& db, const EventFilter& filter, int64_t cap) {
  const int64_t n = CountUpTo(db, filter, cap < 0 ? -1 : cap + 1);
  if (cap >= 0 && n > cap) return {cap, false};
  return {n, true};
}

TimelineRows Timeline(Connection& db, const EventFilter& filter) {
  Where w = BuildWhere(db.dialect(), filter, FilterPlan(db, filter));
  Statement& s = db.Prepare("SELECT f.earliest, coalesce(f.latest, f.earliest), count(*) FROM fused_events f" +
                            w.sql + " GROUP BY 1, 2 ORDER BY 1, 2");
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  TimelineRows out;
  while (s.Step()) {
    if (s.IsNull(0)) {
      out.undated += s.Int(2);
      continue;
    }
    out.dates.push_back({s.Text(0), s.Text(1), s.Int(2)});
  }
  s.Reset();
  return out;
}

std::vector<PlaceSummary> PlaceCounts(Connection& db, const EventFilter& filter) {
  // Grouped here, not by SQL: sorting 100,000 rows for a GROUP BY costs
  // ten times more than reading them.
  Where w = BuildWhere(db.dialect(), filter, FilterPlan(db, filter));
  Statement& s = db.Prepare(
      "SELECT f.lat, f.lon, f.place_name, f.place_country, f.precision, f.plover, f.acled_type, f.geonames_id,"
      " f.fatalities, f.latest FROM fused_events f" + w.sql + (w.sql.empty() ? " WHERE" : " AND") +
      " f.lat IS NOT NULL");
  int i = 1;
  for (auto& b : w.binds) b(s, i);
  std::vector<PlaceSummary> out;
  std::unordered_map<std::string, size_t> index;
  auto add = [](std::vector<std::pair<std::string, int64_t>>& counts, std::string_view type) {
    for (auto& [t, n] : counts)
      if (t == type) {
        ++n;
        return;
      }
    counts.emplace_back(std::string(type), 1);
  };
  std::string key;
  while (s.Step()) {
    double lat = s.Double(0), lon = s.Double(1);
    std::string_view name = s.TextView(2);
    key.assign(reinterpret_cast<const char*>(&lat), sizeof lat);
    key.append(reinterpret_cast<const char*>(&lon), sizeof lon);
    key.append(name);
    auto [it, added] = index.try_emplace(key, out.size());
    if (added) {
      PlaceSummary p;
      p.lat = lat;
      p.lon = lon;
      p.name = std::string(name);
      p.country = s.Text(3);
      p.precision = s.Text(4);
      p.geonames_id = s.Int(7);
      out.push_back(std::move(p));
    }
    PlaceSummary& p = out[it->second];
    ++p.count;
    p.fatalities += s.Int(8);
    std::string_view latest = s.TextView(9);
    if (latest > p.latest) p.latest = std::string(latest);
    add(p.plover, s.TextView(5));
    add(p.acled, s.TextView(6));
  }
  s.Reset();
  std::sort(out.begin(), out.end(), [](const PlaceSummary& a, const PlaceSummary& b) {
    return a.lat != b.lat ? a.lat < b.lat : a.lon != b.lon ? a.lon < b.lon : a.name < b.name;
  });
  // The types by name, not in the order the rows came (which is the query
  // plan's, and differs between SQLite and PostgreSQL).
  for (PlaceSummary& p : out) {
    std::sort(p.plover.begin(), p.plover.end());
    std::sort(p.acled.begin(), p.acled.end());
  }
  return out;
}

std::vector<ValueCounts> FacetCounts(Connection& db) {
  // One scan counted here: five GROUP BYs would read the table five times.
  Statement& s = db.Prepare("SELECT plover, acled_type, root, place_country, modality FROM fused_events");
  std::vector<std::unordered_map<std::string, int64_t>> counts(5);
  while (s.Step())
    for (int c = 0; c < 5; ++c) {
      std::string_view v = s.TextView(c);
      if (!v.empty()) ++counts[c][std::string(v)];
    }
  s.Reset();
  std::vector<ValueCounts> out;
  for (auto& m : counts) {
    ValueCounts list(m.begin(), m.end());
    std::sort(list.begin(), list.end(),
              [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    out.push_back(std::move(list));
  }
  return out;
}

std::vector<std::pair<std::string, int64_t>> ActorSuggestions(Connection& db, std::string_view part, size_t limit) {
  // `actors` holds "name\ncode\nname\ncode\n" (source then target); group
  // codes are columns of their own.
  // In id order (SQLite's rowid scan: no sort), so that ties keep the
  // same order on both stores. PostgreSQL's instr is strpos.
  const char* pg_sql =
      "SELECT actors, coalesce(source_group, ''), coalesce(target_group, '') FROM fused_events"
      " WHERE strpos(lower(actors), lower(?1)) > 0 OR strpos(lower(source_group), lower(?1)) > 0"
      " OR strpos(lower(target_group), lower(?1)) > 0 ORDER BY id LIMIT 20000";
  Statement& s = db.dialect() == Dialect::kPostgres ? db.Prepare(pg_sql) : db.Prepare(
      "SELECT actors, coalesce(source_group, ''), coalesce(target_group, '') FROM fused_events"
      " WHERE instr(lower(actors), lower(?1)) > 0 OR instr(lower(source_group), lower(?1)) > 0"
      " OR instr(lower(target_group), lower(?1)) > 0 ORDER BY id LIMIT 20000");
  s.Bind(1, part);
  auto lower = [](std::string_view v) {
    std::string out(v);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return out;
  };
  const std::string needle = lower(part);
  std::vector<std::pair<std::string, int64_t>> counts;
  auto count = [&](std::string_view v) {
    if (v.empty() || lower(v).find(needle) == std::string::npos) return;
    for (auto& [name, n] : counts)
      if (name == v) {
        ++n;
        return;
      }
    counts.emplace_back(std::string(v), 1);
  };
  while (s.Step()) {
    std::string_view actors = s.TextView(0);
    std::vector<std::string_view> seen;
    for (size_t start = 0; start < actors.size();) {
      size_t nl = actors.find('\n', start);
      if (nl == std::string_view::npos) nl = actors.size();
      std::string_view v = actors.substr(start, nl - start);
      bool again = false;
      for (auto x : seen) again |= x == v;
      if (!again) {
        seen.push_back(v);
        count(v);
      }
      start = nl + 1;
    }
    std::string_view sg = s.TextView(1), tg = s.TextView(2);
    bool same = false;
    for (auto x : seen) same |= x == sg;
    if (!same) count(sg);
    if (tg != sg) {
      same = false;
      for (auto x : seen) same |= x == tg;
      if (!same) count(tg);
    }
  }
  s.Reset();
  std::stable_sort(counts.begin(), counts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (counts.size() > limit) counts.resize(limit);
  return counts;
}

std::optional<std::string> FusedRecord(Connection& db, int64_t id) {
  Statement& s = db.Prepare("SELECT record FROM fused_records WHERE id = ?");
  s.Bind(1, id);
  std::optional<std::string> out;
  if (s.Step()) out = s.Text(0);
  s.Reset();
  return out;
}

std::optional<ArticleView> Article(Connection& db, int64_t id) {
  Statement& a = db.Prepare(
      "SELECT id, coalesce(story_id, 0), doc_id, url, path, published, language, title, outlet,"
      " agency, byline, text FROM articles WHERE id = ?");
  a.Bind(1, id);
  if (!a.Step()) {
    a.Reset();
    return std::nullopt;
  }
  ArticleView v;
  v.id = a.Int(0);
  v.story_id = a.Int(1);
  v.doc_id = a.Text(2);
  v.url = a.Text(3);
  v.path = a.Text(4);
  v.published = a.Text(5);
  v.language = a.Text(6);
  v.title = a.Text(7);
  v.outlet = a.Text(8);
  v.agency = a.Text(9);
  v.byline = a.Text(10);
  v.text = a.Text(11);
  a.Reset();

  Statement& e = db.Prepare(
      "SELECT e.id, coalesce(fm.fused_id, 0), e.ordinal, e.cameo FROM events e"
      " LEFT JOIN fused_members fm ON fm.event_id = e.id WHERE e.article_id = ? ORDER BY e.ordinal");
  e.Bind(1, id);
  while (e.Step())
    v.events.push_back({e.Int(0), e.Int(1), static_cast<int>(e.Int(2)), e.Text(3), {}});
  e.Reset();
  Statement& x = db.Prepare(
      "SELECT field, begin, \"end\", coalesce(raw_begin, -1), coalesce(raw_end, -1), rule FROM evidence"
      " WHERE event_id = ? ORDER BY id");
  for (auto& ev : v.events) {
    x.Bind(1, ev.id);
    while (x.Step()) ev.evidence.push_back({x.Text(0), x.Int(1), x.Int(2), x.Int(3), x.Int(4), x.Text(5)});
    x.Reset();
  }
  if (v.story_id) {
    Statement& m = db.Prepare(
        "SELECT a.id, a.doc_id, a.title, a.outlet, m.reason, coalesce(m.similarity, -1),"
        " coalesce(m.via, 0) FROM story_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.story_id = ? ORDER BY a.id");
    m.Bind(1, v.story_id);
    while (m.Step())
      v.story.push_back({m.Int(0), m.Text(1), m.Text(2), m.Text(3), m.Text(4), m.Double(5), m.Int(6)});
    m.Reset();
  }
  return v;
}

std::map<int64_t, ExportArticle> ExportArticles(Connection& db, bool with_text) {
  std::map<int64_t, ExportArticle> out;
  Statement& s = db.Prepare(
      "SELECT id, doc_id, raw_hash, url, path, published, published_rule, ingested_at, outlet, agency,"
      " language, title, CASE WHEN ? THEN text ELSE '' END FROM articles");
  s.Bind(1, with_text ? 1 : 0);
  while (s.Step()) {
    ExportArticle a;
    a.id = s.Int(0);
    a.doc_id = s.Text(1);
    a.raw_hash = s.Text(2);
    a.url = s.Text(3);
    a.path = s.Text(4);
    a.published = s.Text(5);
    a.published_rule = s.Text(6);
    a.ingested_at = s.Text(7);
    a.outlet = s.Text(8);
    a.agency = s.Text(9);
    a.language = s.Text(10);
    a.title = s.Text(11);
    a.text = s.Text(12);
    out[a.id] = std::move(a);
  }
  s.Reset();
  return out;
}

std::map<int64_t, ExportEvent> ExportEvents(Connection& db) {
  std::map<int64_t, ExportEvent> out;
  Statement& s = db.Prepare(
      "SELECT id, article_id, ordinal, coalesce(sentence_begin, -1), coalesce(in_lead, -1) FROM events");
  while (s.Step()) {
    ExportEvent e;
    e.id = s.Int(0);
    e.article_id = s.Int(1);
    e.ordinal = static_cast<int>(s.Int(2));
    e.sentence_begin = s.Int(3);
    e.in_lead = static_cast<int>(s.Int(4));
    out[e.id] = e;
  }
  s.Reset();
  return out;
}

void ForEachFusedRecord(Connection& db, const std::function<void(int64_t, const std::string&)>& fn) {
  Statement& s = db.Prepare("SELECT id, record FROM fused_records ORDER BY id");
  while (s.Step()) fn(s.Int(0), s.Text(1));
  s.Reset();
}

}  // namespace vigie::store
